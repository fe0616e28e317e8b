// The Resources view: pick a kind and a namespace, watch the live table, open a row.
// State lives in hooks; deciding (printing, deleting, scaling, rolling out) is main's job
// through the bridge. Owner links switch the kind and select the linked object.
import { useState } from 'react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { NAMESPACED, RESOURCE_KINDS, isResourceKind } from '../../../main/common/bridge/contract.js';
import type { ResourceKind, ResourceLink, ResourceRow } from '../../../main/common/bridge/contract.js';
import { describeError } from '../../bridge/bridge-client.js';
import { useBridge } from '../../bridge/bridge-context.js';
import { DetailPane } from './detail-pane.js';
import type { Notice } from './notice.js';
import { ResourceTableView } from './resource-table.js';
import { useLiveTable } from './use-live-table.js';
import './resources.css';

const ALL = '';

export function ResourcesView(): ReactNode {
  const { t } = useTranslation();
  const client = useBridge();
  const [kind, setKind] = useState<ResourceKind>('pods');
  // kubectl's default: the "default" namespace from the kubeconfig context
  const [namespace, setNamespace] = useState<string>('default');
  const [selected, setSelected] = useState<string | null>(null);
  const [notice, setNotice] = useState<Notice | null>(null);
  const namespaced = NAMESPACED[kind];
  const { table, error } = useLiveTable(kind, namespaced && namespace !== ALL ? namespace : null);
  const namespaces = useLiveTable('namespaces', null).table?.rows.map((r) => r.name) ?? [];
  // the table of the kind before a switch can still be here for one render: never take its row
  const row = table?.kind === kind ? table.rows.find((r) => r.key === selected) : undefined;

  // an owner link: switch to the linked object's kind (and namespace, unless all are shown) and open it
  const openLink = (link: ResourceLink): void => {
    if (link.kind === null) return;
    setKind(link.kind);
    if (link.namespace !== undefined && namespace !== ALL) setNamespace(link.namespace);
    setSelected(link.namespace !== undefined ? `${link.namespace}/${link.name}` : link.name);
  };

  const remove = (r: ResourceRow): void => {
    const what = `${kind}/${r.name}`;
    client.call('resources:delete', r.namespace === undefined ? { kind, name: r.name } : { kind, namespace: r.namespace, name: r.name }).then(
      () => setNotice({ deleted: what }),
      (e: unknown) => setNotice({ error: describeError(e) }),
    );
  };

  return (
    <div className="resources">
      <div className="toolbar">
        <label>
          {t('resources.kind')}
          <select
            value={kind}
            onChange={(e) => {
              if (isResourceKind(e.target.value)) setKind(e.target.value);
              setSelected(null);
            }}
          >
            {RESOURCE_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`kinds.${k}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('resources.namespace')}
          <select
            value={namespaced ? namespace : ALL}
            disabled={!namespaced}
            onChange={(e) => {
              setNamespace(e.target.value);
              setSelected(null);
            }}
          >
            <option value={ALL}>{namespaced ? t('resources.allNamespaces') : t('resources.clusterScoped')}</option>
            {namespaces.map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </label>
        <span className="live" aria-live="polite">
          {table ? `● ${t('resources.live')} · ${t('resources.rows', { count: table.rows.length })}` : t('resources.loading')}
        </span>
      </div>
      {notice && (
        <p className={'error' in notice ? 'error' : 'notice'} role="status">
          {'error' in notice ? (
            <>
              {t('error.title')}: <span data-raw="">{notice.error}</span>
            </>
          ) : 'done' in notice ? (
            <>
              {t('detail.done')}: <span data-raw="">{notice.done}</span>
            </>
          ) : (
            t('detail.deleted', { what: notice.deleted })
          )}
        </p>
      )}
      {error !== undefined && (
        <p className="error" role="alert">
          {t('error.title')}: <span data-raw="">{error}</span>
        </p>
      )}
      <div className="split">
        <div className="table-wrap">
          {table && <ResourceTableView table={table} selected={selected} onSelect={setSelected} />}
          {table && table.rows.length === 0 && (
            <p className="muted">{table.namespace !== null ? t('resources.empty', { namespace: table.namespace }) : t('resources.emptyAll')}</p>
          )}
        </div>
        {row ? (
          <DetailPane key={`${kind}:${row.key}`} kind={kind} row={row} onClose={() => setSelected(null)} onDelete={remove} onNotice={setNotice} onOpenLink={openLink} />
        ) : (
          <p className="detail muted">{selected !== null && table !== undefined ? t('detail.gone') : t('detail.hint')}</p>
        )}
      </div>
    </div>
  );
}
