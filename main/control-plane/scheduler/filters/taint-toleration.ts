// TaintToleration (filter): the first NoSchedule/NoExecute taint, in the node's order,
// that none of the pod's tolerations covers rejects the node. PreferNoSchedule taints
// only lower the score (scores/taint-toleration.ts).
import { firstUntolerated } from '../node-selector.js';
import type { FilterPlugin, Rejection } from '../plugin.js';
import type { Taint } from '../types.js';
import { PLUGIN } from '../types.js';

const rejections = new Map<string, Rejection>();

/** `node(s) had untolerated taint {key: value}`, the 1.32 wording */
export function untoleratedTaint(t: Taint): Rejection {
  const reason = `node(s) had untolerated taint {${t.key}: ${t.value ?? ''}}`;
  let r = rejections.get(reason);
  if (!r) {
    if (rejections.size > 1000) rejections.clear();
    rejections.set(reason, (r = { code: 'UnschedulableAndUnresolvable', reasons: [reason] }));
  }
  return r;
}

export const taintToleration: FilterPlugin = {
  name: PLUGIN.TaintToleration,
  preFilter(ctx) {
    const tolerations = ctx.pod.tolerations;
    return {
      check(n) {
        if (n.hardTaints.length === 0) return null;
        const t = firstUntolerated(n.hardTaints, tolerations);
        return t ? untoleratedTaint(t) : null;
      },
    };
  },
};
