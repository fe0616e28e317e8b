// NodeResourcesBalancedAllocation: prefer nodes whose cpu and memory would be used in
// the same proportion after placing the pod: (1 − std of the fractions) × 100, with the
// fractions capped at 1. It uses the actual requests (not the non-zero defaults), as kube
// has since 1.23; 1.32 still scores best-effort pods.
import type { ScorePlugin } from '../plugin.js';
import { MAX_NODE_SCORE } from '../plugin.js';
import { PLUGIN } from '../types.js';

export const balancedAllocation: ScorePlugin = {
  name: PLUGIN.NodeResourcesBalancedAllocation,
  weight: 'NodeResourcesBalancedAllocation',
  preScore(ctx) {
    const cpu = ctx.pod.requests.milliCpu;
    const mem = ctx.pod.requests.memory;
    return {
      score(n) {
        const ac = n.allocatable.milliCpu;
        const am = n.allocatable.memory;
        if (ac === 0 || am === 0) return MAX_NODE_SCORE;
        const fc = Math.min((n.requested.milliCpu + cpu) / ac, 1);
        const fm = Math.min((n.requested.memory + mem) / am, 1);
        // with two resources the standard deviation is half their difference
        const std = Math.abs((fc - fm) / 2);
        return Math.trunc((1 - std) * MAX_NODE_SCORE);
      },
    };
  },
};
