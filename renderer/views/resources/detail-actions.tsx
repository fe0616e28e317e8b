// The detail pane's verbs, offered where kubectl offers them: scale for Deployments,
// ReplicaSets and ReplicationControllers, rollout restart for Deployments and DaemonSets,
// rollout undo for Deployments, edit and delete for everything; a pod's Logs and Exec.
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { isRestartable, isScalable } from '../../../main/common/bridge/contract.js';
import type { ResourceKind } from '../../../main/common/bridge/contract.js';

export type DetailDialog = 'delete' | 'scale' | 'edit' | 'restart' | 'undo';

export interface DetailActionsProps {
  kind: ResourceKind;
  onOpen: (dialog: DetailDialog) => void;
  /** a pod's Logs and Exec controls (./pod-io.tsx), shown in the pod's slot */
  podIo?: ReactNode;
}

export function DetailActions({ kind, onOpen, podIo }: DetailActionsProps): ReactNode {
  const { t } = useTranslation();
  return (
    <div className="detail-actions" role="toolbar" aria-label={t('detail.actions')}>
      {isScalable(kind) && (
        <button type="button" data-action="scale" onClick={() => onOpen('scale')}>
          {t('detail.scale')}
        </button>
      )}
      {isRestartable(kind) && (
        <button type="button" data-action="restart" onClick={() => onOpen('restart')}>
          {t('detail.restart')}
        </button>
      )}
      {kind === 'deployments' && (
        <button type="button" data-action="undo" onClick={() => onOpen('undo')}>
          {t('detail.undo')}
        </button>
      )}
      <button type="button" data-action="edit" onClick={() => onOpen('edit')}>
        {t('detail.edit')}
      </button>
      {kind === 'pods' && (
        <span className="detail-actions-slot" data-slot="pod-logs-exec">
          {podIo}
        </span>
      )}
      <button type="button" className="danger" data-action="delete" onClick={() => onOpen('delete')}>
        {t('detail.delete')}
      </button>
    </div>
  );
}
