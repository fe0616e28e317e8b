// Replay of the recent history: a scrubber over the window, Play (steps at their real
// pace, silences skipped) and Live. While replaying, the drawing and the step list show
// the cluster as it was at the scrubber's time.
import { useEffect, useState } from 'react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { TraceStep } from '../../../main/common/bridge/trace.js';

const TICK_MS = 100;
/** a silence longer than this is skipped while playing */
const GAP_MS = 1500;

export interface TimelineProps {
  start: number;
  end: number;
  /** undefined: live */
  cursor: number | undefined;
  onCursor: (at: number | undefined) => void;
  /** the steps, for skipping silences and marking the chosen story */
  steps: readonly TraceStep[];
  marks: readonly TraceStep[];
}

function clock(ts: number): string {
  return new Date(ts).toLocaleTimeString([], { hour12: false });
}

export function Timeline({ start, end, cursor, onCursor, steps, marks }: TimelineProps): ReactNode {
  const { t } = useTranslation();
  const [playing, setPlaying] = useState(false);

  useEffect(() => {
    if (!playing || cursor === undefined) return;
    const timer = setTimeout(() => {
      let next = cursor + TICK_MS;
      const upcoming = steps.find((s) => s.ts > cursor);
      if (!upcoming || upcoming.ts > end) {
        setPlaying(false);
        onCursor(undefined);
        return;
      }
      if (upcoming.ts - cursor > GAP_MS) next = upcoming.ts - 200;
      onCursor(Math.min(next, end));
    }, TICK_MS);
    return () => clearTimeout(timer);
  }, [playing, cursor, steps, end, onCursor]);

  const span = Math.max(1, end - start);
  const value = cursor ?? end;
  return (
    <div className="arch-timeline" role="group" aria-label={t('architecture.timeline.label')}>
      <button
        type="button"
        className="arch-play"
        onClick={() => {
          if (playing) setPlaying(false);
          else {
            if (cursor === undefined) onCursor(start);
            setPlaying(true);
          }
        }}
      >
        {playing ? t('architecture.timeline.pause') : t('architecture.timeline.play')}
      </button>
      <button
        type="button"
        className="arch-live"
        aria-pressed={cursor === undefined}
        onClick={() => {
          setPlaying(false);
          onCursor(undefined);
        }}
      >
        {t('architecture.timeline.live')}
      </button>
      <div className="arch-scrub">
        <div className="arch-marks" aria-hidden="true">
          {marks.map((m) => (
            <span key={m.id} className={`arch-mark kind-${m.kind}`} style={{ left: `${(((m.ts - start) / span) * 100).toFixed(2)}%` }} />
          ))}
        </div>
        <input
          type="range"
          aria-label={t('architecture.timeline.scrubber')}
          title={t('architecture.timeline.window')}
          min={start}
          max={end}
          step={50}
          value={value}
          onChange={(e) => {
            setPlaying(false);
            const v = Number(e.target.value);
            onCursor(v >= end ? undefined : v);
          }}
        />
      </div>
      <span className={cursor === undefined ? 'live' : 'muted'}>{cursor === undefined ? t('architecture.timeline.live') : t('architecture.timeline.replaying')}</span>
      <span className="arch-clock" data-raw>
        {clock(value)}
      </span>
    </div>
  );
}
