// The selected object: its manifest as kubectl -o yaml lays it out, the events about it
// (the end of `kubectl describe`), and Delete behind a confirmation.
import { useState } from 'react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ResourceKind, ResourceRow } from '../../../main/common/bridge/contract.js';
import { ConfirmDialog } from '../../components/confirm-dialog.js';
import { ResourceTableView } from './resource-table.js';
import { useObjectDetail } from './use-object-detail.js';
import { toYamlish } from './yamlish.js';

export interface DetailPaneProps {
  kind: ResourceKind;
  row: ResourceRow;
  onClose: () => void;
  onDelete: (row: ResourceRow) => void;
}

export function DetailPane({ kind, row, onClose, onDelete }: DetailPaneProps): ReactNode {
  const { t } = useTranslation();
  const { detail, error } = useObjectDetail(kind, row);
  const [confirming, setConfirming] = useState(false);
  const what = `${kind}/${row.name}`;
  return (
    <section className="detail" aria-label={what}>
      <div className="detail-head">
        <h2 data-raw="">{what}</h2>
        <button type="button" className="danger" onClick={() => setConfirming(true)}>
          {t('detail.delete')}
        </button>
        <button type="button" onClick={onClose}>
          {t('detail.close')}
        </button>
      </div>
      {error !== undefined && (
        <p className="error" role="alert">
          {t('error.title')}: <span data-raw="">{error}</span>
        </p>
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
      {confirming && (
        <ConfirmDialog
          title={t('confirm.title', { what })}
          body={t('confirm.body')}
          onCancel={() => setConfirming(false)}
          onConfirm={() => {
            setConfirming(false);
            onDelete(row);
          }}
        />
      )}
    </section>
  );
}
