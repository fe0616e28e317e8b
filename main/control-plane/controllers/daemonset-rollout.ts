// The DaemonSet controller's decisions, without I/O (pkg/controller/daemon, 1.32): which
// nodes need a daemon pod and which pods must go (manage / podsShouldBeOnNode), which
// old pods a RollingUpdate may replace now (rollingUpdate, with maxUnavailable or
// maxSurge), and the status counters `kubectl get ds` and `rollout status` read.
import type { KubeObject } from '../../common/kube-types.js';
import { nodeShouldRunDaemonPod, REVISION_HASH_LABEL, targetNodeName, TEMPLATE_GENERATION_LABEL, templateGeneration } from './daemonset-scheduling.js';
import { parseTime } from './controller-support.js';
import { isPodAvailable, isPodReady, isPodTerminal, podPhase } from './pod-readiness.js';

export type PodsByNode = Map<string, KubeObject[]>;

interface RollingUpdate {
  maxUnavailable?: number | string;
  maxSurge?: number | string;
}

interface DaemonSetSpec {
  minReadySeconds?: number;
  updateStrategy?: { type?: string; rollingUpdate?: RollingUpdate };
}

function specOf(ds: KubeObject): DaemonSetSpec {
  return (ds.spec ?? {});
}

export function minReadySeconds(ds: KubeObject): number {
  return specOf(ds).minReadySeconds ?? 0;
}

/** intstr.GetScaledValueFromIntOrPercent, rounding up as the DaemonSet controller does */
export function scaledValue(v: number | string | undefined, total: number): number {
  if (v === undefined) return 0;
  if (typeof v === 'number') return v;
  const m = /^(\d+)%$/.exec(v);
  if (m) return Math.ceil((Number(m[1]) * total) / 100);
  return /^\d+$/.test(v) ? Number(v) : 0;
}

function rollingParams(ds: KubeObject): RollingUpdate | undefined {
  const s = specOf(ds).updateStrategy;
  return s?.type === 'OnDelete' ? undefined : (s?.rollingUpdate ?? { maxUnavailable: 1, maxSurge: 0 });
}

/** util.AllowsSurge */
export function allowsSurge(ds: KubeObject): boolean {
  return scaledValue(rollingParams(ds)?.maxSurge, 1) > 0;
}

/** IsPodUpdated: the pod carries the current revision hash (or the current template generation) */
export function isPodUpdated(ds: KubeObject, pod: KubeObject, hash: string): boolean {
  const labels = pod.metadata.labels ?? {};
  const generation = templateGeneration(ds);
  return (hash !== '' && labels[REVISION_HASH_LABEL] === hash) || (generation !== undefined && labels[TEMPLATE_GENERATION_LABEL] === generation);
}

/** podByCreationTimestampAndPhase: bound pods first, then oldest, then by name */
export function byAgeBoundFirst(a: KubeObject, b: KubeObject): number {
  const an = (a.spec as { nodeName?: string } | undefined)?.nodeName ? 0 : 1;
  const bn = (b.spec as { nodeName?: string } | undefined)?.nodeName ? 0 : 1;
  if (an !== bn) return an - bn;
  const at = parseTime(a.metadata.creationTimestamp) ?? 0;
  const bt = parseTime(b.metadata.creationTimestamp) ?? 0;
  return at !== bt ? at - bt : (a.metadata.name ?? '').localeCompare(b.metadata.name ?? '');
}

/** getNodesToDaemonPods: pods by the node they are on or pinned to; finished and deleted pods left out unless asked */
export function podsByNode(pods: readonly KubeObject[], includeDeletedTerminal = false): PodsByNode {
  const out: PodsByNode = new Map();
  for (const pod of pods) {
    if (!includeDeletedTerminal && isPodTerminal(pod) && pod.metadata.deletionTimestamp) continue;
    const node = targetNodeName(pod);
    if (!node) continue;
    out.set(node, [...(out.get(node) ?? []), pod]);
  }
  return out;
}

export interface ManagePlan {
  /** nodes that need a daemon pod */
  create: string[];
  /** pods to delete (graceful) */
  remove: string[];
  /** bound pods of nodes that no longer exist, deleted at once (kube's pod GC does this) */
  forceRemove: string[];
  /** failed pods being replaced, for the FailedDaemonPod event */
  failed: { pod: string; node: string }[];
  /** failed pods still in backoff: look again then */
  retryAfterMs: number | undefined;
}

/** the failed-pod backoff (1 s doubling to 15 min per DaemonSet and node), so kubelet rejections do not hot-loop */
export interface FailedPodBackoff {
  inBackoff(key: string, now: number): number | undefined;
  next(key: string, now: number): void;
}

/** manage: podsShouldBeOnNode for every node, plus the pods of nodes that are gone */
export function planManage(ds: KubeObject, nodes: readonly KubeObject[], byNode: PodsByNode, hash: string, now: number, backoff: FailedPodBackoff): ManagePlan {
  const plan: ManagePlan = { create: [], remove: [], forceRemove: [], failed: [], retryAfterMs: undefined };
  const dsKey = `${ds.metadata.namespace ?? ''}/${ds.metadata.name ?? ''}`;
  const names = new Set(nodes.map((n) => n.metadata.name ?? ''));
  for (const node of nodes) {
    const name = node.metadata.name ?? '';
    const { shouldRun, shouldContinueRunning } = nodeShouldRunDaemonPod(node, ds);
    const pods = byNode.get(name);
    if (shouldRun && !pods) {
      plan.create.push(name);
    } else if (shouldContinueRunning && pods) {
      const running: KubeObject[] = [];
      for (const pod of pods) {
        if (pod.metadata.deletionTimestamp) continue;
        if (podPhase(pod) === 'Failed') {
          const key = `${dsKey}/${name}`;
          const wait = backoff.inBackoff(key, now);
          if (wait !== undefined) {
            plan.retryAfterMs = Math.min(plan.retryAfterMs ?? Infinity, wait);
            continue;
          }
          backoff.next(key, now);
          plan.failed.push({ pod: pod.metadata.name ?? '', node: name });
          plan.remove.push(pod.metadata.name ?? '');
        } else if (podPhase(pod) === 'Succeeded') plan.remove.push(pod.metadata.name ?? '');
        else running.push(pod);
      }
      plan.remove.push(...extraPods(ds, running, hash, now));
    } else if (!shouldContinueRunning && pods) {
      for (const pod of pods) if (!pod.metadata.deletionTimestamp) plan.remove.push(pod.metadata.name ?? '');
    }
  }
  // getUnscheduledPodsWithoutNode, and pod GC's orphan sweep for bound ones
  for (const [node, pods] of byNode) {
    if (names.has(node)) continue;
    for (const pod of pods) {
      if ((pod.spec as { nodeName?: string } | undefined)?.nodeName) plan.forceRemove.push(pod.metadata.name ?? '');
      else if (!pod.metadata.deletionTimestamp) plan.remove.push(pod.metadata.name ?? '');
    }
  }
  return plan;
}

/** more than one live pod on a node: without surge keep the oldest; with surge keep the oldest new and, until it is available, the oldest old */
function extraPods(ds: KubeObject, running: KubeObject[], hash: string, now: number): string[] {
  if (running.length <= 1) return [];
  const sorted = [...running].sort(byAgeBoundFirst);
  if (!allowsSurge(ds)) return sorted.slice(1).map((p) => p.metadata.name ?? '');
  const out: string[] = [];
  let oldestNew: KubeObject | undefined;
  let oldestOld: KubeObject | undefined;
  for (const pod of sorted) {
    const isNew = pod.metadata.labels?.[REVISION_HASH_LABEL] === hash;
    if (isNew && !oldestNew) oldestNew = pod;
    else if (!isNew && !oldestOld) oldestOld = pod;
    else out.push(pod.metadata.name ?? '');
  }
  if (oldestNew && oldestOld && (!isPodReady(oldestOld) || isPodAvailable(oldestNew, minReadySeconds(ds), now))) out.push(oldestOld.metadata.name ?? '');
  return out;
}

/** findUpdatedPodsOnNode: at most one new and one old live pod, else ok=false */
function updatedPodsOnNode(ds: KubeObject, pods: readonly KubeObject[], hash: string): { newPod?: KubeObject; oldPod?: KubeObject; ok: boolean } {
  let newPod: KubeObject | undefined;
  let oldPod: KubeObject | undefined;
  for (const pod of pods) {
    if (pod.metadata.deletionTimestamp) continue;
    if (isPodUpdated(ds, pod, hash)) {
      if (newPod) return { ok: false };
      newPod = pod;
    } else {
      if (oldPod) return { ok: false };
      oldPod = pod;
    }
  }
  return { newPod, oldPod, ok: true };
}

export interface RolloutPlan {
  remove: string[];
  create: string[];
}

/** rollingUpdate: replace old pods without more than maxUnavailable nodes short of an available pod (or with up to maxSurge extra pods) */
export function planRollingUpdate(ds: KubeObject, nodes: readonly KubeObject[], byNode: PodsByNode, hash: string, now: number): RolloutPlan {
  const params = rollingParams(ds);
  if (!params) return { remove: [], create: [] };
  const minReady = minReadySeconds(ds);
  const available = (p: KubeObject): boolean => isPodAvailable(p, minReady, now);
  const nodeByName = new Map(nodes.map((n) => [n.metadata.name ?? '', n]));
  const candidates = new Map(byNode);
  let desired = 0;
  for (const node of nodes) {
    if (!nodeShouldRunDaemonPod(node, ds).shouldRun) continue;
    desired++;
    if (!candidates.has(node.metadata.name ?? '')) candidates.set(node.metadata.name ?? '', []);
  }
  let maxUnavailable = scaledValue(params.maxUnavailable, desired);
  const maxSurge = scaledValue(params.maxSurge, desired);
  if (desired > 0 && maxUnavailable === 0 && maxSurge === 0) maxUnavailable = 1;

  const ctx: RolloutContext = { ds, hash, available, nodeByName, desired };
  return maxSurge === 0 ? planWithoutSurge(ctx, candidates, maxUnavailable) : planWithSurge(ctx, candidates, maxSurge);
}

interface RolloutContext {
  ds: KubeObject;
  hash: string;
  available: (p: KubeObject) => boolean;
  nodeByName: Map<string, KubeObject>;
  desired: number;
}

/** no surge: delete just enough old pods to stay within maxUnavailable; manage creates their replacements */
function planWithoutSurge({ ds, hash, available }: RolloutContext, candidates: PodsByNode, maxUnavailable: number): RolloutPlan {
  let unavailable = 0;
  const replace: string[] = [];
  const optional: string[] = [];
  for (const pods of candidates.values()) {
    const { newPod, oldPod, ok } = updatedPodsOnNode(ds, pods, hash);
    if (!ok || (!oldPod && !newPod) || (oldPod && newPod)) unavailable++;
    else if (newPod) {
      if (!available(newPod)) unavailable++;
    } else if (oldPod) {
      // an unavailable old pod is replaced at once; available ones only within the budget
      if (!available(oldPod)) replace.push(oldPod.metadata.name ?? '');
      else if (unavailable < maxUnavailable) optional.push(oldPod.metadata.name ?? '');
    }
  }
  const room = Math.min(Math.max(0, maxUnavailable - unavailable), optional.length);
  return { remove: [...replace, ...optional.slice(0, room)], create: [] };
}

/** surge: a new pod starts beside each old one (up to maxSurge at a time); the old one goes once the new is available */
function planWithSurge({ ds, hash, available, nodeByName, desired }: RolloutContext, candidates: PodsByNode, maxSurge: number): RolloutPlan {
  const remove: string[] = [];
  const shouldNotRun: string[] = [];
  const allowed: string[] = [];
  const candidateNodes: string[] = [];
  let surge = 0;
  let numAvailable = 0;
  for (const [nodeName, pods] of candidates) {
    const { newPod, oldPod, ok } = updatedPodsOnNode(ds, pods, hash);
    if (!ok) {
      surge++;
      continue;
    }
    if (oldPod ? available(oldPod) : newPod ? available(newPod) : false) numAvailable++;
    const node = nodeByName.get(nodeName);
    const runs = node ? nodeShouldRunDaemonPod(node, ds).shouldRun : false;
    if (!oldPod) continue;
    if (!newPod) {
      if (!available(oldPod)) {
        if (!runs) remove.push(oldPod.metadata.name ?? '');
        else allowed.push(nodeName);
      } else if (!runs) shouldNotRun.push(oldPod.metadata.name ?? '');
      else if (surge < maxSurge) candidateNodes.push(nodeName);
    } else if (!available(newPod)) surge++;
    else remove.push(oldPod.metadata.name ?? '');
  }
  // pods on nodes that no longer fit go only once enough are available elsewhere
  const deletable = Math.min(Math.max(0, numAvailable - desired), shouldNotRun.length);
  remove.push(...shouldNotRun.slice(0, deletable));
  const room = Math.min(Math.max(0, maxSurge - surge), candidateNodes.length);
  return { remove, create: [...allowed, ...candidateNodes.slice(0, room)] };
}

export interface DaemonSetCounts {
  desiredNumberScheduled: number;
  currentNumberScheduled: number;
  numberMisscheduled: number;
  numberReady: number;
  updatedNumberScheduled: number;
  numberAvailable: number;
  numberUnavailable: number;
}

/** updateDaemonSetStatus's counting, over the oldest pod of each node */
export function countStatus(ds: KubeObject, nodes: readonly KubeObject[], byNode: PodsByNode, hash: string, now: number): DaemonSetCounts {
  const c: DaemonSetCounts = { desiredNumberScheduled: 0, currentNumberScheduled: 0, numberMisscheduled: 0, numberReady: 0, updatedNumberScheduled: 0, numberAvailable: 0, numberUnavailable: 0 };
  for (const node of nodes) {
    const pods = byNode.get(node.metadata.name ?? '') ?? [];
    if (!nodeShouldRunDaemonPod(node, ds).shouldRun) {
      if (pods.length) c.numberMisscheduled++;
      continue;
    }
    c.desiredNumberScheduled++;
    const pod = [...pods].sort(byAgeBoundFirst)[0];
    if (!pod) continue;
    c.currentNumberScheduled++;
    if (isPodReady(pod)) {
      c.numberReady++;
      if (isPodAvailable(pod, minReadySeconds(ds), now)) c.numberAvailable++;
    }
    if (isPodUpdated(ds, pod, hash)) c.updatedNumberScheduled++;
  }
  c.numberUnavailable = c.desiredNumberScheduled - c.numberAvailable;
  return c;
}
