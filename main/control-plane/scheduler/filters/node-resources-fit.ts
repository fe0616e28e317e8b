// NodeResourcesFit (filter): the pod's requests (init containers and overhead counted as
// in resources.ts) plus what the node's pods already request must fit the node's
// allocatable; the pod count must fit allocatable pods. Every shortfall is a reason.
import type { FilterPlugin, Rejection } from '../plugin.js';
import { isZeroRequest } from '../resources.js';
import { PLUGIN } from '../types.js';

const TOO_MANY_PODS: Rejection = { code: 'Unschedulable', reasons: ['Too many pods'] };

export const nodeResourcesFit: FilterPlugin = {
  name: PLUGIN.NodeResourcesFit,
  preFilter(ctx) {
    const req = ctx.pod.requests;
    const zero = isZeroRequest(req);
    return {
      check(n) {
        const tooMany = n.pods.size + 1 > n.allowedPods;
        // fitsRequest: a pod requesting nothing only needs a pod slot
        if (zero) return tooMany ? TOO_MANY_PODS : null;
        const used = n.requested;
        const alloc = n.allocatable;
        const cpu = alloc.milliCpu < req.milliCpu + used.milliCpu;
        const mem = alloc.memory < req.memory + used.memory;
        const eph = alloc.ephemeralStorage < req.ephemeralStorage + used.ephemeralStorage;
        let scalar: string[] | undefined;
        if (req.scalar) {
          for (const [name, v] of req.scalar) {
            if ((alloc.scalar?.get(name) ?? 0) < v + (used.scalar?.get(name) ?? 0)) (scalar ??= []).push(`Insufficient ${name}`);
          }
        }
        if (!tooMany && !cpu && !mem && !eph && !scalar) return null;
        const reasons: string[] = [];
        if (tooMany) reasons.push('Too many pods');
        if (cpu) reasons.push('Insufficient cpu');
        if (mem) reasons.push('Insufficient memory');
        if (eph) reasons.push('Insufficient ephemeral-storage');
        if (scalar) reasons.push(...scalar);
        return { code: 'Unschedulable', reasons };
      },
    };
  },
};
