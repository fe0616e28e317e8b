// kube-controller-manager's daemonset-controller (pkg/controller/daemon, 1.32): one pod
// per eligible node, pinned to it by node affinity for the scheduler to bind; pods of
// nodes that stop qualifying are deleted; a template change rolls out node by node
// (RollingUpdate's maxUnavailable / maxSurge, or OnDelete); each template is kept as a
// ControllerRevision; the status counters feed `kubectl get ds` and `rollout status`.
// Expectations keep a burst of watch events from creating a node's pod twice.
import type { KubeObject, OwnerReference } from '../../common/kube-types.js';
import type { LabelSelector } from '../../common/label-selector.js';
import { selectorMatches } from '../../common/label-selector.js';
import type { ApiClient } from '../../common/client/api-client.js';
import { ApiClientError } from '../../common/client/api-client.js';
import { EventRecorder } from '../../common/client/event-recorder.js';
import { Informer, objectKey } from '../../common/client/informer.js';
import { WorkQueue } from '../../common/client/work-queue.js';
import type { ControllerClock } from './controller-support.js';
import { checkNumber, isApiError, isConflict, isNotFound, realClock, runWorker, withKind } from './controller-support.js';
import { cleanupHistory, constructHistory, REVISIONS } from './daemonset-history.js';
import type { FailedPodBackoff } from './daemonset-rollout.js';
import { countStatus, minReadySeconds, planManage, planRollingUpdate, podsByNode } from './daemonset-rollout.js';
import { newDaemonPod } from './daemonset-scheduling.js';
import { DaemonSetExpectations, adoptionPatch, releasePatch } from './daemonset-support.js';
import { taintsOf } from './node-taints.js';

export const REASON_SUCCESSFUL_CREATE = 'SuccessfulCreate';
export const REASON_FAILED_CREATE = 'FailedCreate';
export const REASON_SUCCESSFUL_DELETE = 'SuccessfulDelete';
export const REASON_FAILED_DELETE = 'FailedDelete';
export const REASON_FAILED_DAEMON_POD = 'FailedDaemonPod';
export const REASON_SELECTING_ALL = 'SelectingAll';

export interface DaemonSetControllerConfig {
  clock: ControllerClock;
  /** --concurrent-daemonset-syncs (2) */
  workers: number;
  /** BurstReplicas: at most this many creates/deletes per sync (250) */
  burstReplicas: number;
  /** ExpectationsTimeout: unobserved creates/deletes stop blocking syncs after this (5 min) */
  expectationsTimeoutMs: number;
  onError?: (key: string, e: unknown) => void;
}

export function daemonSetControllerConfig(c: Partial<DaemonSetControllerConfig> = {}): DaemonSetControllerConfig {
  const cfg = { clock: c.clock ?? realClock, workers: c.workers ?? 2, burstReplicas: c.burstReplicas ?? 250, expectationsTimeoutMs: c.expectationsTimeoutMs ?? 300_000, onError: c.onError };
  checkNumber('daemonset-controller', 'workers', cfg.workers, 1);
  checkNumber('daemonset-controller', 'burstReplicas', cfg.burstReplicas, 1);
  checkNumber('daemonset-controller', 'expectationsTimeoutMs', cfg.expectationsTimeoutMs, 0);
  return cfg;
}

const DAEMONSETS = { group: 'apps', version: 'v1', resource: 'daemonsets' };
const PODS = { group: '', version: 'v1', resource: 'pods' };
const NODES = { group: '', version: 'v1', resource: 'nodes' };

function controllerRef(obj: KubeObject): OwnerReference | undefined {
  return (obj.metadata.ownerReferences ?? []).find((o) => o.controller === true);
}

function selectorOf(ds: KubeObject): LabelSelector | undefined {
  return (ds.spec as { selector?: LabelSelector } | undefined)?.selector;
}

const errorText = (e: unknown): string => (e instanceof Error ? e.message : String(e));

export class DaemonSetController {
  readonly config: DaemonSetControllerConfig;
  private readonly queue = new WorkQueue({ baseDelayMs: 100, maxDelayMs: 60_000 });
  private readonly daemonSets: Informer;
  private readonly pods: Informer;
  private readonly nodes: Informer;
  private readonly revisions: Informer;
  private readonly recorder: EventRecorder;
  private readonly expectations: DaemonSetExpectations;
  private readonly backoff = new Map<string, { delayMs: number; until: number }>();
  private readonly failedBackoff: FailedPodBackoff;

  constructor(
    private readonly client: ApiClient,
    config: Partial<DaemonSetControllerConfig> = {},
  ) {
    this.config = daemonSetControllerConfig(config);
    this.recorder = new EventRecorder(client, { component: 'daemonset-controller' }, this.config.clock);
    this.expectations = new DaemonSetExpectations(this.config.clock, this.config.expectationsTimeoutMs);
    this.failedBackoff = {
      inBackoff: (key, now) => {
        const b = this.backoff.get(key);
        return b && now < b.until ? b.until - now : undefined;
      },
      next: (key, now) => {
        const delayMs = Math.min((this.backoff.get(key)?.delayMs ?? 500) * 2, 15 * 60_000);
        this.backoff.set(key, { delayMs, until: now + delayMs });
      },
    };
    this.daemonSets = new Informer(client, DAEMONSETS);
    this.pods = new Informer(client, PODS);
    this.nodes = new Informer(client, NODES);
    this.revisions = new Informer(client, REVISIONS);
    this.daemonSets.on((e) => this.queue.add(objectKey(e.obj)));
    this.pods.on((e) => this.onPod(e.type, e.obj, e.type === 'update' ? e.old : undefined));
    this.nodes.on((e) => {
      // heartbeats do not move daemon pods; labels, taints and cordoning may
      const shape = (n: KubeObject): string => JSON.stringify([n.metadata.labels ?? {}, taintsOf(n), (n.spec as { unschedulable?: boolean } | undefined)?.unschedulable ?? false]);
      if (e.type === 'update' && shape(e.old) === shape(e.obj)) return;
      for (const ds of this.daemonSets.list()) this.queue.add(objectKey(ds));
    });
    this.revisions.on((e) => {
      const ref = controllerRef(e.obj);
      if (ref?.kind === 'DaemonSet') this.queue.add(`${e.obj.metadata.namespace ?? ''}/${ref.name}`);
    });
  }

  start(): void {
    for (const i of [this.daemonSets, this.pods, this.nodes, this.revisions]) i.start();
    void this.hasSynced().then(() => {
      for (let i = 0; i < this.config.workers; i++) void runWorker(this.queue, (k) => this.reconcile(k), this.config.onError);
    });
  }

  stop(): void {
    for (const i of [this.daemonSets, this.pods, this.nodes, this.revisions]) i.stop();
    this.queue.shutdown();
  }

  async hasSynced(): Promise<void> {
    await Promise.all([this.daemonSets.hasSynced(), this.pods.hasSynced(), this.nodes.hasSynced(), this.revisions.hasSynced()]);
  }

  /** the DaemonSet a controller reference points at, if it is still that object */
  private owner(namespace: string, ref: OwnerReference | undefined): string | undefined {
    if (ref?.kind !== 'DaemonSet') return undefined;
    const key = `${namespace}/${ref.name}`;
    return this.daemonSets.get(key)?.metadata.uid === ref.uid ? key : undefined;
  }

  /** addPod / updatePod / deletePod: expectations are lowered, the owner (or would-be owners of an orphan) queued */
  private onPod(type: 'add' | 'update' | 'delete', pod: KubeObject, old: KubeObject | undefined): void {
    const ns = pod.metadata.namespace ?? '';
    const key = this.owner(ns, controllerRef(pod));
    if (old) {
      const oldKey = this.owner(ns, controllerRef(old));
      if (oldKey && oldKey !== key) this.queue.add(oldKey);
    }
    if (key) {
      const deleting = type === 'delete' || (pod.metadata.deletionTimestamp !== undefined && !old?.metadata.deletionTimestamp);
      if (deleting) this.expectations.deletionObserved(key);
      else if (type === 'add') this.expectations.creationObserved(key);
      this.queue.add(key);
      return;
    }
    if (type === 'delete' || controllerRef(pod)) return;
    for (const ds of this.daemonSets.list()) {
      if (ds.metadata.namespace === ns && selectorMatches(selectorOf(ds), pod.metadata.labels)) this.queue.add(objectKey(ds));
    }
  }

  /** syncDaemonSet */
  async reconcile(key: string): Promise<void> {
    const ds = this.daemonSets.get(key);
    if (!ds) {
      this.expectations.delete(key);
      return;
    }
    const selector = selectorOf(ds);
    if (!selector || (Object.keys(selector.matchLabels ?? {}).length === 0 && (selector.matchExpressions ?? []).length === 0)) {
      this.recorder.event(withKind(ds, 'apps/v1', 'DaemonSet'), 'Warning', REASON_SELECTING_ALL, 'This daemon set is selecting all pods. A non-empty selector is required.');
      return;
    }
    // a DaemonSet being deleted: its history may be half gone, so neither pods nor status are touched
    if (ds.metadata.deletionTimestamp) return;
    const nodes = this.nodes.list();
    const owned = this.revisions.list().filter((r) => r.metadata.namespace === ds.metadata.namespace && controllerRef(r)?.uid === ds.metadata.uid);
    const history = await constructHistory(this.client, ds, owned);
    if (!this.expectations.satisfied(key)) {
      await this.updateStatus(ds, nodes, history.hash, false);
      return;
    }
    let failure: unknown;
    try {
      const pods = await this.claimPods(ds);
      await this.manage(ds, nodes, pods, history.hash);
      if (this.expectations.satisfied(key)) {
        const plan = planRollingUpdate(ds, nodes, podsByNode(pods), history.hash, this.config.clock.now());
        await this.syncNodes(ds, plan.remove, plan.create, [], history.hash);
      }
      await cleanupHistory(this.client, ds, history.old, pods);
    } catch (e) {
      failure = e;
    }
    await this.updateStatus(ds, nodes, history.hash, true);
    if (failure !== undefined) throw failure instanceof Error ? failure : new Error(errorText(failure));
  }

  /** ClaimPods: owned pods that still match, plus matching orphans adopted; owned ones that stopped matching are released */
  private async claimPods(ds: KubeObject): Promise<KubeObject[]> {
    const out: KubeObject[] = [];
    const path = { ...PODS, namespace: ds.metadata.namespace };
    for (const pod of this.pods.list()) {
      if (pod.metadata.namespace !== ds.metadata.namespace) continue;
      const ref = controllerRef(pod);
      const matches = selectorMatches(selectorOf(ds), pod.metadata.labels);
      try {
        if (ref) {
          if (ref.uid !== ds.metadata.uid) continue;
          if (matches) out.push(pod);
          else if (!pod.metadata.deletionTimestamp) await this.client.patch(path, pod.metadata.name ?? '', releasePatch(pod, ds), 'merge');
        } else if (matches && !pod.metadata.deletionTimestamp) {
          out.push(await this.client.patch(path, pod.metadata.name ?? '', adoptionPatch(pod, ds), 'merge'));
        }
      } catch (e) {
        // gone or changed meanwhile: the pod's next event brings it back
        if (!isNotFound(e) && !isConflict(e) && !isApiError(e, 422)) throw e;
      }
    }
    return out;
  }

  private async manage(ds: KubeObject, nodes: KubeObject[], pods: KubeObject[], hash: string): Promise<void> {
    const plan = planManage(ds, nodes, podsByNode(pods), hash, this.config.clock.now(), this.failedBackoff);
    const dsObj = withKind(ds, 'apps/v1', 'DaemonSet');
    for (const f of plan.failed) {
      this.recorder.event(dsObj, 'Warning', REASON_FAILED_DAEMON_POD, `Found failed daemon pod ${ds.metadata.namespace ?? ''}/${f.pod} on node ${f.node}, will try to kill it`);
    }
    if (plan.retryAfterMs !== undefined) this.queue.addAfter(objectKey(ds), plan.retryAfterMs);
    await this.syncNodes(ds, plan.remove, plan.create, plan.forceRemove, hash);
  }

  /** syncNodes: deletes and slow-start batched creates (1, 2, 4, …), each counted in the expectations first */
  private async syncNodes(ds: KubeObject, remove: string[], create: string[], forceRemove: string[], hash: string): Promise<void> {
    const key = objectKey(ds);
    const createDiff = Math.min(create.length, this.config.burstReplicas);
    const deletes = remove.slice(0, this.config.burstReplicas);
    if (createDiff === 0 && deletes.length === 0 && forceRemove.length === 0) return;
    this.expectations.set(key, createDiff, deletes.length + forceRemove.length);
    const dsObj = withKind(ds, 'apps/v1', 'DaemonSet');
    const namespace = ds.metadata.namespace ?? '';
    const errors: unknown[] = [];
    for (let pos = 0, batch = Math.min(createDiff, 1); pos < createDiff; pos += batch, batch = Math.min(2 * batch, createDiff - pos)) {
      const before = errors.length;
      await Promise.all(
        create.slice(pos, pos + batch).map(async (node) => {
          try {
            const pod = await this.client.create({ ...PODS, namespace }, newDaemonPod(ds, node, hash));
            this.recorder.event(dsObj, 'Normal', REASON_SUCCESSFUL_CREATE, `Created pod: ${pod.metadata.name ?? ''}`);
          } catch (e) {
            this.expectations.creationObserved(key);
            // a namespace being torn down refuses every create: nothing to report
            if (e instanceof ApiClientError && (e.status.details?.causes ?? []).some((c) => c.reason === 'NamespaceTerminating')) return;
            this.recorder.event(dsObj, 'Warning', REASON_FAILED_CREATE, `Error creating: ${errorText(e)}`);
            errors.push(e);
          }
        }),
      );
      const skipped = createDiff - (pos + batch);
      if (errors.length > before && skipped > 0) {
        this.expectations.lower(key, skipped, 0);
        break;
      }
    }
    const deleteOne = async (name: string, force: boolean): Promise<void> => {
      try {
        await this.client.delete({ ...PODS, namespace }, name, force ? { gracePeriodSeconds: 0 } : {});
        this.recorder.event(dsObj, 'Normal', REASON_SUCCESSFUL_DELETE, `Deleted pod: ${name}`);
      } catch (e) {
        this.expectations.deletionObserved(key);
        if (isNotFound(e)) return;
        this.recorder.event(dsObj, 'Warning', REASON_FAILED_DELETE, `Error deleting: ${errorText(e)}`);
        errors.push(e);
      }
    };
    await Promise.all([...deletes.map((n) => deleteOne(n, false)), ...forceRemove.map((n) => deleteOne(n, true))]);
    const first = errors[0];
    if (first !== undefined) throw first instanceof Error ? first : new Error(errorText(first));
  }

  /** updateDaemonSetStatus + storeDaemonSetStatus (one retry on a fresh read) */
  private async updateStatus(ds: KubeObject, nodes: KubeObject[], hash: string, updateObservedGen: boolean): Promise<void> {
    const now = this.config.clock.now();
    const pods = this.pods.list().filter((p) => p.metadata.namespace === ds.metadata.namespace && controllerRef(p)?.uid === ds.metadata.uid);
    const counts = countStatus(ds, nodes, podsByNode(pods), hash, now);
    const minReady = minReadySeconds(ds);
    if (minReady > 0 && counts.numberReady !== counts.numberAvailable) this.queue.addAfter(objectKey(ds), minReady * 1000);
    const status = (ds.status ?? {}) as Record<string, number | undefined>;
    const generation = ds.metadata.generation ?? 0;
    const same = (Object.keys(counts) as (keyof typeof counts)[]).every((k) => (status[k] ?? 0) === counts[k]);
    if (same && (status['observedGeneration'] ?? 0) >= generation) return;
    const path = { ...DAEMONSETS, namespace: ds.metadata.namespace };
    let target = ds;
    for (let attempt = 0; ; attempt++) {
      const next: Record<string, unknown> = { ...((target.status ?? {}) as Record<string, unknown>), ...counts };
      if (updateObservedGen) next['observedGeneration'] = generation;
      // omitempty fields Go leaves out at zero
      for (const f of ['updatedNumberScheduled', 'numberAvailable', 'numberUnavailable', 'observedGeneration']) if (next[f] === 0) delete next[f];
      try {
        await this.client.update(path, { ...target, status: next }, 'status');
        return;
      } catch (e) {
        if (attempt >= 1 || !isConflict(e)) throw e;
        target = await this.client.get(path, ds.metadata.name ?? '');
      }
    }
  }
}
