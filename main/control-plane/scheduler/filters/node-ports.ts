// NodePorts: a hostPort (per protocol and host IP, 0.0.0.0 overlapping every IP) can be
// used by one pod per node.
import type { FilterPlugin, Rejection } from '../plugin.js';
import { PLUGIN } from '../types.js';

/** ErrReason */
const REJECT: Rejection = { code: 'Unschedulable', reasons: ["node(s) didn't have free ports for the requested pod ports"] };

export const nodePorts: FilterPlugin = {
  name: PLUGIN.NodePorts,
  preFilter(ctx) {
    const ports = ctx.pod.hostPorts;
    // PreFilter returns Skip for a pod without host ports
    if (ports.length === 0) return 'skip';
    return {
      check(n) {
        if (n.usedPorts.size === 0) return null;
        for (const hp of ports) if (n.portConflict(hp)) return REJECT;
        return null;
      },
    };
  },
};
