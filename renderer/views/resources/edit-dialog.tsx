// `kubectl edit` in a dialog: the object as YAML in a plain textarea (the Editor view is
// the full editor), Save sends the text back and main PUTs it with the resourceVersion it
// carries. A failure (409 Conflict, a 422 from validation, a YAML error) is shown here with
// the text kept, as kubectl edit reopens the file with the error.
import { useCallback, useEffect, useState } from 'react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ResourceKind, ResourceRef } from '../../../main/common/bridge/contract.js';
import { describeError } from '../../bridge/bridge-client.js';
import { useBridge } from '../../bridge/bridge-context.js';
import { ModalDialog } from './modal-dialog.js';

export interface EditDialogProps {
  kind: ResourceKind;
  name: string;
  namespace: string | undefined;
  what: string;
  onSaved: (message: string) => void;
  onCancel: () => void;
}

export function EditDialog({ kind, name, namespace, what, onSaved, onCancel }: EditDialogProps): ReactNode {
  const { t } = useTranslation();
  const client = useBridge();
  const [text, setText] = useState<string | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const ref: ResourceRef = namespace === undefined ? { kind, name } : { kind, namespace, name };

  const load = useCallback(() => {
    setText(undefined);
    setError(undefined);
    client.call('resources:yaml', namespace === undefined ? { kind, name } : { kind, namespace, name }).then(
      (r) => setText(r.yaml),
      (e: unknown) => setError(describeError(e)),
    );
  }, [client, kind, name, namespace]);
  useEffect(load, [load]);

  const save = (): void => {
    if (text === undefined) return;
    setBusy(true);
    setError(undefined);
    client.call('resources:replace', { ...ref, yaml: text }).then(
      (r) => onSaved(r.message),
      (e: unknown) => {
        setBusy(false);
        setError(describeError(e));
      },
    );
  };

  return (
    <ModalDialog id="edit" title={t('confirm.editTitle', { what })} body={t('confirm.editBody')} onCancel={onCancel} wide>
      {text === undefined && error === undefined && <p className="muted">{t('confirm.editLoading')}</p>}
      {text !== undefined && <textarea className="yaml-edit" data-raw="" spellCheck={false} value={text} onChange={(e) => setText(e.target.value)} aria-label={t('confirm.editTitle', { what })} />}
      {error !== undefined && (
        <p className="error" role="alert">
          {t('error.title')}: <span data-raw="">{error}</span>
        </p>
      )}
      <div className="dialog-actions">
        <button type="button" onClick={load}>
          {t('confirm.reload')}
        </button>
        <button type="button" onClick={onCancel}>
          {t('confirm.cancel')}
        </button>
        <button type="button" className="primary" onClick={save} disabled={text === undefined || busy}>
          {t('confirm.save')}
        </button>
      </div>
    </ModalDialog>
  );
}
