// Pod predicates and the scale-down order of kube's ReplicaSet controller
// (pkg/controller/controller_utils.go ActivePodsWithRanks, pkg/api/v1/pod/util.go):
// unscheduled before scheduled, Pending before Unknown before Running, not ready before
// ready, lower pod-deletion-cost first, pods doubled up on a node first, then the most
// recently ready, the most restarted, and the newest — with LogarithmicScaleDown (on by
// default since 1.22) comparing ages by their power of two.
import type { Pod, PodCondition } from './workload-types.js';
import { parseTime } from './workload-support.js';

export const POD_DELETION_COST_ANNOTATION = 'controller.kubernetes.io/pod-deletion-cost';

export function podKey(pod: Pod): string {
  return `${pod.metadata.namespace ?? ''}/${pod.metadata.name ?? ''}`;
}

/** IsPodActive: not terminal and not being deleted */
export function isPodActive(pod: Pod): boolean {
  const phase = pod.status?.phase;
  return phase !== 'Succeeded' && phase !== 'Failed' && !pod.metadata.deletionTimestamp;
}

function readyCondition(pod: Pod): PodCondition | undefined {
  return (pod.status?.conditions ?? []).find((c) => c.type === 'Ready');
}

export function isPodReady(pod: Pod): boolean {
  return readyCondition(pod)?.status === 'True';
}

/** IsPodAvailable: ready for at least minReadySeconds */
export function isPodAvailable(pod: Pod, minReadySeconds: number, now: number): boolean {
  if (!isPodReady(pod)) return false;
  if (!minReadySeconds) return true;
  const since = parseTime(readyCondition(pod)?.lastTransitionTime);
  return since !== undefined && since + minReadySeconds * 1000 < now;
}

function podReadyTime(pod: Pod): number | undefined {
  return isPodReady(pod) ? parseTime(readyCondition(pod)?.lastTransitionTime) : undefined;
}

const PHASE_ORDINAL: Record<string, number> = { Pending: 0, Unknown: 1, Running: 2 };

function phaseOrdinal(pod: Pod): number {
  return PHASE_ORDINAL[pod.status?.phase ?? ''] ?? 0;
}

function deletionCost(pod: Pod): number {
  const v = pod.metadata.annotations?.[POD_DELETION_COST_ANNOTATION];
  if (v === undefined || !/^-?\d+$/.test(v)) return 0;
  const n = Number(v);
  return n >= -(2 ** 31) && n < 2 ** 31 ? n : 0;
}

/** highest restart count among regular containers, then among restartable (sidecar) init containers */
function maxRestarts(pod: Pod): [number, number] {
  const regular = Math.max(0, ...(pod.status?.containerStatuses ?? []).map((s) => s.restartCount ?? 0));
  const inits = ((pod.spec?.initContainers ?? []) as { name?: string; restartPolicy?: string }[]).filter((c) => c.restartPolicy === 'Always').map((c) => c.name);
  const statuses = (pod.status?.initContainerStatuses ?? []) as { name?: string; restartCount?: number }[];
  const sidecar = Math.max(0, ...statuses.filter((s) => inits.includes(s.name)).map((s) => s.restartCount ?? 0));
  return [regular, sidecar];
}

/** afterOrZero: a missing time sorts first, otherwise the later time */
function afterOrZero(t1: number | undefined, t2: number | undefined): boolean {
  if (t1 === undefined || t2 === undefined) return t1 === undefined;
  return t1 > t2;
}

/** logarithmicRankDiff: ages compared by floor(log2(nanoseconds)), so pods of similar age tie */
function logRankDiff(t1: number, t2: number, now: number): number {
  const rank = (t: number): number => {
    const ns = (now - t) * 1e6;
    return ns > 0 ? Math.floor(Math.log2(ns)) : -1;
  };
  return rank(t1) - rank(t2);
}

function compareTimes(t1: number | undefined, t2: number | undefined, now: number, uid1: string, uid2: string): number | undefined {
  if (t1 === t2) return undefined;
  if (t1 === undefined || t2 === undefined) return afterOrZero(t1, t2) ? -1 : 1;
  const diff = logRankDiff(t1, t2, now);
  if (diff === 0) return uid1 < uid2 ? -1 : uid1 > uid2 ? 1 : 0;
  return diff < 0 ? -1 : 1;
}

export interface RankedPod {
  pod: Pod;
  /** active related pods on the same node (kube's "doubled up" rank) */
  rank: number;
}

/** ActivePodsWithRanks.Less as a comparator: negative means "delete a first" */
export function compareForDeletion(a: RankedPod, b: RankedPod, now: number): number {
  const pa = a.pod;
  const pb = b.pod;
  const na = pa.spec?.nodeName ?? '';
  const nb = pb.spec?.nodeName ?? '';
  if (na !== nb && (na === '' || nb === '')) return na === '' ? -1 : 1;
  if (phaseOrdinal(pa) !== phaseOrdinal(pb)) return phaseOrdinal(pa) - phaseOrdinal(pb);
  const ra = isPodReady(pa);
  const rb = isPodReady(pb);
  if (ra !== rb) return ra ? 1 : -1;
  if (deletionCost(pa) !== deletionCost(pb)) return deletionCost(pa) - deletionCost(pb);
  if (a.rank !== b.rank) return b.rank - a.rank;
  const uidA = pa.metadata.uid ?? '';
  const uidB = pb.metadata.uid ?? '';
  if (ra && rb) {
    const byReady = compareTimes(podReadyTime(pa), podReadyTime(pb), now, uidA, uidB);
    if (byReady !== undefined && byReady !== 0) return byReady;
  }
  const [regA, sideA] = maxRestarts(pa);
  const [regB, sideB] = maxRestarts(pb);
  if (regA !== regB) return regB - regA;
  if (sideA !== sideB) return sideB - sideA;
  const byAge = compareTimes(parseTime(pa.metadata.creationTimestamp), parseTime(pb.metadata.creationTimestamp), now, uidA, uidB);
  return byAge ?? 0;
}

/**
 * getPodsToDelete: the first `diff` pods in deletion order. `related` are the active
 * pods of every ReplicaSet sharing this one's controller (a Deployment's other
 * ReplicaSets), whose count per node ranks pods that are doubled up.
 */
export function podsToDelete(filtered: readonly Pod[], related: readonly Pod[], diff: number, now: number): Pod[] {
  if (diff >= filtered.length) return [...filtered];
  const onNode = new Map<string, number>();
  for (const p of related) {
    if (!isPodActive(p)) continue;
    const node = p.spec?.nodeName ?? '';
    onNode.set(node, (onNode.get(node) ?? 0) + 1);
  }
  const ranked = filtered.map((pod) => ({ pod, rank: onNode.get(pod.spec?.nodeName ?? '') ?? 0 }));
  ranked.sort((a, b) => compareForDeletion(a, b, now));
  return ranked.slice(0, diff).map((r) => r.pod);
}
