// A node's actions: the provider's (stop, start, restart, crash) and the API's (cordon,
// uncordon, drain, as kubectl does them). The disruptive ones ask first; the result is
// what kubectl would print (data-raw), with the pods a drain evicted or left.
import { useState } from 'react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { DrainReport, NodeAction, NodeList, NodeSummary } from '../../../main/common/bridge/nodes.js';
import { describeError } from '../../bridge/bridge-client.js';
import { useBridge } from '../../bridge/bridge-context.js';
import { ConfirmDialog } from '../../components/confirm-dialog.js';

const ASK_FIRST: readonly NodeAction[] = ['stop', 'restart', 'crash', 'drain'];

type Outcome = { action: NodeAction; message: string; drain?: DrainReport } | { action: NodeAction; error: string };

export function NodeActions({ node, provider }: { node: NodeSummary; provider: NodeList['provider'] }): ReactNode {
  const { t } = useTranslation();
  const client = useBridge();
  const [busy, setBusy] = useState<NodeAction | undefined>();
  const [asking, setAsking] = useState<NodeAction | undefined>();
  const [force, setForce] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | undefined>();
  const running = node.state === 'running';
  const inApi = node.created !== '';

  const enabled: Record<NodeAction, boolean> = {
    stop: provider !== null && node.state !== 'stopped' && node.state !== null,
    start: provider !== null && node.state !== 'running' && node.state !== null,
    restart: provider !== null && node.state !== null,
    crash: provider !== null && running,
    cordon: inApi && !node.unschedulable,
    uncordon: inApi && node.unschedulable,
    drain: inApi,
  };

  const run = (action: NodeAction): void => {
    setAsking(undefined);
    setBusy(action);
    setOutcome(undefined);
    client.call('nodes:action', action === 'drain' ? { name: node.name, action, force } : { name: node.name, action }).then(
      (r) => setOutcome({ action, message: r.message, ...(r.drain ? { drain: r.drain } : {}) }),
      (e: unknown) => setOutcome({ action, error: describeError(e) }),
    ).finally(() => setBusy(undefined));
  };

  return (
    <div className="node-actions">
      {(Object.keys(enabled) as NodeAction[]).map((a) => (
        <button
          key={a}
          type="button"
          data-action={a}
          className={a === 'crash' ? 'danger' : undefined}
          disabled={!enabled[a] || busy !== undefined}
          title={t(`nodes.actions.${a}Hint`)}
          onClick={() => (ASK_FIRST.includes(a) ? setAsking(a) : run(a))}
        >
          {busy === a ? t('nodes.actions.working') : t(`nodes.actions.${a}`)}
        </button>
      ))}
      <label className="drain-force" title={t('nodes.actions.forceHint')}>
        <input type="checkbox" checked={force} onChange={(e) => setForce(e.target.checked)} /> <code>{t('nodes.actions.force')}</code>
      </label>
      {outcome && (
        <div className={'error' in outcome ? 'error' : 'notice'} role="status" data-outcome={outcome.action}>
          {'error' in outcome ? (
            <>
              {t('error.title')}: <span data-raw="">{outcome.error}</span>
            </>
          ) : (
            <span data-raw="">{outcome.message}</span>
          )}
          {'drain' in outcome && outcome.drain && <DrainDetails report={outcome.drain} />}
        </div>
      )}
      {asking && (
        <ConfirmDialog
          title={t(`nodes.confirm.${asking}Title`, { node: node.name })}
          body={t(`nodes.confirm.${asking}Body`, { node: node.name }) + (asking === 'drain' && force ? ` ${t('nodes.confirm.force')}` : '')}
          onConfirm={() => run(asking)}
          onCancel={() => setAsking(undefined)}
        />
      )}
    </div>
  );
}

function DrainDetails({ report }: { report: DrainReport }): ReactNode {
  const { t } = useTranslation();
  return (
    <ul className="drain-report">
      <li>
        {t(report.via === 'eviction' ? 'nodes.drain.evicted' : 'nodes.drain.deleted', { count: report.evicted.length })}{' '}
        <span data-raw="">{report.evicted.join(', ')}</span>
      </li>
      {report.skipped.length > 0 && (
        <li>
          {t('nodes.drain.skipped', { count: report.skipped.length })}{' '}
          <span data-raw="">{report.skipped.map((s) => `${s.pod} (${s.reason})`).join(', ')}</span>
        </li>
      )}
      {report.failed.length > 0 && (
        <li className="error">
          {t('nodes.drain.failed', { count: report.failed.length })} <span data-raw="">{report.failed.map((f) => `${f.pod}: ${f.message}`).join('; ')}</span>
        </li>
      )}
    </ul>
  );
}
