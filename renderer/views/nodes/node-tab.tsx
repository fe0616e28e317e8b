// One node's tab: its state and resources, its actions, then one of logs, terminal or
// the crictl pane. The terminal stays mounted once opened, so switching sections keeps
// the shell (and what it printed).
import { useMemo, useState } from 'react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { NodeList, NodeSummary } from '../../../main/common/bridge/nodes.js';
import { useBridge } from '../../bridge/bridge-context.js';
import { TerminalPane } from '../../components/terminal/terminal-pane.js';
import { nodeTerminalSource } from '../../components/terminal/terminal-source.js';
import { CriPane } from './cri-pane.js';
import { NodeActions } from './node-actions.js';
import { NodeDetails } from './node-details.js';
import { NodeLogs } from './node-logs.js';
import { useCriView } from './use-cri-view.js';

const SECTIONS = ['logs', 'terminal', 'cri'] as const;
type Section = (typeof SECTIONS)[number];

export function NodeTab({ node, provider }: { node: NodeSummary; provider: NodeList['provider'] }): ReactNode {
  const { t } = useTranslation();
  const client = useBridge();
  const [section, setSection] = useState<Section>('logs');
  const [terminalOpened, setTerminalOpened] = useState(false);
  const cri = useCriView(node.name, section === 'cri');
  const terminal = useMemo(() => nodeTerminalSource(client, node.name), [client, node.name]);
  const pick = (s: Section): void => {
    setSection(s);
    if (s === 'terminal') setTerminalOpened(true);
  };

  return (
    <section className="node-panel" id="node-panel" role="tabpanel" aria-labelledby={`node-tab-${node.name}`} data-node={node.name}>
      <NodeDetails node={node} provider={provider} />
      <NodeActions node={node} provider={provider} />
      <div className="node-sections" role="tablist" aria-label={t('nodes.sections.label')}>
        {SECTIONS.map((s) => (
          <button key={s} type="button" role="tab" data-section={s} aria-selected={s === section} onClick={() => pick(s)}>
            {t(`nodes.sections.${s}`)}
          </button>
        ))}
      </div>
      {section === 'logs' && <NodeLogs node={node.name} provider={provider} pods={cri.view?.apiPods ?? []} onPickContainer={cri.refresh} />}
      {terminalOpened && provider !== null && (
        <div className="node-terminal" hidden={section !== 'terminal'}>
          <p className="muted">{provider === 'qemu' ? t('nodes.terminal.vmHint') : t('nodes.terminal.hostHint')}</p>
          <TerminalPane source={terminal} label={t('nodes.terminal.label', { node: node.name })} />
        </div>
      )}
      {section === 'terminal' && provider === null && <p className="muted">{t('nodes.noProvider')}</p>}
      {section === 'cri' && <CriPane cri={cri} />}
    </section>
  );
}
