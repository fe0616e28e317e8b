// Scale and rollout restart / undo: one question each, then one bridge call. The answer
// (kubectl's own words, or the API server's Status) goes back to the view as a notice.
import { useState } from 'react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ModalDialog } from './modal-dialog.js';

export interface ScaleDialogProps {
  what: string;
  current: number;
  onScale: (replicas: number) => void;
  onCancel: () => void;
}

export function ScaleDialog({ what, current, onScale, onCancel }: ScaleDialogProps): ReactNode {
  const { t } = useTranslation();
  const [value, setValue] = useState(String(current));
  const replicas = Number(value);
  const valid = value.trim() !== '' && Number.isInteger(replicas) && replicas >= 0;
  return (
    <ModalDialog id="scale" title={t('confirm.scaleTitle', { what })} body={t('confirm.scaleBody')} onCancel={onCancel}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (valid) onScale(replicas);
        }}
      >
        <label className="dialog-field">
          {t('confirm.replicas')}
          <input type="number" name="replicas" min={0} step={1} value={value} onChange={(e) => setValue(e.target.value)} />
        </label>
        <div className="dialog-actions">
          <button type="button" onClick={onCancel}>
            {t('confirm.cancel')}
          </button>
          <button type="submit" className="primary" disabled={!valid}>
            {t('confirm.scaleConfirm')}
          </button>
        </div>
      </form>
    </ModalDialog>
  );
}

export interface RolloutDialogProps {
  verb: 'restart' | 'undo';
  what: string;
  onConfirm: () => void;
  onCancel: () => void;
}

export function RolloutDialog({ verb, what, onConfirm, onCancel }: RolloutDialogProps): ReactNode {
  const { t } = useTranslation();
  const title = verb === 'restart' ? t('confirm.restartTitle', { what }) : t('confirm.undoTitle', { what });
  const body = verb === 'restart' ? t('confirm.restartBody') : t('confirm.undoBody');
  return (
    <ModalDialog id={verb} title={title} body={body} onCancel={onCancel}>
      <div className="dialog-actions">
        <button type="button" onClick={onCancel}>
          {t('confirm.cancel')}
        </button>
        <button type="button" className="primary" onClick={onConfirm}>
          {verb === 'restart' ? t('confirm.restartConfirm') : t('confirm.undoConfirm')}
        </button>
      </div>
    </ModalDialog>
  );
}
