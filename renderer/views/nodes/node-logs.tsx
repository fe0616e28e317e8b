// A node's logs in the log pane: the agent's, containerd's, the serial console (VM nodes)
// or a container's (picked from the pods the API server has on the node).
import { useMemo, useState } from 'react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiPodRow, LogOpenParams, LogSource as LogKind, NodeList } from '../../../main/common/bridge/nodes.js';
import { useBridge } from '../../bridge/bridge-context.js';
import { LogPane } from '../../components/log-pane/log-pane.js';
import { nodeLogSource } from '../../components/log-pane/log-source.js';

export function NodeLogs({ node, provider, pods, onPickContainer }: { node: string; provider: NodeList['provider']; pods: ApiPodRow[]; onPickContainer: () => void }): ReactNode {
  const { t } = useTranslation();
  const client = useBridge();
  const kinds: LogKind[] = provider === 'qemu' ? ['agent', 'containerd', 'console', 'container'] : ['agent', 'containerd', 'container'];
  const [kind, setKind] = useState<LogKind>('agent');
  // "namespace/pod/container"
  const [target, setTarget] = useState('');
  const targets = pods.flatMap((p) => (p.containers.length > 0 ? p.containers.map((c) => `${p.namespace}/${p.name}/${c.name}`) : [`${p.namespace}/${p.name}/`]));
  const params = useMemo<LogOpenParams | undefined>(() => {
    if (kind !== 'container') return { source: kind, node };
    const [namespace, pod, container] = target.split('/');
    if (!namespace || !pod) return undefined;
    return { source: 'container', namespace, pod, ...(container ? { container } : {}) };
  }, [kind, node, target]);
  const source = useMemo(() => (params ? nodeLogSource(client, params) : undefined), [client, params]);

  return (
    <div className="node-logs">
      <div className="toolbar">
        <label>
          {t('nodes.logs.source')}
          <select
            value={kind}
            data-testid="log-source"
            onChange={(e) => {
              const k = kinds.find((x) => x === e.target.value);
              if (!k) return;
              setKind(k);
              if (k === 'container') onPickContainer();
            }}
          >
            {kinds.map((k) => (
              <option key={k} value={k}>
                {t(`nodes.logs.${k}`)}
              </option>
            ))}
          </select>
        </label>
        {kind === 'container' && (
          <label>
            {t('nodes.logs.container')}
            <select value={target} data-testid="log-container" onChange={(e) => setTarget(e.target.value)}>
              <option value="">{targets.length > 0 ? t('nodes.logs.pick') : t('nodes.logs.noPods')}</option>
              {targets.map((x) => (
                <option key={x} value={x} data-raw="">
                  {x}
                </option>
              ))}
            </select>
          </label>
        )}
        <span className="muted">{t(`nodes.logs.${kind}Hint`)}</span>
      </div>
      {source && <LogPane key={source.key} source={source} label={t('nodes.logs.label', { node })} />}
    </div>
  );
}
