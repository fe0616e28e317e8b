// PodTopologySpread (filter): for each DoNotSchedule constraint, placing the pod in a
// domain must keep (matching pods there + the pod itself if it matches) − (the fewest
// matching pods in any eligible domain) ≤ maxSkew. Eligible domains are the topology
// values of nodes that carry every constraint's key and pass the inclusion policies
// (nodeAffinityPolicy Honor and nodeTaintsPolicy Ignore by default); with fewer domains
// than minDomains the global minimum counts as 0.
import type { Requirement } from '../../../common/label-selector.js';
import { matchesRequirements } from '../../../common/label-selector.js';
import type { NodeInfo } from '../node-info.js';
import type { NodeMatcher } from '../node-selector.js';
import { firstUntolerated } from '../node-selector.js';
import type { PodInfo, SpreadConstraint } from '../pod-info.js';
import type { FilterPlugin, Rejection } from '../plugin.js';
import { PLUGIN } from '../types.js';
import { requiredNodeAffinity } from './node-affinity.js';

const NOT_MATCH_REASON = "node(s) didn't match pod topology spread constraints";
/** ErrReasonConstraintsNotMatch */
const NOT_MATCH: Rejection = { code: 'Unschedulable', reasons: [NOT_MATCH_REASON] };
/** ErrReasonNodeLabelNotMatch */
const MISSING_LABEL: Rejection = { code: 'UnschedulableAndUnresolvable', reasons: [`${NOT_MATCH_REASON} (missing required label)`] };

export function hasLabel(n: NodeInfo, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(n.labels, key);
}

/** countPodsMatchSelector: same namespace, not terminating, labels selected */
export function countMatching(n: NodeInfo, selector: Requirement[] | null, namespace: string): number {
  if (selector === null) return 0;
  let count = 0;
  for (const p of n.pods.values()) {
    if (p.deleting || p.namespace !== namespace) continue;
    if (matchesRequirements(selector, p.labels)) count++;
  }
  return count;
}

/** matchNodeInclusionPolicies */
export function nodeIncluded(c: SpreadConstraint, pod: PodInfo, n: NodeInfo, affinity: NodeMatcher): boolean {
  if (c.honorNodeAffinity && !affinity(n)) return false;
  if (c.honorNodeTaints && firstUntolerated(n.hardTaints, pod.tolerations)) return false;
  return true;
}

export const podTopologySpread: FilterPlugin = {
  name: PLUGIN.PodTopologySpread,
  preFilter(ctx) {
    const pod = ctx.pod;
    const constraints = pod.spread.filter((c) => c.whenUnsatisfiable === 'DoNotSchedule');
    if (constraints.length === 0) return 'skip';
    const affinity = requiredNodeAffinity(pod.spec);
    const counts = constraints.map(() => new Map<string, number>());
    for (const n of ctx.nodes) {
      // a node counts only when it has every constraint's topology key
      if (!constraints.every((c) => hasLabel(n, c.topologyKey))) continue;
      constraints.forEach((c, i) => {
        if (!nodeIncluded(c, pod, n, affinity)) return;
        const value = n.labels[c.topologyKey] ?? '';
        const m = counts[i] as Map<string, number>;
        m.set(value, (m.get(value) ?? 0) + countMatching(n, c.selector, pod.namespace));
      });
    }
    const minMatch = constraints.map((c, i) => {
      const m = counts[i] as Map<string, number>;
      if (m.size < c.minDomains) return 0;
      let min = Infinity;
      for (const v of m.values()) if (v < min) min = v;
      return min === Infinity ? 0 : min;
    });
    const selfMatch = constraints.map((c) => (c.selector !== null && matchesRequirements(c.selector, pod.labels) ? 1 : 0));
    return {
      check(n) {
        for (let i = 0; i < constraints.length; i++) {
          const c = constraints[i] as SpreadConstraint;
          if (!hasLabel(n, c.topologyKey)) return MISSING_LABEL;
          const matchNum = counts[i]?.get(n.labels[c.topologyKey] ?? '') ?? 0;
          if (matchNum + (selfMatch[i] ?? 0) - (minMatch[i] ?? 0) > c.maxSkew) return NOT_MATCH;
        }
        return null;
      },
    };
  },
};
