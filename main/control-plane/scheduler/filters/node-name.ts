// NodeName: a pod that names a node fits only there. Pods the scheduler picks up have no
// spec.nodeName, so for them the plugin has nothing to check.
import type { FilterPlugin, Rejection } from '../plugin.js';
import { PLUGIN } from '../types.js';

/** ErrReason */
const REJECT: Rejection = { code: 'UnschedulableAndUnresolvable', reasons: ["node(s) didn't match the requested node name"] };

export const nodeName: FilterPlugin = {
  name: PLUGIN.NodeName,
  preFilter(ctx) {
    const wanted = ctx.pod.nodeName;
    if (!wanted) return 'skip';
    return { check: (n) => (n.name === wanted ? null : REJECT) };
  },
};
