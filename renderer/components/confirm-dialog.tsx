// A modal confirmation in the page itself (window.confirm's buttons would be in the
// browser's language, not the one picked in the header).
import { useEffect, useRef } from 'react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

export interface ConfirmDialogProps {
  title: string;
  body: string;
  onConfirm: () => void;
  onCancel: () => void;
}

export function ConfirmDialog({ title, body, onConfirm, onCancel }: ConfirmDialogProps): ReactNode {
  const { t } = useTranslation();
  const cancel = useRef<HTMLButtonElement>(null);
  useEffect(() => cancel.current?.focus(), []);
  return (
    <div className="overlay" onKeyDown={(e) => e.key === 'Escape' && onCancel()}>
      <div className="dialog" role="alertdialog" aria-modal="true" aria-labelledby="confirm-title" aria-describedby="confirm-body">
        <h2 id="confirm-title">{title}</h2>
        <p id="confirm-body">{body}</p>
        <div className="dialog-actions">
          <button ref={cancel} type="button" onClick={onCancel}>
            {t('confirm.cancel')}
          </button>
          <button type="button" className="danger" onClick={onConfirm}>
            {t('confirm.confirm')}
          </button>
        </div>
      </div>
    </div>
  );
}
