// InterPodAffinity (filter), any topology key: the pod's required affinity needs a
// matching pod in the node's domain (or, for the first pod of a group that matches its
// own terms, no matching pod anywhere); its required anti-affinity forbids a matching pod
// in the domain; and no existing pod's required anti-affinity may match the pod in the
// node's domain (the symmetric check).
import type { NodeInfo } from '../node-info.js';
import type { AffinityTerm, PodInfo } from '../pod-info.js';
import { termMatches } from '../pod-info.js';
import type { ClusterLookup, FilterPlugin, Rejection } from '../plugin.js';
import { PLUGIN } from '../types.js';

/** ErrReasonAffinityRulesNotMatch */
const AFFINITY: Rejection = { code: 'UnschedulableAndUnresolvable', reasons: ["node(s) didn't match pod affinity rules"] };
/** ErrReasonAntiAffinityRulesNotMatch */
const ANTI_AFFINITY: Rejection = { code: 'Unschedulable', reasons: ["node(s) didn't match pod anti-affinity rules"] };
/** ErrReasonExistingAntiAffinityRulesNotMatch */
const EXISTING_ANTI_AFFINITY: Rejection = { code: 'Unschedulable', reasons: ["node(s) didn't satisfy existing pods anti-affinity rules"] };

/** topology key → value → count */
export type TopologyCounts = Map<string, Map<string, number>>;

export function bump(m: TopologyCounts, key: string, value: string, by: number): void {
  let inner = m.get(key);
  if (!inner) m.set(key, (inner = new Map<string, number>()));
  const n = (inner.get(value) ?? 0) + by;
  if (n === 0) inner.delete(value);
  else inner.set(value, n);
  if (inner.size === 0) m.delete(key);
}

function countAt(m: TopologyCounts, key: string, value: string): number {
  return m.get(key)?.get(value) ?? 0;
}

/** mergeAffinityTermNamespacesIfNotEmpty: the incoming pod's namespaceSelector becomes a namespace list */
export function resolveNamespaces(t: AffinityTerm, lookup: ClusterLookup): AffinityTerm {
  if (t.nsSelector === null || t.nsSelector.length === 0) return t;
  return { ...t, namespaces: new Set([...t.namespaces, ...lookup.namespacesMatching(t.nsSelector)]), nsSelector: null };
}

export function matchesAllTerms(terms: readonly AffinityTerm[], p: PodInfo): boolean {
  if (terms.length === 0) return false;
  for (const t of terms) if (!termMatches(t, p, undefined)) return false;
  return true;
}

export const interPodAffinity: FilterPlugin = {
  name: PLUGIN.InterPodAffinity,
  preFilter(ctx) {
    const pod = ctx.pod;
    const affinity = pod.requiredAffinity.map((t) => resolveNamespaces(t, ctx));
    const anti = pod.requiredAntiAffinity.map((t) => resolveNamespaces(t, ctx));
    const nsLabels = ctx.namespaceLabels(pod.namespace);
    const existing: TopologyCounts = new Map();
    for (const n of ctx.cache.podsWithRequiredAntiAffinity > 0 ? ctx.nodes : []) {
      for (const ep of n.podsWithRequiredAntiAffinity) {
        for (const t of ep.requiredAntiAffinity) {
          const v = n.labels[t.topologyKey];
          if (v !== undefined && termMatches(t, pod, nsLabels)) bump(existing, t.topologyKey, v, 1);
        }
      }
    }
    if (affinity.length === 0 && anti.length === 0 && existing.size === 0) return 'skip';
    const affinityCounts: TopologyCounts = new Map();
    const antiCounts: TopologyCounts = new Map();
    if (affinity.length || anti.length) {
      for (const n of ctx.nodes) {
        for (const ep of n.pods.values()) {
          if (matchesAllTerms(affinity, ep)) {
            for (const t of affinity) {
              const v = n.labels[t.topologyKey];
              if (v !== undefined) bump(affinityCounts, t.topologyKey, v, 1);
            }
          }
          for (const t of anti) {
            const v = n.labels[t.topologyKey];
            if (v !== undefined && termMatches(t, ep, undefined)) bump(antiCounts, t.topologyKey, v, 1);
          }
        }
      }
    }
    const selfMatch = matchesAllTerms(affinity, pod);
    return {
      check(n: NodeInfo) {
        if (affinity.length) {
          let podsExist = true;
          for (const t of affinity) {
            const v = n.labels[t.topologyKey];
            if (v === undefined) return AFFINITY;
            if (countAt(affinityCounts, t.topologyKey, v) <= 0) podsExist = false;
          }
          // the first pod of a group with affinity to itself may go anywhere with the topology labels
          if (!podsExist && !(affinityCounts.size === 0 && selfMatch)) return AFFINITY;
        }
        for (const t of anti) {
          const v = n.labels[t.topologyKey];
          if (v !== undefined && countAt(antiCounts, t.topologyKey, v) > 0) return ANTI_AFFINITY;
        }
        for (const [key, values] of existing) {
          const v = n.labels[key];
          if (v !== undefined && (values.get(v) ?? 0) > 0) return EXISTING_ANTI_AFFINITY;
        }
        return null;
      },
    };
  },
};
