// A node's state and resources: the provider's state beside the API's Ready condition
// and the rest of what `kubectl describe node` opens with. Values are cluster data (data-raw).
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { NodeList, NodeSummary } from '../../../main/common/bridge/nodes.js';

const RESOURCES = ['cpu', 'memory', 'pods', 'ephemeral-storage'] as const;

export function NodeDetails({ node, provider }: { node: NodeSummary; provider: NodeList['provider'] }): ReactNode {
  const { t } = useTranslation();
  const raw = (v: string): ReactNode => (v ? <span data-raw="">{v}</span> : <span className="muted">{t('nodes.details.none')}</span>);
  return (
    <div className="node-details">
      <div className="node-head">
        <h2 data-raw="">{node.name}</h2>
        <span className={`badge status ${node.ready === 'True' ? 'ok' : 'bad'}`} data-raw="" data-testid="node-status">
          {node.status}
        </span>
        <span className={`badge state ${node.state ?? 'none'}`} data-state={node.state ?? 'none'}>
          {node.state ? t(`nodes.state.${node.state}`) : t('nodes.state.none')}
          {provider && <> · {t(`nodes.provider.${provider}`)}</>}
        </span>
      </div>
      <dl className="node-facts">
        <dt>{t('nodes.details.ready')}</dt>
        <dd>
          {raw([node.ready ?? '', node.readyReason].filter(Boolean).join(' · '))}
          {node.readyMessage && (
            <span className="muted" data-raw="">
              {' '}
              ({node.readyMessage})
            </span>
          )}
        </dd>
        <dt>{t('nodes.details.roles')}</dt>
        <dd>{raw(node.roles)}</dd>
        <dt>{t('nodes.details.addresses')}</dt>
        <dd>{raw(node.addresses.map((a) => `${a.type}: ${a.address}`).join(', '))}</dd>
        <dt>{t('nodes.details.podCIDR')}</dt>
        <dd>{raw(node.podCIDR)}</dd>
        <dt>{t('nodes.details.pods')}</dt>
        <dd data-raw="">
          {node.podCount}
          {node.allocatable.pods ? ` / ${node.allocatable.pods}` : ''}
        </dd>
        <dt>{t('nodes.details.schedulable')}</dt>
        <dd>{node.unschedulable ? t('nodes.details.cordoned') : t('nodes.details.schedulableYes')}</dd>
        <dt>{t('nodes.details.taints')}</dt>
        <dd>{raw(node.taints.join(', '))}</dd>
        <dt>{t('nodes.details.kubelet')}</dt>
        <dd>{raw(node.kubeletVersion)}</dd>
        <dt>{t('nodes.details.runtime')}</dt>
        <dd>{raw(node.containerRuntimeVersion)}</dd>
        <dt>{t('nodes.details.os')}</dt>
        <dd>{raw(node.osImage)}</dd>
      </dl>
      <table className="node-resources">
        <thead>
          <tr>
            <th />
            {RESOURCES.map((r) => (
              <th key={r} data-raw="">
                {r}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          <tr>
            <th scope="row">{t('nodes.details.capacity')}</th>
            {RESOURCES.map((r) => (
              <td key={r} data-raw="">
                {node.capacity[r] ?? '–'}
              </td>
            ))}
          </tr>
          <tr>
            <th scope="row">{t('nodes.details.allocatable')}</th>
            {RESOURCES.map((r) => (
              <td key={r} data-raw="">
                {node.allocatable[r] ?? '–'}
              </td>
            ))}
          </tr>
        </tbody>
      </table>
    </div>
  );
}
