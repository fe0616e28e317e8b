// kube-controller-manager's deployment controller (pkg/controller/deployment): watches
// Deployments, ReplicaSets and pods; each sync claims the Deployment's ReplicaSets and
// then, as syncDeployment does: status only while deleting, Paused/Resumed conditions,
// resizing only when paused or scaled, otherwise a Recreate or RollingUpdate step.
// Strategy code is in deployment-rolling.ts, shared steps in deployment-sync.ts.
import type { ApiClient } from '../../common/client/api-client.js';
import { EventRecorder } from '../../common/client/event-recorder.js';
import { Informer, objectKey } from '../../common/client/informer.js';
import { WorkQueue } from '../../common/client/work-queue.js';
import { matchesRequirements, selectorToRequirements } from '../../common/label-selector.js';
import { claimObjects, controllerOf } from './controller-ref.js';
import { rolloutRecreate, rolloutRolling } from './deployment-rolling.js';
import type { DeploymentContext, SyncState } from './deployment-sync.js';
import { checkPausedConditions, getAllReplicaSetsAndSyncRevision, isScalingEvent, sync, syncDeploymentStatus, writeDeploymentStatus } from './deployment-sync.js';
import type { Deployment, Pod, ReplicaSet } from './workload-types.js';
import { DEPLOYMENT_PATH, POD_PATH, RS_PATH } from './workload-types.js';
import type { Clock } from './workload-support.js';
import { checkClock, checkNumber, runWorker, systemClock, withKind } from './workload-support.js';

export const REASON_SELECTING_ALL = 'SelectingAll';

/** setTimeout's ceiling: a later deadline is checked again at this interval */
const MAX_TIMER_MS = 2 ** 31 - 1;

export interface DeploymentControllerConfig {
  clock: Clock;
  /** --concurrent-deployment-syncs (5) */
  workers: number;
  /** per-key backoff: client-go's 5 ms doubling to 1000 s */
  backoffBaseMs: number;
  backoffMaxMs: number;
  onError?: (key: string, e: unknown) => void;
}

export function deploymentControllerConfig(c: Partial<DeploymentControllerConfig> = {}): DeploymentControllerConfig {
  const component = 'deployment-controller';
  return {
    clock: checkClock(component, c.clock ?? systemClock),
    workers: checkNumber(component, 'workers', c.workers ?? 5, 1, true),
    backoffBaseMs: checkNumber(component, 'backoffBaseMs', c.backoffBaseMs ?? 5, 1),
    backoffMaxMs: checkNumber(component, 'backoffMaxMs', c.backoffMaxMs ?? 1_000_000, 1),
    onError: c.onError,
  };
}

function selectorMatcher(d: Deployment): ((labels: Record<string, string> | undefined) => boolean) | undefined {
  const reqs = selectorToRequirements(d.spec.selector);
  return reqs ? (labels) => matchesRequirements(reqs, labels) : undefined;
}

export class DeploymentController {
  private readonly config: DeploymentControllerConfig;
  private readonly queue: WorkQueue;
  private readonly deployments: Informer<Deployment>;
  private readonly replicaSets: Informer<ReplicaSet>;
  private readonly pods: Informer<Pod>;
  private readonly ctx: DeploymentContext;
  /** per key, the resourceVersion our last status write replaced: a cache still showing it is stale */
  private readonly writtenOver = new Map<string, string>();

  constructor(
    private readonly client: ApiClient,
    config: Partial<DeploymentControllerConfig> = {},
  ) {
    this.config = deploymentControllerConfig(config);
    this.queue = new WorkQueue({ baseDelayMs: this.config.backoffBaseMs, maxDelayMs: this.config.backoffMaxMs });
    this.deployments = new Informer<Deployment>(client, DEPLOYMENT_PATH);
    this.replicaSets = new Informer<ReplicaSet>(client, RS_PATH);
    this.pods = new Informer<Pod>(client, POD_PATH);
    this.ctx = {
      client,
      recorder: new EventRecorder(client, { component: 'deployment-controller' }, this.config.clock),
      clock: this.config.clock,
      cachedReplicaSet: (key) => this.replicaSets.get(key),
      enqueueAfter: (d, ms) => this.queue.addAfter(objectKey(d), Math.min(Math.max(0, ms), MAX_TIMER_MS)),
      enqueueRateLimited: (d) => this.queue.addRateLimited(objectKey(d)),
    };
    this.deployments.on((e) => {
      if (e.type === 'delete') this.writtenOver.delete(objectKey(e.obj));
      this.queue.add(objectKey(e.obj));
    });
    this.replicaSets.on((e) => {
      if (e.type === 'add') this.addReplicaSet(e.obj);
      else if (e.type === 'update') this.updateReplicaSet(e.obj, e.old);
      else this.deleteReplicaSet(e.obj);
    });
    this.pods.on((e) => {
      if (e.type === 'delete') this.deletePod(e.obj);
    });
  }

  start(): void {
    this.deployments.start();
    this.replicaSets.start();
    this.pods.start();
    void this.synced().then(() => {
      for (let i = 0; i < this.config.workers; i++) void runWorker(this.queue, (k) => this.reconcile(k), this.config.onError);
    });
  }

  stop(): void {
    this.deployments.stop();
    this.replicaSets.stop();
    this.pods.stop();
    this.queue.shutdown();
  }

  synced(): Promise<void> {
    return Promise.all([this.deployments.hasSynced(), this.replicaSets.hasSynced(), this.pods.hasSynced()]).then(() => undefined);
  }

  private resolveControllerRef(obj: ReplicaSet): Deployment | undefined {
    const ref = controllerOf(obj);
    if (!ref || ref.kind !== 'Deployment') return undefined;
    const d = this.deployments.get(`${obj.metadata.namespace ?? ''}/${ref.name}`);
    return d && d.metadata.uid === ref.uid ? d : undefined;
  }

  /** getDeploymentsForReplicaSet: Deployments whose selector matches an orphan */
  private deploymentsSelecting(rs: ReplicaSet): Deployment[] {
    return this.deployments.list().filter((d) => d.metadata.namespace === rs.metadata.namespace && (selectorMatcher(d)?.(rs.metadata.labels) ?? false));
  }

  private enqueue(d: Deployment | undefined): void {
    if (d) this.queue.add(objectKey(d));
  }

  private addReplicaSet(rs: ReplicaSet): void {
    if (rs.metadata.deletionTimestamp) return this.deleteReplicaSet(rs);
    if (controllerOf(rs)) return this.enqueue(this.resolveControllerRef(rs));
    for (const d of this.deploymentsSelecting(rs)) this.enqueue(d);
  }

  private updateReplicaSet(cur: ReplicaSet, old: ReplicaSet): void {
    if (cur.metadata.resourceVersion === old.metadata.resourceVersion) return;
    const curRef = controllerOf(cur);
    const oldRef = controllerOf(old);
    const refChanged = JSON.stringify(curRef) !== JSON.stringify(oldRef);
    if (refChanged && oldRef) this.enqueue(this.resolveControllerRef(old));
    if (curRef) return this.enqueue(this.resolveControllerRef(cur));
    const labelChanged = JSON.stringify(cur.metadata.labels ?? {}) !== JSON.stringify(old.metadata.labels ?? {});
    if (labelChanged || refChanged) for (const d of this.deploymentsSelecting(cur)) this.enqueue(d);
  }

  private deleteReplicaSet(rs: ReplicaSet): void {
    this.enqueue(this.resolveControllerRef(rs));
  }

  /** a Recreate rollout waits for the last old pod to go: sync when it has */
  private deletePod(pod: Pod): void {
    const ref = controllerOf(pod);
    if (!ref || ref.kind !== 'ReplicaSet') return;
    const rs = this.replicaSets.get(`${pod.metadata.namespace ?? ''}/${ref.name}`);
    if (!rs || rs.metadata.uid !== ref.uid) return;
    const d = this.resolveControllerRef(rs);
    if (!d || d.spec.strategy?.type !== 'Recreate') return;
    const rsList = this.replicaSets.list().filter((r) => controllerOf(r)?.uid === d.metadata.uid);
    const remaining = [...this.podsByReplicaSet(d, rsList).values()].reduce((n, l) => n + l.length, 0);
    if (remaining === 0) this.enqueue(d);
  }

  /** getPodMapForDeployment: the Deployment's pods grouped by the ReplicaSet controlling them */
  private podsByReplicaSet(d: Deployment, rsList: readonly ReplicaSet[]): Map<string, Pod[]> {
    const map = new Map<string, Pod[]>(rsList.map((rs) => [rs.metadata.uid ?? '', []]));
    const matcher = selectorMatcher(d);
    if (!matcher) return map;
    for (const pod of this.pods.list()) {
      if (pod.metadata.namespace !== d.metadata.namespace || !matcher(pod.metadata.labels)) continue;
      map.get(controllerOf(pod)?.uid ?? '')?.push(pod);
    }
    return map;
  }

  /**
   * syncDeployment for one namespace/name key. A cache that still shows the version our
   * own last write replaced is skipped: that write's watch event is on its way and will
   * queue the key again, so the sync would only fail with a conflict.
   */
  async reconcile(key: string): Promise<void> {
    const cached = this.deployments.get(key);
    if (!cached) return;
    const rv = cached.metadata.resourceVersion ?? '';
    if (this.writtenOver.get(key) === rv) return;
    const d = structuredClone(withKind(cached, 'apps/v1', 'Deployment'));
    try {
      await this.syncDeployment(d);
    } finally {
      if (d.metadata.resourceVersion !== rv) this.writtenOver.set(key, rv);
    }
  }

  private async syncDeployment(d: Deployment): Promise<void> {
    const sel = d.spec.selector ?? {};
    if (Object.keys(sel.matchLabels ?? {}).length === 0 && (sel.matchExpressions ?? []).length === 0) {
      this.ctx.recorder.event(d, 'Warning', REASON_SELECTING_ALL, 'This deployment is selecting all pods. A non-empty selector is required.');
      if ((d.status?.observedGeneration ?? 0) < (d.metadata.generation ?? 0)) {
        d.status = { ...(d.status ?? {}), observedGeneration: d.metadata.generation };
        await writeDeploymentStatus(this.ctx, { d, rsList: [] });
      }
      return;
    }
    const rsList = await this.claimReplicaSets(d);
    const podMap = this.podsByReplicaSet(d, rsList);
    const st: SyncState = { d, rsList };
    if (d.metadata.deletionTimestamp) {
      // syncStatusOnly: a Deployment being deleted only reports
      const { newRS, oldRSs } = await getAllReplicaSetsAndSyncRevision(this.ctx, st, false);
      return syncDeploymentStatus(this.ctx, st, [...oldRSs, newRS], newRS);
    }
    await checkPausedConditions(this.ctx, st);
    if (d.spec.paused) return sync(this.ctx, st);
    if (await isScalingEvent(this.ctx, st)) return sync(this.ctx, st);
    const type = d.spec.strategy?.type ?? 'RollingUpdate';
    if (type === 'Recreate') return rolloutRecreate(this.ctx, st, podMap);
    if (type === 'RollingUpdate') return rolloutRolling(this.ctx, st);
    throw new Error(`unexpected strategy type: ${type}`);
  }

  /** getReplicaSetsForDeployment: adopt matching orphans, release ReplicaSets that stopped matching */
  private async claimReplicaSets(d: Deployment): Promise<ReplicaSet[]> {
    const matcher = selectorMatcher(d);
    if (!matcher) return [];
    const candidates = this.replicaSets.list().filter((rs) => rs.metadata.namespace === d.metadata.namespace);
    const claimed = await claimObjects<ReplicaSet>(
      { client: this.client, owner: d, ownerPath: DEPLOYMENT_PATH, ownerApiVersion: 'apps/v1', ownerKind: 'Deployment', path: RS_PATH, match: (rs) => matcher(rs.metadata.labels) },
      candidates,
    );
    // adopted ones are re-read so the sync sees their new ownerReference and resourceVersion
    return Promise.all(claimed.map(async (rs) => (controllerOf(rs)?.uid === d.metadata.uid ? structuredClone(rs) : this.client.get<ReplicaSet>({ ...RS_PATH, namespace: rs.metadata.namespace }, rs.metadata.name ?? ''))));
  }
}
