// Loads a live object into the editor (`kubectl get KIND NAME -o yaml`, minus what the server owns).
import { useState } from 'react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ManifestSchema } from '../../../main/common/bridge/manifests.js';

export function LoadLive({ schema, busy, onLoad }: { schema: ManifestSchema | null; busy: boolean; onLoad: (resource: string, name: string) => void }): ReactNode {
  const { t } = useTranslation();
  const [resource, setResource] = useState('deployments');
  const [name, setName] = useState('');
  // one entry per resource; the core group's kind wins (events), as with kubectl
  const kinds = [...new Map((schema?.kinds ?? []).filter((k) => k.resource !== 'bindings').map((k) => [k.resource, k])).values()];
  return (
    <form
      className="load-live"
      onSubmit={(e) => {
        e.preventDefault();
        if (name.trim()) onLoad(resource, name.trim());
      }}
    >
      <span className="muted">{t('editor.load.title')}</span>
      <label>
        {t('editor.load.kind')}
        <select data-raw value={resource} onChange={(e) => setResource(e.target.value)}>
          {kinds.map((k) => (
            <option key={k.resource} value={k.resource}>
              {k.kind}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('editor.load.name')}
        <input className="load-name" value={name} onChange={(e) => setName(e.target.value)} spellCheck={false} />
      </label>
      <button type="submit" disabled={busy || !name.trim()}>
        {t('editor.load.button')}
      </button>
    </form>
  );
}
