// InterPodAffinity score: the pod's preferred (anti-)affinity terms add (subtract) their
// weight in every domain holding a matching pod, and existing pods' terms that match the
// pod count the other way (their required affinity with hardPodAffinityWeight 1). The
// per-domain sums are min-max normalized to 0..100.
import { bump, resolveNamespaces } from '../filters/inter-pod-affinity.js';
import type { TopologyCounts } from '../filters/inter-pod-affinity.js';
import type { NodeInfo } from '../node-info.js';
import type { AffinityTerm, PodInfo } from '../pod-info.js';
import { termMatches } from '../pod-info.js';
import type { ScorePlugin } from '../plugin.js';
import { MAX_NODE_SCORE } from '../plugin.js';
import { PLUGIN } from '../types.js';

const HARD_POD_AFFINITY_WEIGHT = 1;

export const interPodAffinityScore: ScorePlugin = {
  name: PLUGIN.InterPodAffinity,
  weight: 'InterPodAffinity',
  preScore(ctx) {
    const pod = ctx.pod;
    const affinity = pod.preferredAffinity.map((t) => resolveNamespaces(t, ctx));
    const anti = pod.preferredAntiAffinity.map((t) => resolveNamespaces(t, ctx));
    const hasPreferred = affinity.length > 0 || anti.length > 0;
    const nsLabels = ctx.namespaceLabels(pod.namespace);
    if (!hasPreferred && ctx.cache.podsWithAffinity === 0) return 'skip';
    const topo: TopologyCounts = new Map();
    const add = (n: NodeInfo, t: AffinityTerm, target: PodInfo, labels: Record<string, string> | undefined, sign: number, weight = t.weight): void => {
      const v = n.labels[t.topologyKey];
      if (v !== undefined && termMatches(t, target, labels)) bump(topo, t.topologyKey, v, sign * weight);
    };
    for (const n of ctx.nodes) {
      // without preferred terms of its own, only pods with affinity terms can matter
      const pods = hasPreferred ? n.pods.values() : n.podsWithAffinity.values();
      for (const ep of pods) {
        for (const t of affinity) add(n, t, ep, undefined, 1);
        for (const t of anti) add(n, t, ep, undefined, -1);
        for (const t of ep.requiredAffinity) add(n, t, pod, nsLabels, 1, HARD_POD_AFFINITY_WEIGHT);
        for (const t of ep.preferredAffinity) add(n, t, pod, nsLabels, 1);
        for (const t of ep.preferredAntiAffinity) add(n, t, pod, nsLabels, -1);
      }
    }
    if (topo.size === 0) return 'skip';
    return {
      score(n) {
        let s = 0;
        for (const [key, values] of topo) {
          const v = n.labels[key];
          if (v !== undefined) s += values.get(v) ?? 0;
        }
        return s;
      },
      normalize(scores: number[]) {
        let min = Infinity;
        let max = -Infinity;
        for (const s of scores) {
          if (s < min) min = s;
          if (s > max) max = s;
        }
        const diff = max - min;
        for (let i = 0; i < scores.length; i++) scores[i] = diff > 0 ? Math.trunc((MAX_NODE_SCORE * ((scores[i] ?? 0) - min)) / diff) : 0;
      },
    };
  },
};
