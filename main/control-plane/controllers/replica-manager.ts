// The logic kube's ReplicaSet controller and ReplicationManager share
// (pkg/controller/replicaset/replica_set.go; the RC manager is the same code over a
// converted object): informers on pods and owners, expectations, claiming pods through
// ownerReferences, slow-start batch creation, ranked deletion and status. Parameterised
// by kind: set-based selectors for ReplicaSets, equality maps for RCs.
import type { ApiClient, ResourcePath } from '../../common/client/api-client.js';
import { EventRecorder } from '../../common/client/event-recorder.js';
import { Informer, objectKey } from '../../common/client/informer.js';
import { WorkQueue } from '../../common/client/work-queue.js';
import { claimObjects, controllerOf, newControllerRef } from './controller-ref.js';
import { ControllerExpectations, EXPECTATIONS_TIMEOUT_MS } from './expectations.js';
import { isPodActive, isPodReady, podKey, podsToDelete } from './replica-pods.js';
import { calculateReplicaStatus, writeReplicaStatus } from './replica-status.js';
import type { Pod, ReplicaOwner } from './workload-types.js';
import { POD_PATH, replicasOf } from './workload-types.js';
import type { Clock } from './workload-support.js';
import { asError, checkClock, checkNumber, errorMessage, isNamespaceTerminating, isNotFound, runWorker, systemClock, withKind } from './workload-support.js';

// event reasons (pkg/controller/controller_utils.go)
export const REASON_SUCCESSFUL_CREATE = 'SuccessfulCreate';
export const REASON_FAILED_CREATE = 'FailedCreate';
export const REASON_SUCCESSFUL_DELETE = 'SuccessfulDelete';
export const REASON_FAILED_DELETE = 'FailedDelete';

/** controller.SlowStartInitialBatchSize */
const SLOW_START_INITIAL_BATCH = 1;

export type LabelMatcher = (labels: Record<string, string> | undefined) => boolean;

export interface ReplicaKind {
  kind: 'ReplicaSet' | 'ReplicationController';
  apiVersion: string;
  path: ResourcePath;
  /** the event source component */
  component: string;
  /** the owner's selector; undefined when it selects nothing */
  matcher(owner: ReplicaOwner): LabelMatcher | undefined;
}

export interface ReplicaControllerConfig {
  clock: Clock;
  /** --concurrent-replicaset-syncs / --concurrent-rc-syncs (5) */
  workers: number;
  /** the most pods created or deleted in one sync (BurstReplicas, 500) */
  burstReplicas: number;
  /** ExpectationsTimeout: 5 minutes */
  expectationsTimeoutMs: number;
  /** the work queue's per-key backoff: client-go's 5 ms doubling to 1000 s */
  backoffBaseMs: number;
  backoffMaxMs: number;
  onError?: (key: string, e: unknown) => void;
}

export function replicaControllerConfig(component: string, c: Partial<ReplicaControllerConfig> = {}): ReplicaControllerConfig {
  return {
    clock: checkClock(component, c.clock ?? systemClock),
    workers: checkNumber(component, 'workers', c.workers ?? 5, 1, true),
    burstReplicas: checkNumber(component, 'burstReplicas', c.burstReplicas ?? 500, 1, true),
    expectationsTimeoutMs: checkNumber(component, 'expectationsTimeoutMs', c.expectationsTimeoutMs ?? EXPECTATIONS_TIMEOUT_MS, 0),
    backoffBaseMs: checkNumber(component, 'backoffBaseMs', c.backoffBaseMs ?? 5, 1),
    backoffMaxMs: checkNumber(component, 'backoffMaxMs', c.backoffMaxMs ?? 1_000_000, 1),
    onError: c.onError,
  };
}

export class ReplicaManager {
  readonly expectations: ControllerExpectations;
  private readonly queue: WorkQueue;
  private readonly pods: Informer<Pod>;
  private readonly owners: Informer<ReplicaOwner>;
  private readonly recorder: EventRecorder;

  constructor(
    private readonly client: ApiClient,
    private readonly kind: ReplicaKind,
    private readonly config: ReplicaControllerConfig,
  ) {
    this.expectations = new ControllerExpectations(config.clock, config.expectationsTimeoutMs);
    this.queue = new WorkQueue({ baseDelayMs: config.backoffBaseMs, maxDelayMs: config.backoffMaxMs });
    this.recorder = new EventRecorder(client, { component: kind.component }, config.clock);
    this.pods = new Informer<Pod>(client, POD_PATH);
    this.owners = new Informer<ReplicaOwner>(client, kind.path);
    this.owners.on((e) => {
      if (e.type === 'delete') this.expectations.deleteExpectations(objectKey(e.obj));
      this.queue.add(objectKey(e.obj));
    });
    this.pods.on((e) => {
      if (e.type === 'add') this.addPod(e.obj);
      else if (e.type === 'update') this.updatePod(e.obj, e.old);
      else this.deletePod(e.obj);
    });
  }

  start(): void {
    this.pods.start();
    this.owners.start();
    void Promise.all([this.pods.hasSynced(), this.owners.hasSynced()]).then(() => {
      for (let i = 0; i < this.config.workers; i++) void runWorker(this.queue, (k) => this.reconcile(k), this.config.onError);
    });
  }

  stop(): void {
    this.pods.stop();
    this.owners.stop();
    this.queue.shutdown();
  }

  /** resolves once both informers have listed */
  synced(): Promise<void> {
    return Promise.all([this.pods.hasSynced(), this.owners.hasSynced()]).then(() => undefined);
  }

  private resolveControllerRef(pod: Pod): ReplicaOwner | undefined {
    const ref = controllerOf(pod);
    if (!ref || ref.kind !== this.kind.kind) return undefined;
    const owner = this.owners.get(`${pod.metadata.namespace ?? ''}/${ref.name}`);
    return owner && owner.metadata.uid === ref.uid ? owner : undefined;
  }

  /** getPodReplicaSets: owners in the pod's namespace whose selector matches it */
  private ownersSelecting(pod: Pod): ReplicaOwner[] {
    return this.owners.list().filter((o) => o.metadata.namespace === pod.metadata.namespace && (this.kind.matcher(o)?.(pod.metadata.labels) ?? false));
  }

  private addPod(pod: Pod): void {
    if (pod.metadata.deletionTimestamp) {
      // a restarted controller may see a pod already being deleted as an add
      this.deletePod(pod);
      return;
    }
    const owner = this.resolveControllerRef(pod);
    if (controllerOf(pod)) {
      if (!owner) return;
      const key = objectKey(owner);
      this.expectations.creationObserved(key);
      this.queue.add(key);
      return;
    }
    // an orphan: wake every owner that might adopt it
    for (const o of this.ownersSelecting(pod)) this.queue.add(objectKey(o));
  }

  private updatePod(cur: Pod, old: Pod): void {
    if (cur.metadata.resourceVersion === old.metadata.resourceVersion) return;
    const labelChanged = JSON.stringify(cur.metadata.labels ?? {}) !== JSON.stringify(old.metadata.labels ?? {});
    if (cur.metadata.deletionTimestamp) {
      // a graceful deletion: replace the pod now rather than when the kubelet finishes
      this.deletePod(cur);
      if (labelChanged) this.deletePod(old);
      return;
    }
    const curRef = controllerOf(cur);
    const oldRef = controllerOf(old);
    const refChanged = JSON.stringify(curRef) !== JSON.stringify(oldRef);
    if (refChanged && oldRef) {
      const prev = this.resolveControllerRef(old);
      if (prev) this.queue.add(objectKey(prev));
    }
    if (curRef) {
      const owner = this.resolveControllerRef(cur);
      if (!owner) return;
      const key = objectKey(owner);
      this.queue.add(key);
      // availability after minReadySeconds shows in no pod event: look again then
      const minReady = owner.spec.minReadySeconds ?? 0;
      if (!isPodReady(old) && isPodReady(cur) && minReady > 0) this.queue.addAfter(key, minReady * 1000 + 1000);
      return;
    }
    if (labelChanged || refChanged) for (const o of this.ownersSelecting(cur)) this.queue.add(objectKey(o));
  }

  private deletePod(pod: Pod): void {
    const owner = this.resolveControllerRef(pod);
    if (!owner) return;
    const key = objectKey(owner);
    this.expectations.deletionObserved(key, podKey(pod));
    this.queue.add(key);
  }

  /** syncReplicaSet */
  async reconcile(key: string): Promise<void> {
    const cached = this.owners.get(key);
    if (!cached) {
      this.expectations.deleteExpectations(key);
      return;
    }
    const owner = withKind(cached, this.kind.apiVersion, this.kind.kind);
    const needsSync = this.expectations.satisfied(key);
    const matcher = this.kind.matcher(owner);
    if (!matcher) return;
    const ns = owner.metadata.namespace ?? '';
    // every active pod in the namespace: pods that stopped matching but still carry our ref get released
    const active = this.pods.list().filter((p) => p.metadata.namespace === ns && isPodActive(p));
    const claimed = await claimObjects<Pod>(
      {
        client: this.client,
        owner,
        ownerPath: this.kind.path,
        ownerApiVersion: this.kind.apiVersion,
        ownerKind: this.kind.kind,
        path: POD_PATH,
        match: (p) => matcher(p.metadata.labels),
      },
      active,
    );
    let manageError: unknown;
    let deleted = new Set<string>();
    if (needsSync && !owner.metadata.deletionTimestamp) {
      try {
        deleted = await this.manageReplicas(claimed, owner, key);
      } catch (e) {
        manageError = e;
      }
    }
    // pods deleted just now are gone (unbound pods) or terminating (bound ones), which the
    // next sync would drop anyway; counting them would let a Deployment see stale availability
    const live = claimed.filter((p) => !deleted.has(podKey(p)));
    const now = this.config.clock.now();
    const status = calculateReplicaStatus(owner, live, manageError, now);
    const updated = await writeReplicaStatus(this.client, this.kind.path, owner, status);
    const desired = replicasOf(updated);
    const minReady = updated.spec.minReadySeconds ?? 0;
    if (manageError === undefined && minReady > 0 && (updated.status?.readyReplicas ?? 0) === desired && (updated.status?.availableReplicas ?? 0) !== desired) {
      this.queue.addAfter(key, minReady * 1000);
    }
    if (manageError !== undefined) throw asError(manageError);
  }

  /** manageReplicas: create or delete the difference, at most burstReplicas at a time; returns the keys of deleted pods */
  private async manageReplicas(pods: readonly Pod[], owner: ReplicaOwner, key: string): Promise<Set<string>> {
    const deleted = new Set<string>();
    let diff = pods.length - replicasOf(owner);
    if (diff < 0) {
      diff = Math.min(-diff, this.config.burstReplicas);
      // expect them before creating, so the informer's ADDED events are counted even if they arrive first
      this.expectations.expectCreations(key, diff);
      const { successes, error } = await slowStartBatch(diff, SLOW_START_INITIAL_BATCH, () => this.createPod(owner));
      // the creates never attempted will not be observed: stop waiting for them
      for (let i = 0; i < diff - successes; i++) this.expectations.creationObserved(key);
      if (error !== undefined) throw asError(error);
    } else if (diff > 0) {
      diff = Math.min(diff, this.config.burstReplicas);
      const victims = podsToDelete(pods, this.relatedPods(owner), diff, this.config.clock.now());
      this.expectations.expectDeletions(key, victims.map(podKey));
      const results = await Promise.allSettled(victims.map((p) => this.deletePodFor(owner, p)));
      let firstError: unknown;
      results.forEach((r, i) => {
        const victim = victims[i];
        if (!victim) return;
        if (r.status === 'fulfilled') {
          deleted.add(podKey(victim));
          return;
        }
        // the informer will not see this deletion: stop expecting it
        this.expectations.deletionObserved(key, podKey(victim));
        if (!isNotFound(r.reason)) firstError ??= r.reason;
        else deleted.add(podKey(victim));
      });
      if (firstError !== undefined) throw asError(firstError);
    }
    return deleted;
  }

  /** getIndirectlyRelatedPods: pods of every owner controlled by the same controller as this one */
  private relatedPods(owner: ReplicaOwner): Pod[] {
    const ref = controllerOf(owner);
    if (!ref) return [];
    const siblings = new Set(
      this.owners
        .list()
        .filter((o) => o.metadata.namespace === owner.metadata.namespace && controllerOf(o)?.uid === ref.uid)
        .map((o) => o.metadata.uid),
    );
    return this.pods.list().filter((p) => p.metadata.namespace === owner.metadata.namespace && siblings.has(controllerOf(p)?.uid));
  }

  /** RealPodControl.CreatePods: a pod from the template, named <owner>-<5 random> by generateName */
  private async createPod(owner: ReplicaOwner): Promise<void> {
    const template = owner.spec.template ?? {};
    const labels = { ...(template.metadata?.labels ?? {}) };
    if (Object.keys(labels).length === 0) throw new Error('unable to create pods, no labels');
    const pod: Pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        generateName: `${owner.metadata.name ?? ''}-`,
        namespace: owner.metadata.namespace,
        labels,
        ...(template.metadata?.annotations ? { annotations: { ...template.metadata.annotations } } : {}),
        ...(template.metadata?.finalizers ? { finalizers: [...template.metadata.finalizers] } : {}),
        ownerReferences: [newControllerRef(owner, this.kind.apiVersion, this.kind.kind)],
      },
      spec: structuredClone(template.spec ?? {}),
    };
    try {
      const created = await this.client.create<Pod>({ ...POD_PATH, namespace: owner.metadata.namespace }, pod);
      this.recorder.event(owner, 'Normal', REASON_SUCCESSFUL_CREATE, `Created pod: ${created.metadata.name ?? ''}`);
    } catch (e) {
      // a terminating namespace refuses every create: nothing to report or retry
      if (isNamespaceTerminating(e)) return;
      this.recorder.event(owner, 'Warning', REASON_FAILED_CREATE, `Error creating: ${errorMessage(e)}`);
      throw e;
    }
  }

  private async deletePodFor(owner: ReplicaOwner, pod: Pod): Promise<void> {
    const name = pod.metadata.name ?? '';
    try {
      await this.client.delete({ ...POD_PATH, namespace: pod.metadata.namespace }, name);
    } catch (e) {
      if (isNotFound(e)) throw e;
      this.recorder.event(owner, 'Warning', REASON_FAILED_DELETE, `Error deleting: ${errorMessage(e)}`);
      throw new Error(`unable to delete pods: ${errorMessage(e)}`);
    }
    this.recorder.event(owner, 'Normal', REASON_SUCCESSFUL_DELETE, `Deleted pod: ${name}`);
  }
}

/**
 * slowStartBatch: batches of 1, 2, 4, … run concurrently; the first failing batch stops
 * the rest, so a quota or admission error costs one request, not hundreds.
 */
export async function slowStartBatch(count: number, initial: number, fn: () => Promise<void>): Promise<{ successes: number; error?: unknown }> {
  let remaining = count;
  let successes = 0;
  for (let batch = Math.min(remaining, initial); batch > 0; batch = Math.min(2 * batch, remaining)) {
    const results = await Promise.allSettled(Array.from({ length: batch }, () => fn()));
    const failed = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    successes += batch - failed.length;
    if (failed.length) return { successes, error: failed[0]?.reason };
    remaining -= batch;
  }
  return { successes };
}
