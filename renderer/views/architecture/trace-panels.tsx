// The trace beside the drawing: the list of stories (newest first), the steps of the
// chosen one in time order, and a step's raw request and response.
import { useEffect, useState } from 'react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { StepDetail, TraceStep } from '../../../main/common/bridge/trace.js';
import { describeError } from '../../bridge/bridge-client.js';
import { useBridge } from '../../bridge/bridge-context.js';
import type { Story } from './trace-model.js';
import { stepLabel, summarize } from './trace-model.js';

function clock(ts: number): string {
  const d = new Date(ts);
  return `${d.toLocaleTimeString([], { hour12: false })}.${String(d.getMilliseconds()).padStart(3, '0')}`;
}

export function StoryList({ stories, selected, onSelect }: { stories: Story[]; selected: string | undefined; onSelect: (id: string) => void }): ReactNode {
  const { t } = useTranslation();
  if (stories.length === 0) return <p className="muted arch-empty">{t('architecture.noStories')}</p>;
  return (
    <ul className="arch-stories">
      {stories.slice(0, 200).map((s) => (
        <li key={s.id}>
          <button type="button" className="arch-story" aria-pressed={s.id === selected} data-story={s.id} onClick={() => onSelect(s.id)}>
            <span data-raw>{s.object}</span>
            <span className="muted" data-raw>
              {s.count} · {clock(s.last)}
            </span>
          </button>
        </li>
      ))}
    </ul>
  );
}

/** one row for the same watch event delivered to several watchers of one component (the controllers each watch pods) */
function collapseRepeats(steps: TraceStep[]): { step: TraceStep; times: number }[] {
  const rows: { step: TraceStep; times: number }[] = [];
  for (const s of steps) {
    const prev = rows[rows.length - 1];
    if (prev && s.kind === 'watch' && prev.step.kind === 'watch' && summarize(prev.step) === summarize(s)) {
      prev.step = s;
      prev.times++;
    }
    else rows.push({ step: s, times: 1 });
  }
  return rows;
}

export function StepList({ steps, current, onOpen }: { steps: TraceStep[]; current: number | undefined; onOpen: (id: number) => void }): ReactNode {
  const { t } = useTranslation();
  if (steps.length === 0) return <p className="muted arch-empty">{t('architecture.noSteps')}</p>;
  const t0 = steps[0]?.ts ?? 0;
  return (
    <ol className="arch-steps">
      {collapseRepeats(steps).map(({ step: s, times }) => (
        <li key={s.id} className={`arch-step kind-${s.kind}${s.id === current ? ' current' : ''}${s.kind === 'cri' && !s.ok ? ' failed' : ''}`} data-step-id={s.id} data-kind={s.kind} data-ts={s.ts}>
          <button type="button" onClick={() => onOpen(s.id)}>
            <span className="arch-step-kind">{t(`architecture.kinds.${stepLabel(s)}`)}</span>
            <span className="arch-step-at" data-raw>
              +{s.ts - t0} ms
            </span>
            <span className="arch-step-text" data-raw>
              {summarize(s)}
              {times > 1 ? ` ×${times}` : ''}
            </span>
          </button>
        </li>
      ))}
    </ol>
  );
}

export function StepDetailPanel({ id, onClose }: { id: number; onClose: () => void }): ReactNode {
  const { t } = useTranslation();
  const client = useBridge();
  const [detail, setDetail] = useState<{ ok: StepDetail } | { error: string } | undefined>();
  useEffect(() => {
    let cancelled = false;
    setDetail(undefined);
    client.call('trace:step', { id }).then(
      (d) => !cancelled && setDetail({ ok: d }),
      (e: unknown) => !cancelled && setDetail({ error: describeError(e) }),
    );
    return () => {
      cancelled = true;
    };
  }, [client, id]);
  const d = detail && 'ok' in detail ? detail.ok : undefined;
  return (
    <section className="arch-detail-panel" aria-label={t('architecture.detail.title')}>
      <div className="detail-head">
        <h2>{t('architecture.detail.title')}</h2>
        <button type="button" onClick={onClose}>
          {t('architecture.detail.close')}
        </button>
      </div>
      {!detail && <p className="muted">{t('architecture.detail.loading')}</p>}
      {detail && 'error' in detail && (
        <p className="error" data-raw>
          {detail.error}
        </p>
      )}
      {d && (
        <>
          <p className="arch-detail-summary" data-raw>
            {summarize(d.step)}
          </p>
          {d.request === undefined && d.response === undefined && <p className="muted">{t('architecture.detail.noBodies')}</p>}
          {d.request !== undefined && (
            <>
              <h3>{t('architecture.detail.request')}</h3>
              <pre className="manifest trace-raw-request" data-raw>
                {pretty(d.request)}
              </pre>
            </>
          )}
          {d.response !== undefined && (
            <>
              <h3>{t('architecture.detail.response')}</h3>
              <pre className="manifest trace-raw-response" data-raw>
                {pretty(d.response)}
              </pre>
            </>
          )}
          <h3>{t('architecture.detail.step')}</h3>
          <pre className="manifest trace-raw-step" data-raw>
            {JSON.stringify(d.step, null, 2)}
          </pre>
        </>
      )}
    </section>
  );
}

/** JSON indented when it parses (a cut body does not: shown as it came) */
function pretty(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}
