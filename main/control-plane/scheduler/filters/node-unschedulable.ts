// NodeUnschedulable: a cordoned node (spec.unschedulable) takes only pods that tolerate
// the node.kubernetes.io/unschedulable:NoSchedule taint.
import { toleratesAny } from '../node-selector.js';
import type { FilterPlugin, Rejection } from '../plugin.js';
import { PLUGIN, TAINT_UNSCHEDULABLE } from '../types.js';

/** ErrReasonUnschedulable */
const REJECT: Rejection = { code: 'UnschedulableAndUnresolvable', reasons: ['node(s) were unschedulable'] };

export const nodeUnschedulable: FilterPlugin = {
  name: PLUGIN.NodeUnschedulable,
  preFilter(ctx) {
    const tolerated = toleratesAny(ctx.pod.tolerations, { key: TAINT_UNSCHEDULABLE, effect: 'NoSchedule' });
    return { check: (n) => (n.unschedulable && !tolerated ? REJECT : null) };
  },
};
