// The running lab: provider, API server, data folder, its nodes; add and remove nodes
// (their progress shows in the progress panel as it happens).
import { useState } from 'react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { SetupState } from '../../../main/common/bridge/setup.js';
import { describeError } from '../../bridge/bridge-client.js';
import { useBridge } from '../../bridge/bridge-context.js';
import { ConfirmDialog } from '../../components/confirm-dialog.js';

type Lab = NonNullable<SetupState['lab']>;

export function LabPanel({ lab, onChanged }: { lab: Lab; onChanged: () => void }): ReactNode {
  const { t } = useTranslation();
  const client = useBridge();
  const [name, setName] = useState('');
  const [busy, setBusy] = useState<string | undefined>();
  // a success is kept as its key, so it follows a language switch; an error is raw text
  const [message, setMessage] = useState<{ ok: true; key: string; name: string } | { ok: false; text: string } | undefined>();
  const [removing, setRemoving] = useState<string | undefined>();

  const run = (what: string, action: () => Promise<{ key: string; name: string }>): void => {
    setBusy(what);
    setMessage(undefined);
    action()
      .then((done) => setMessage({ ok: true, ...done }))
      .catch((e: unknown) => setMessage({ ok: false, text: describeError(e) }))
      .finally(() => {
        setBusy(undefined);
        onChanged();
      });
  };
  const add = (): void =>
    run('add', async () => {
      const node = await client.call('setup:addNode', name.trim() ? { name: name.trim() } : {});
      setName('');
      return { key: 'setup.lab.added', name: node.name };
    });
  const remove = (node: string): void => run(`remove:${node}`, async () => ({ key: 'setup.lab.removed', name: (await client.call('setup:removeNode', { name: node })).removed }));

  return (
    <section className="setup-card setup-lab" aria-label={t('setup.lab.heading')}>
      <h3>{t('setup.lab.heading')}</h3>
      <dl className="setup-facts">
        <dt>{t('setup.lab.provider')}</dt>
        <dd className="lab-provider" data-raw="">
          {lab.provider ?? '—'}
        </dd>
        <dt>{t('setup.lab.apiServer')}</dt>
        <dd data-raw="">{lab.apiServer}</dd>
        <dt>{t('setup.lab.dataDir')}</dt>
        <dd data-raw="">{lab.dataDir}</dd>
      </dl>
      {lab.provider === null ? (
        <p className="muted">{t('setup.lab.noProvider')}</p>
      ) : (
        <>
          <h4>{t('setup.lab.nodes')}</h4>
          {lab.nodes.length === 0 && <p className="muted">{t('setup.lab.noNodes')}</p>}
          <ul className="setup-nodes">
            {lab.nodes.map((n) => (
              <li key={n.name} data-node={n.name}>
                <span data-raw="">{n.name}</span>
                <span data-raw="" className="muted">
                  {n.ip}
                </span>
                <span className={`node-state ${n.state}`}>{t(`setup.lab.state.${n.state}`)}</span>
                <button type="button" className="danger" disabled={busy !== undefined} onClick={() => setRemoving(n.name)}>
                  {busy === `remove:${n.name}` ? t('setup.lab.removing') : t('setup.lab.remove')}
                </button>
              </li>
            ))}
          </ul>
          <div className="setup-add">
            <label>
              {t('setup.lab.nodeName')}
              <input type="text" name="nodeName" value={name} maxLength={40} onChange={(e) => setName(e.target.value)} />
            </label>
            <button type="button" className="primary" disabled={busy !== undefined} onClick={add}>
              {busy === 'add' ? t('setup.lab.adding') : t('setup.lab.add')}
            </button>
          </div>
        </>
      )}
      {message && (
        <p className={message.ok ? 'setup-ok' : 'error'} role={message.ok ? 'status' : 'alert'}>
          {message.ok ? t(message.key, { name: message.name }) : <span data-raw="">{message.text}</span>}
        </p>
      )}
      {removing && (
        <ConfirmDialog
          title={t('setup.lab.remove')}
          body={t('setup.lab.confirmRemove', { name: removing })}
          onCancel={() => setRemoving(undefined)}
          onConfirm={() => {
            const node = removing;
            setRemoving(undefined);
            remove(node);
          }}
        />
      )}
    </section>
  );
}
