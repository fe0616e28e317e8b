// Taints and tolerations as kube-controller-manager reads and writes them
// (k8s.io/api/core/v1 toleration.go, pkg/apis/core/v1/helper, pkg/util/taints), shared
// by the node lifecycle, taint-eviction and daemonset controllers.
import type { KubeObject } from '../../common/kube-types.js';
import type { ApiClient } from '../../common/client/api-client.js';
import { isConflict, rfc3339 } from './controller-support.js';

export type TaintEffect = 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';

export interface Taint {
  key: string;
  value?: string;
  effect: TaintEffect;
  timeAdded?: string;
}

export interface Toleration {
  key?: string;
  operator?: 'Exists' | 'Equal';
  value?: string;
  effect?: TaintEffect;
  tolerationSeconds?: number;
}

// the well-known taint keys (k8s.io/api/core/v1 well_known_taints.go)
export const TAINT_NOT_READY = 'node.kubernetes.io/not-ready';
export const TAINT_UNREACHABLE = 'node.kubernetes.io/unreachable';
export const TAINT_UNSCHEDULABLE = 'node.kubernetes.io/unschedulable';
export const TAINT_MEMORY_PRESSURE = 'node.kubernetes.io/memory-pressure';
export const TAINT_DISK_PRESSURE = 'node.kubernetes.io/disk-pressure';
export const TAINT_PID_PRESSURE = 'node.kubernetes.io/pid-pressure';
export const TAINT_NETWORK_UNAVAILABLE = 'node.kubernetes.io/network-unavailable';

export const NODES = { group: '', version: 'v1', resource: 'nodes' };

export function taintsOf(node: KubeObject | undefined): Taint[] {
  return ((node?.spec as { taints?: Taint[] } | undefined)?.taints ?? []).filter((t) => t && typeof t.key === 'string');
}

export function tolerationsOf(pod: KubeObject | undefined): Toleration[] {
  return (pod?.spec as { tolerations?: Toleration[] } | undefined)?.tolerations ?? [];
}

/** Toleration.ToleratesTaint: an empty key with Exists tolerates every taint; an empty operator means Equal */
export function toleratesTaint(t: Toleration, taint: Taint): boolean {
  if (t.effect && t.effect !== taint.effect) return false;
  if (t.key && t.key !== taint.key) return false;
  const op = t.operator ?? 'Equal';
  if (op === 'Exists') return true;
  return op === 'Equal' && (t.value ?? '') === (taint.value ?? '');
}

/** v1helper.FindMatchingUntoleratedTaint: the first taint (passing filter) no toleration tolerates */
export function findUntoleratedTaint(taints: readonly Taint[], tolerations: readonly Toleration[], filter: (t: Taint) => boolean = () => true): Taint | undefined {
  return taints.filter(filter).find((taint) => !tolerations.some((t) => toleratesTaint(t, taint)));
}

/** v1helper.GetMatchingTolerations: whether every taint is tolerated, and the first toleration used for each */
export function matchingTolerations(taints: readonly Taint[], tolerations: readonly Toleration[]): { allTolerated: boolean; used: Toleration[] } {
  const used: Toleration[] = [];
  for (const taint of taints) {
    const t = tolerations.find((tol) => toleratesTaint(tol, taint));
    if (!t) return { allTolerated: false, used: [] };
    used.push(t);
  }
  return { allTolerated: true, used };
}

/**
 * tainteviction getMinTolerationTime: the shortest tolerationSeconds among the tolerations
 * used, in ms; 0 evicts at once, -1 means tolerated forever (no tolerationSeconds).
 */
export function minTolerationMs(used: readonly Toleration[]): number {
  if (used.length === 0) return 0;
  let min = Infinity;
  for (const t of used) {
    if (typeof t.tolerationSeconds !== 'number') continue;
    if (t.tolerationSeconds <= 0) return 0;
    min = Math.min(min, t.tolerationSeconds);
  }
  return min === Infinity ? -1 : min * 1000;
}

/** taints match by key and effect (taints.MatchTaint), the value is not compared */
export function sameTaint(a: Taint, b: Taint): boolean {
  return a.key === b.key && a.effect === b.effect;
}

/**
 * controllerutil.SwapNodeControllerTaint: adds the taints not already there (stamped with
 * timeAdded, as kube does) and removes the others, in one patch guarded by the node's
 * resourceVersion; a conflict re-reads the node and tries again. Returns the node written.
 */
export async function swapNodeTaints(client: ApiClient, node: KubeObject, add: readonly Taint[], remove: readonly Taint[], now: number): Promise<KubeObject> {
  let current = node;
  for (let attempt = 0; ; attempt++) {
    const taints = taintsOf(current);
    const kept = taints.filter((t) => !remove.some((r) => sameTaint(r, t)));
    const added = add.filter((a) => !kept.some((t) => sameTaint(a, t))).map((a) => ({ ...a, timeAdded: rfc3339(now) }));
    if (added.length === 0 && kept.length === taints.length) return current;
    const next = [...kept, ...added];
    try {
      return await client.patch(NODES, current.metadata.name ?? '', { metadata: { resourceVersion: current.metadata.resourceVersion }, spec: { taints: next.length ? next : null } }, 'merge');
    } catch (e) {
      if (!isConflict(e) || attempt >= 4) throw e;
      current = await client.get(NODES, current.metadata.name ?? '');
    }
  }
}
