// The lab's context offered for the user's own kubeconfig: what changes is shown first
// (file, backup, entries, a diff with certificate data shortened); writing needs a click.
import { useState } from 'react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { KubeconfigPlan } from '../../../main/common/bridge/setup.js';
import { describeError } from '../../bridge/bridge-client.js';
import { useBridge } from '../../bridge/bridge-context.js';

/** the file already holds exactly the lab's entries: nothing to write */
const upToDate = (plan: KubeconfigPlan): boolean => plan.changes.every((c) => c.action === 'unchanged');

export function KubeconfigPanel({ running }: { running: boolean }): ReactNode {
  const { t } = useTranslation();
  const client = useBridge();
  const [setCurrent, setSetCurrent] = useState(false);
  const [plan, setPlan] = useState<KubeconfigPlan | undefined>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const [merged, setMerged] = useState<string | undefined>();

  const preview = (current: boolean): void => {
    setBusy(true);
    setError(undefined);
    setMerged(undefined);
    client
      .call('setup:kubeconfigPreview', { setCurrentContext: current })
      .then(setPlan, (e: unknown) => setError(describeError(e)))
      .finally(() => setBusy(false));
  };
  const merge = (): void => {
    if (!plan) return;
    setBusy(true);
    setError(undefined);
    client
      .call('setup:kubeconfigMerge', { setCurrentContext: setCurrent, baseDigest: plan.baseDigest })
      .then(
        (r) => {
          setMerged(r.path);
          setPlan(undefined);
        },
        (e: unknown) => setError(describeError(e)),
      )
      .finally(() => setBusy(false));
  };

  return (
    <section className="setup-card setup-kubeconfig" aria-label={t('setup.kubeconfig.heading')}>
      <h3>{t('setup.kubeconfig.heading')}</h3>
      <p>{t('setup.kubeconfig.body')}</p>
      {!running ? (
        <p className="muted">{t('setup.kubeconfig.notRunning')}</p>
      ) : (
        <>
          <label className="setup-check">
            <input
              type="checkbox"
              name="setCurrentContext"
              checked={setCurrent}
              onChange={(e) => {
                setSetCurrent(e.target.checked);
                if (plan) preview(e.target.checked); // the preview must match what will be written
              }}
            />
            {t('setup.kubeconfig.setCurrent')}
          </label>
          <button type="button" className="kubeconfig-preview" disabled={busy} onClick={() => preview(setCurrent)}>
            {t('setup.kubeconfig.preview')}
          </button>
        </>
      )}
      {plan && <PlanView plan={plan} />}
      {plan && upToDate(plan) && <p className="setup-ok">{t('setup.kubeconfig.upToDate')}</p>}
      {plan && !upToDate(plan) && (
        <button type="button" className="primary kubeconfig-merge" disabled={busy} onClick={merge}>
          {busy ? t('setup.kubeconfig.merging') : t('setup.kubeconfig.merge')}
        </button>
      )}
      {merged && (
        <p className="setup-ok" role="status">
          {t('setup.kubeconfig.merged')}{' '}
          <code data-raw="">{`kubectl --kubeconfig ${merged} --context k8s-lab get nodes`}</code>
        </p>
      )}
      {error && (
        <p className="error" role="alert">
          {t('setup.error', { message: '' })}
          <span data-raw="">{error}</span>
        </p>
      )}
    </section>
  );
}

function PlanView({ plan }: { plan: KubeconfigPlan }): ReactNode {
  const { t } = useTranslation();
  const kept = [...plan.kept.clusters.map((n) => ['clusters', n]), ...plan.kept.users.map((n) => ['users', n]), ...plan.kept.contexts.map((n) => ['contexts', n])] as const;
  return (
    <div className="kubeconfig-plan">
      <dl className="setup-facts">
        <dt>{t('setup.kubeconfig.target')}</dt>
        <dd data-raw="" className="kubeconfig-path">
          {plan.path}
        </dd>
        {plan.backupPath && (
          <>
            <dt>{t('setup.kubeconfig.backup')}</dt>
            <dd data-raw="">{plan.backupPath}</dd>
          </>
        )}
      </dl>
      {!plan.exists && <p className="muted">{t('setup.kubeconfig.newFile')}</p>}
      <h4>{t('setup.kubeconfig.changes')}</h4>
      <ul className="kubeconfig-changes">
        {plan.changes.map((c) => (
          <li key={`${c.section}/${c.name}`} data-action={c.action}>
            {t(`setup.kubeconfig.section.${c.section}`)} <code data-raw="">{c.name}</code>: {t(`setup.kubeconfig.action.${c.action}`)}
          </li>
        ))}
      </ul>
      <p>{t('setup.kubeconfig.currentContext', { before: plan.currentContext.before ?? t('setup.kubeconfig.none'), after: plan.currentContext.after ?? t('setup.kubeconfig.none') })}</p>
      <h4>{t('setup.kubeconfig.kept')}</h4>
      {kept.length === 0 ? (
        <p className="muted">{t('setup.kubeconfig.keptNone')}</p>
      ) : (
        <ul className="kubeconfig-kept">
          {kept.map(([section, name]) => (
            <li key={`${section}/${name}`}>
              {t(`setup.kubeconfig.section.${section}`)} <code data-raw="">{name}</code>
            </li>
          ))}
        </ul>
      )}
      {!upToDate(plan) && (
        <>
          <h4>{t('setup.kubeconfig.diff')}</h4>
          <pre className="kubeconfig-diff" data-raw="">
            {plan.diff.map((l, i) => (
              <span key={i} className={l.op === '+' ? 'add' : l.op === '-' ? 'del' : 'same'}>
                {`${l.op} ${l.text}\n`}
              </span>
            ))}
          </pre>
        </>
      )}
    </div>
  );
}
