// PodTopologySpread score: for ScheduleAnyway constraints — or, when the pod has no
// constraints at all, the system defaults (hostname maxSkew 3, zone maxSkew 5) over the
// selector of the Services, ReplicationControllers and ReplicaSets the pod belongs to,
// which is how 1.32 spreads a ReplicaSet's pods (SelectorSpread's successor) — fewer
// matching pods in the node's domain is better. Each domain count is weighted by
// log(number of domains + 2), and the sum is normalized reversed to 0..100.
import { hasLabel, countMatching, nodeIncluded } from '../filters/pod-topology-spread.js';
import { requiredNodeAffinity } from '../filters/node-affinity.js';
import type { NodeInfo } from '../node-info.js';
import type { SpreadConstraint } from '../pod-info.js';
import type { ScorePlugin } from '../plugin.js';
import { MAX_NODE_SCORE } from '../plugin.js';
import { LABEL_HOSTNAME, LABEL_ZONE, PLUGIN } from '../types.js';

function systemDefault(topologyKey: string, maxSkew: number, selector: SpreadConstraint['selector']): SpreadConstraint {
  return { maxSkew, topologyKey, whenUnsatisfiable: 'ScheduleAnyway', selector, minDomains: 1, honorNodeAffinity: true, honorNodeTaints: false };
}

export const podTopologySpreadScore: ScorePlugin = {
  name: PLUGIN.PodTopologySpread,
  weight: 'PodTopologySpread',
  preScore(ctx, feasible) {
    const pod = ctx.pod;
    if (feasible.length === 0 || ctx.nodes.length === 0) return 'skip';
    let constraints: SpreadConstraint[];
    let requireAll: boolean;
    if (pod.spread.length > 0) {
      constraints = pod.spread.filter((c) => c.whenUnsatisfiable === 'ScheduleAnyway');
      requireAll = true;
    } else {
      const selector = ctx.defaultSpreadSelector(pod);
      if (!selector || selector.length === 0) return 'skip';
      constraints = [systemDefault(LABEL_HOSTNAME, 3, selector), systemDefault(LABEL_ZONE, 5, selector)];
      // system defaults do not require every node to carry the zone label
      requireAll = false;
    }
    if (constraints.length === 0) return 'skip';
    const hasAll = (n: NodeInfo): boolean => constraints.every((c) => hasLabel(n, c.topologyKey));
    const ignored = new Set<NodeInfo>();
    const counts = constraints.map(() => new Map<string, number>());
    for (const n of feasible) {
      if (requireAll && !hasAll(n)) {
        ignored.add(n);
        continue;
      }
      constraints.forEach((c, i) => {
        const v = n.labels[c.topologyKey];
        if (c.topologyKey !== LABEL_HOSTNAME && v !== undefined && !counts[i]?.has(v)) counts[i]?.set(v, 0);
      });
    }
    const weights = constraints.map((c, i) => Math.log((c.topologyKey === LABEL_HOSTNAME ? feasible.length - ignored.size : (counts[i]?.size ?? 0)) + 2));
    const affinity = requiredNodeAffinity(pod.spec);
    for (const n of ctx.nodes) {
      if (requireAll && !hasAll(n)) continue;
      constraints.forEach((c, i) => {
        if (c.topologyKey === LABEL_HOSTNAME || !nodeIncluded(c, pod, n, affinity)) return;
        const v = n.labels[c.topologyKey];
        const m = counts[i];
        if (v === undefined || !m?.has(v)) return;
        m.set(v, (m.get(v) ?? 0) + countMatching(n, c.selector, pod.namespace));
      });
    }
    return {
      score(n) {
        if (ignored.has(n)) return 0;
        let score = 0;
        constraints.forEach((c, i) => {
          const v = n.labels[c.topologyKey];
          if (v === undefined) return;
          const cnt = c.topologyKey === LABEL_HOSTNAME ? countMatching(n, c.selector, pod.namespace) : (counts[i]?.get(v) ?? 0);
          score += cnt * (weights[i] ?? 0) + (c.maxSkew - 1);
        });
        return Math.round(score);
      },
      normalize(scores: number[], nodes: readonly NodeInfo[]) {
        let min = Infinity;
        let max = 0;
        nodes.forEach((n, i) => {
          if (ignored.has(n)) return;
          const s = scores[i] ?? 0;
          if (s < min) min = s;
          if (s > max) max = s;
        });
        nodes.forEach((n, i) => {
          const s = scores[i] ?? 0;
          if (ignored.has(n)) scores[i] = 0;
          else if (max === 0) scores[i] = MAX_NODE_SCORE;
          else scores[i] = Math.trunc((MAX_NODE_SCORE * (max + min - s)) / max);
        });
      },
    };
  },
};
