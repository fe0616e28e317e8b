// The live trace for this window: trace:subscribe when the connection opens (again after
// a reconnect: a new session has no streams), then trace:steps batches and trace:health
// pushes for our streamId; trace:unsubscribe when the view goes. Events may arrive before
// the subscribe call returns (they carry the id already): they wait in a buffer.
import { useEffect, useState } from 'react';
import type { ClusterHealth, TraceStep } from '../../../main/common/bridge/trace.js';
import { describeError } from '../../bridge/bridge-client.js';
import { useBridge, useConnection } from '../../bridge/bridge-context.js';
import { appendSteps } from './trace-model.js';

export interface TraceState {
  status: 'connecting' | 'open' | 'error';
  error?: string;
  steps: TraceStep[];
  health?: ClusterHealth;
  windowMs: number;
  /** main's clock minus ours, so "now" on the timeline is main's */
  skewMs: number;
}

const INITIAL: TraceState = { status: 'connecting', steps: [], windowMs: 600_000, skewMs: 0 };

export function useTrace(): TraceState {
  const client = useBridge();
  const { state } = useConnection();
  const [trace, setTrace] = useState<TraceState>(INITIAL);

  useEffect(() => {
    if (state !== 'open') return;
    let streamId: string | undefined;
    let cancelled = false;
    const early: { steps?: TraceStep[]; health?: ClusterHealth; streamId: string }[] = [];
    setTrace(INITIAL);
    const offSteps = client.on('trace:steps', (p) => {
      if (streamId === undefined) early.push(p);
      else if (p.streamId === streamId) setTrace((t) => ({ ...t, steps: appendSteps(t.steps, p.steps) }));
    });
    const offHealth = client.on('trace:health', (p) => {
      if (streamId === undefined) early.push(p);
      else if (p.streamId === streamId) setTrace((t) => ({ ...t, health: p.health }));
    });
    client.call('trace:subscribe', {}).then(
      (r) => {
        if (cancelled) {
          void client.call('trace:unsubscribe', { streamId: r.streamId }).catch(() => undefined);
          return;
        }
        streamId = r.streamId;
        const last = r.steps[r.steps.length - 1]?.id ?? 0;
        let steps = r.steps;
        let health = r.health;
        for (const e of early) {
          if (e.streamId !== r.streamId) continue;
          if (e.steps) steps = appendSteps(steps, e.steps.filter((s) => s.id > last));
          if (e.health) health = e.health;
        }
        setTrace({ status: 'open', steps, health, windowMs: r.windowMs, skewMs: r.now - Date.now() });
      },
      (e: unknown) => !cancelled && setTrace({ ...INITIAL, status: 'error', error: describeError(e) }),
    );
    return () => {
      cancelled = true;
      offSteps();
      offHealth();
      if (streamId !== undefined) void client.call('trace:unsubscribe', { streamId }).catch(() => undefined);
    };
  }, [client, state]);

  return trace;
}
