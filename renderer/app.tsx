// The app shell: header, the views in the left nav, the chosen view.
import { useState } from 'react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { AppHeader } from './components/app-header.js';
import { ComingPanel } from './views/coming/coming-panel.js';
import { ResourcesView } from './views/resources/resources-view.js';

const VIEWS = ['architecture', 'resources', 'editor', 'nodes', 'runtimes', 'setup'] as const;
type View = (typeof VIEWS)[number];

export function App(): ReactNode {
  const { t } = useTranslation();
  const [view, setView] = useState<View>('resources');
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
      <main className="view">{view === 'resources' ? <ResourcesView /> : <ComingPanel title={t(`nav.${view}`)} />}</main>
    </div>
  );
}
