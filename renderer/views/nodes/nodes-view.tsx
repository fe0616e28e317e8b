// The Nodes view: one tab per node (the provider's nodes and the API's Node objects,
// joined and live), each with its state and resources, actions, logs, a terminal and
// the crictl pane. State lives in hooks; main decides (./use-node-list.ts, nodes:*).
import { useState } from 'react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { NodeTab } from './node-tab.js';
import { useNodeList } from './use-node-list.js';
import './nodes.css';

export function NodesView(): ReactNode {
  const { t } = useTranslation();
  const { list, error } = useNodeList();
  const [picked, setPicked] = useState<string | undefined>();
  const nodes = list?.nodes ?? [];
  const selected = nodes.find((n) => n.name === picked) ?? nodes[0];

  return (
    <div className="nodes">
      {error !== undefined && (
        <p className="error" role="alert">
          {t('error.title')}: <span data-raw="">{error}</span>
        </p>
      )}
      {!list && error === undefined && <p className="muted">{t('nodes.loading')}</p>}
      {list && nodes.length === 0 && <p className="muted">{t('nodes.none')}</p>}
      {nodes.length > 0 && (
        <div className="node-tabs" role="tablist" aria-label={t('nodes.title')}>
          {nodes.map((n) => (
            <button
              key={n.name}
              type="button"
              role="tab"
              id={`node-tab-${n.name}`}
              data-node={n.name}
              aria-selected={n.name === selected?.name}
              aria-controls="node-panel"
              onClick={() => setPicked(n.name)}
            >
              <span className={`dot ${n.ready === 'True' ? 'ok' : n.state === 'crashed' || n.ready === 'False' || n.ready === 'Unknown' ? 'bad' : 'idle'}`} aria-hidden="true" />
              <span data-raw="">{n.name}</span>
            </button>
          ))}
        </div>
      )}
      {selected && list && <NodeTab key={selected.name} node={selected} provider={list.provider} />}
    </div>
  );
}
