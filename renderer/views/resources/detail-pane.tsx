// The selected object as `kubectl describe` tells it: the manifest (as kubectl -o yaml lays
// it out), its owners and what it owns as links, the events about it, and the verbs
// (scale, rollout restart/undo, edit, delete), each behind its own dialog; a pod's logs
// and a terminal in its containers (./pod-io.tsx).
import { useState } from 'react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ActionResult, ResourceKind, ResourceLink, ResourceRow } from '../../../main/common/bridge/contract.js';
import { describeError } from '../../bridge/bridge-client.js';
import { useBridge } from '../../bridge/bridge-context.js';
import { ConfirmDialog } from '../../components/confirm-dialog.js';
import { RolloutDialog, ScaleDialog } from './action-dialogs.js';
import { DetailActions } from './detail-actions.js';
import type { DetailDialog } from './detail-actions.js';
import { EditDialog } from './edit-dialog.js';
import type { Notice } from './notice.js';
import { OwnerLinks } from './owner-links.js';
import { usePodIo } from './pod-io.js';
import { ResourceTableView } from './resource-table.js';
import { useObjectDetail } from './use-object-detail.js';
import { toYamlish } from './yamlish.js';

export interface DetailPaneProps {
  kind: ResourceKind;
  row: ResourceRow;
  onClose: () => void;
  onDelete: (row: ResourceRow) => void;
  onNotice: (notice: Notice) => void;
  onOpenLink: (link: ResourceLink) => void;
}

/** spec.replicas, or the API's default of 1 when unset */
function replicasOf(object: unknown): number {
  const spec = (object as { spec?: { replicas?: unknown } } | undefined)?.spec;
  return typeof spec?.replicas === 'number' ? spec.replicas : 1;
}

export function DetailPane({ kind, row, onClose, onDelete, onNotice, onOpenLink }: DetailPaneProps): ReactNode {
  const { t } = useTranslation();
  const client = useBridge();
  const { detail, error } = useObjectDetail(kind, row);
  const [dialog, setDialog] = useState<DetailDialog | null>(null);
  const podIo = usePodIo(kind, row, detail?.object);
  const what = `${kind}/${row.name}`;
  const ref = row.namespace === undefined ? { kind, name: row.name } : { kind, namespace: row.namespace, name: row.name };

  const run = (call: Promise<ActionResult>): void => {
    setDialog(null);
    call.then(
      (r) => onNotice({ done: r.message }),
      (e: unknown) => onNotice({ error: describeError(e) }),
    );
  };

  return (
    <section className="detail" aria-label={what}>
      <div className="detail-head">
        <h2 data-raw="">{what}</h2>
        <button type="button" onClick={onClose}>
          {t('detail.close')}
        </button>
      </div>
      <DetailActions kind={kind} onOpen={setDialog} podIo={podIo.controls} />
      {podIo.pane}
      {error !== undefined && (
        <p className="error" role="alert">
          {t('error.title')}: <span data-raw="">{error}</span>
        </p>
      )}
      <h3>{t('detail.owners')}</h3>
      {detail && detail.owners.length > 0 ? <OwnerLinks rel="owners" links={detail.owners} onOpen={onOpenLink} /> : <p className="muted">{t('detail.noOwners')}</p>}
      {detail && detail.owned.length > 0 && (
        <>
          <h3>{t('detail.owned')}</h3>
          <OwnerLinks rel="owned" links={detail.owned} onOpen={onOpenLink} />
        </>
      )}
      <h3>{t('detail.object')}</h3>
      <pre className="manifest" data-raw="">
        {detail ? toYamlish(detail.object) : ''}
      </pre>
      <h3>{t('detail.events')}</h3>
      {detail && detail.events.rows.length > 0 ? (
        <ResourceTableView table={detail.events} selected={null} onSelect={() => undefined} />
      ) : (
        <p className="muted">{t('detail.noEvents')}</p>
      )}
      {dialog === 'delete' && (
        <ConfirmDialog
          title={t('confirm.title', { what })}
          body={t('confirm.body')}
          onCancel={() => setDialog(null)}
          onConfirm={() => {
            setDialog(null);
            onDelete(row);
          }}
        />
      )}
      {dialog === 'scale' && (
        <ScaleDialog what={what} current={replicasOf(detail?.object)} onCancel={() => setDialog(null)} onScale={(replicas) => run(client.call('resources:scale', { ...ref, replicas }))} />
      )}
      {(dialog === 'restart' || dialog === 'undo') && (
        <RolloutDialog
          verb={dialog}
          what={what}
          onCancel={() => setDialog(null)}
          onConfirm={() => run(dialog === 'restart' ? client.call('resources:restart', ref) : client.call('resources:undo', ref))}
        />
      )}
      {dialog === 'edit' && (
        <EditDialog
          kind={kind}
          name={row.name}
          namespace={row.namespace}
          what={what}
          onCancel={() => setDialog(null)}
          onSaved={(message) => {
            setDialog(null);
            onNotice({ done: message });
          }}
        />
      )}
    </section>
  );
}
