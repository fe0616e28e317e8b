// The frame every Resources dialog shares (scale, rollout, edit): a modal in the page with
// a title, a body and the caller's buttons; Escape cancels. The shared ConfirmDialog is
// Delete's (its button says Delete), so the other verbs use this one.
import { useEffect, useRef } from 'react';
import type { ReactNode } from 'react';

export interface ModalDialogProps {
  id: string;
  title: string;
  body: string;
  onCancel: () => void;
  /** the dialog's controls; the first focusable one gets the focus */
  children: ReactNode;
  wide?: boolean;
}

export function ModalDialog({ id, title, body, onCancel, children, wide = false }: ModalDialogProps): ReactNode {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => box.current?.querySelector<HTMLElement>('input, textarea, button')?.focus(), []);
  return (
    <div className="overlay" onKeyDown={(e) => e.key === 'Escape' && onCancel()}>
      <div
        ref={box}
        className={wide ? 'dialog resource-dialog wide' : 'dialog resource-dialog'}
        role="dialog"
        aria-modal="true"
        aria-labelledby={`${id}-title`}
        aria-describedby={`${id}-body`}
        data-dialog={id}
      >
        <h2 id={`${id}-title`}>{title}</h2>
        <p id={`${id}-body`}>{body}</p>
        {children}
      </div>
    </div>
  );
}
