// A reusable list of progress steps (the lab start, adding a node, applying manifests,
// pulling images): each step's title in the UI's language, its state, how long it took
// or has taken, its percent when known, and its raw detail (an address, a log line).
import { useEffect, useState } from 'react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { progressSummary } from '../../../main/common/bridge/setup.js';
import type { ProgressStep } from '../../../main/common/bridge/setup.js';
import './progress.css';

export interface ProgressListProps {
  steps: readonly ProgressStep[];
  /** a heading for the list (e.g. the action's name) */
  title?: string;
  /** show "n of m steps finished" under the heading */
  summary?: boolean;
}

/** ticks once a second while a step runs, so its elapsed time moves */
function useNow(active: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [active]);
  return now;
}

export function ProgressList({ steps, title, summary }: ProgressListProps): ReactNode {
  const { t } = useTranslation();
  const sum = progressSummary(steps);
  const now = useNow(sum.running > 0);
  return (
    <section className="progress-list" aria-label={title ?? t('progress.label')} data-running={sum.running > 0 ? 'true' : 'false'}>
      {title !== undefined && <h4>{title}</h4>}
      {summary && <p className="progress-summary">{t('progress.summary', { finished: sum.finished, total: sum.total })}</p>}
      <ol>
        {steps.map((s) => (
          <ProgressItem key={s.id} step={s} now={now} />
        ))}
      </ol>
    </section>
  );
}

function ProgressItem({ step, now }: { step: ProgressStep; now: number }): ReactNode {
  const { t } = useTranslation();
  const elapsed = step.state === 'pending' ? undefined : ((step.endedAt ?? now) - step.startedAt) / 1000;
  return (
    <li className={`progress-step ${step.state}`} data-step={step.id} data-state={step.state}>
      <span className="progress-icon" aria-hidden="true" />
      <span className="progress-title">{t(step.title.key, step.title.params ?? {})}</span>
      <span className="progress-state">{t(`progress.state.${step.state}`)}</span>
      {elapsed !== undefined && <span className="progress-time">{t('progress.seconds', { seconds: Math.max(0, elapsed).toFixed(1) })}</span>}
      {step.percent !== undefined && step.state === 'running' && (
        <span className="progress-bar" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={step.percent}>
          <span className="progress-fill" style={{ width: `${step.percent}%` }} />
          <span className="progress-percent">{t('progress.percent', { percent: step.percent })}</span>
        </span>
      )}
      {step.detail !== undefined && step.detail !== '' && (
        <span className="progress-detail" data-raw="">
          {step.detail}
        </span>
      )}
    </li>
  );
}
