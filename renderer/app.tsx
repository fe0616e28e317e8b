// The app shell: header, the views in the left nav, the chosen view.
import { useState } from 'react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { AppHeader } from './components/app-header.js';
import { ArchitectureView } from './views/architecture/architecture-view.js';
import { EditorView } from './views/editor/editor-view.js';
import { NodesView } from './views/nodes/nodes-view.js';
import { ResourcesView } from './views/resources/resources-view.js';
import { RuntimesView } from './views/runtimes/runtimes-view.js';
import { SetupView } from './views/setup/setup-view.js';
import { useFirstRunView } from './views/setup/use-first-run.js';

const VIEWS = ['architecture', 'resources', 'editor', 'nodes', 'runtimes', 'setup'] as const;
type View = (typeof VIEWS)[number];

const VIEW_COMPONENTS: Record<View, () => ReactNode> = {
  architecture: ArchitectureView,
  resources: ResourcesView,
  editor: EditorView,
  nodes: NodesView,
  runtimes: RuntimesView,
  setup: SetupView,
};

export function App(): ReactNode {
  const { t } = useTranslation();
  const [view, setView] = useState<View>('resources');
  useFirstRunView(() => setView('setup'));
  const Current = VIEW_COMPONENTS[view];
  return (
    <div className="shell">
      <AppHeader />
      <nav className="app-nav" aria-label={t('nav.label')}>
        <ul>
          {VIEWS.map((v) => (
            <li key={v}>
              <button type="button" aria-current={v === view ? 'page' : undefined} onClick={() => setView(v)}>
                {t(`nav.${v}`)}
              </button>
            </li>
          ))}
        </ul>
      </nav>
      <main className="view" data-view={view}>
        <Current />
      </main>
    </div>
  );
}
