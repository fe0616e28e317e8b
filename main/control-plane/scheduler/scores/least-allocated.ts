// NodeResourcesFit score, LeastAllocated strategy (the default): the share of cpu and
// memory left free after placing the pod, weighted 1:1, 0..100. Requests here are the
// "non-zero" ones: a container without requests counts as 100m cpu and 200Mi memory, so
// best-effort pods still spread.
import type { ScorePlugin } from '../plugin.js';
import { MAX_NODE_SCORE } from '../plugin.js';
import { PLUGIN } from '../types.js';

/** leastRequestedScore */
function least(requested: number, capacity: number): number {
  if (capacity === 0 || requested > capacity) return 0;
  return Math.trunc(((capacity - requested) * MAX_NODE_SCORE) / capacity);
}

export const leastAllocated: ScorePlugin = {
  name: PLUGIN.NodeResourcesFit,
  weight: 'NodeResourcesFit',
  preScore(ctx) {
    const cpu = ctx.pod.nonZero.milliCpu;
    const mem = ctx.pod.nonZero.memory;
    return {
      score(n) {
        let sum = 0;
        let weights = 0;
        const ac = n.allocatable.milliCpu;
        const am = n.allocatable.memory;
        // a resource the node does not report is left out of the average
        if (ac !== 0) {
          sum += least(n.nonZeroRequested.milliCpu + cpu, ac);
          weights++;
        }
        if (am !== 0) {
          sum += least(n.nonZeroRequested.memory + mem, am);
          weights++;
        }
        return weights === 0 ? 0 : Math.trunc(sum / weights);
      },
    };
  },
};
