// The scheduler's decisions as trace steps: which nodes the filters dropped and why,
// the scores of the rest, the node chosen. The scheduler records decisions anyway (see
// scheduler/decisions.ts); this only forwards them while someone watches the trace.
import type { SchedulingDecision } from '../scheduler/index.js';
import type { ScheduleTrace, TraceBus } from './trace-bus.js';

export function scheduleTrace(d: SchedulingDecision): ScheduleTrace {
  const slash = d.pod.indexOf('/');
  return {
    kind: 'schedule',
    ts: Date.parse(d.time) || Date.now(),
    namespace: slash >= 0 ? d.pod.slice(0, slash) : '',
    name: slash >= 0 ? d.pod.slice(slash + 1) : d.pod,
    uid: d.uid,
    result: d.result,
    ...(d.node !== undefined ? { node: d.node } : {}),
    ...(d.message !== undefined ? { message: d.message } : {}),
    nodes: d.nodes.map((n) => {
      const failed = n.filters.find((f) => !f.passed);
      return {
        node: n.node,
        feasible: n.feasible,
        chosen: n.chosen,
        ...(failed ? { filter: failed.plugin, reasons: failed.reasons ?? [] } : {}),
        ...(n.total !== undefined ? { score: n.total } : {}),
      };
    }),
  };
}

/** forwards decisions to the bus; returns the unsubscribe function */
export function traceDecisions(onDecision: (l: (d: SchedulingDecision) => void) => () => void, trace: TraceBus): () => void {
  return onDecision((d) => {
    if (trace.active) trace.emit(scheduleTrace(d));
  });
}
