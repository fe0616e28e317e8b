// The parts of kube's deployment controller shared by every strategy
// (pkg/controller/deployment/sync.go): finding or creating the new ReplicaSet with its
// revision, scaling ReplicaSets with ScalingReplicaSet events, proportional scaling of
// a Deployment resized mid-rollout, revisionHistoryLimit cleanup, paused conditions and
// status writes.
import type { ApiClient } from '../../common/client/api-client.js';
import type { EventRecorder } from '../../common/client/event-recorder.js';
import { newControllerRef } from './controller-ref.js';
import {
  COND_PROGRESSING,
  REASON_FAILED_RS_CREATE,
  REASON_FOUND_NEW_RS,
  REASON_NEW_RS_CREATED,
  REASON_PAUSED,
  REASON_RESUMED,
  REASON_TIMED_OUT,
  calculateStatus,
  compactStatus,
  getCondition,
  hasProgressDeadline,
  newCondition,
  setCondition,
  statusEqual,
} from './deployment-conditions.js';
import {
  POD_TEMPLATE_HASH_LABEL,
  byCreation,
  byRevision,
  bySizeNewer,
  bySizeOlder,
  desiredReplicasAnnotation,
  equalIgnoreHash,
  filterActive,
  findActiveOrLatest,
  findNewReplicaSet,
  isRollingUpdate,
  isSaturated,
  maxRevision,
  maxSurge,
  newRSNewReplicas,
  proportion,
  replicasAnnotationsNeedUpdate,
  setDeploymentRevision,
  setNewReplicaSetAnnotations,
  setReplicasAnnotations,
  specReplicas,
  sumSpecReplicas,
} from './deployment-util.js';
import { computeHash } from './pod-template-hash.js';
import type { Deployment, ReplicaSet } from './workload-types.js';
import { DEPLOYMENT_PATH, RS_PATH } from './workload-types.js';
import type { Clock } from './workload-support.js';
import { errorMessage, isAlreadyExists, isNamespaceTerminating, isNotFound, withKind } from './workload-support.js';

export const REASON_SCALING_REPLICA_SET = 'ScalingReplicaSet';

export interface DeploymentContext {
  client: ApiClient;
  recorder: EventRecorder;
  clock: Clock;
  /** the cached ReplicaSet by namespace/name (the AlreadyExists path reads it) */
  cachedReplicaSet(key: string): ReplicaSet | undefined;
  enqueueAfter(d: Deployment, ms: number): void;
  enqueueRateLimited(d: Deployment): void;
}

/** one sync's working state: a copy of the Deployment and its claimed ReplicaSets, updated as writes succeed */
export interface SyncState {
  d: Deployment;
  rsList: ReplicaSet[];
}

function event(ctx: DeploymentContext, d: Deployment, type: 'Normal' | 'Warning', reason: string, message: string): void {
  ctx.recorder.event(withKind(d, 'apps/v1', 'Deployment'), type, reason, message);
}

function replaceInList(st: SyncState, rs: ReplicaSet): void {
  const i = st.rsList.findIndex((r) => r.metadata.uid === rs.metadata.uid);
  if (i >= 0) st.rsList[i] = rs;
  else st.rsList.push(rs);
}

/** UpdateStatus with the working copy; its resourceVersion follows so later writes in the same sync do not conflict */
export async function writeDeploymentStatus(ctx: DeploymentContext, st: SyncState): Promise<void> {
  const body: Deployment = { ...st.d, status: compactStatus(st.d.status ?? {}) };
  const written = await ctx.client.update<Deployment>({ ...DEPLOYMENT_PATH, namespace: st.d.metadata.namespace }, body, 'status');
  st.d.metadata.resourceVersion = written.metadata.resourceVersion;
}

export async function updateReplicaSet(ctx: DeploymentContext, st: SyncState, rs: ReplicaSet): Promise<ReplicaSet> {
  const written = await ctx.client.update<ReplicaSet>({ ...RS_PATH, namespace: rs.metadata.namespace }, rs);
  replaceInList(st, written);
  return written;
}

/** getAllReplicaSetsAndSyncRevision: the new ReplicaSet (created when asked) and all the others */
export async function getAllReplicaSetsAndSyncRevision(ctx: DeploymentContext, st: SyncState, createIfNotExisted: boolean): Promise<{ newRS: ReplicaSet | undefined; oldRSs: ReplicaSet[] }> {
  const found = findNewReplicaSet(st.d, st.rsList);
  const oldRSs = st.rsList.filter((rs) => rs.metadata.uid !== found?.metadata.uid);
  const newRS = await getNewReplicaSet(ctx, st, oldRSs, createIfNotExisted);
  return { newRS, oldRSs: st.rsList.filter((rs) => rs.metadata.uid !== newRS?.metadata.uid) };
}

async function getNewReplicaSet(ctx: DeploymentContext, st: SyncState, oldRSs: ReplicaSet[], createIfNotExisted: boolean): Promise<ReplicaSet | undefined> {
  const { d } = st;
  const existing = findNewReplicaSet(d, st.rsList);
  const newRevision = maxRevision(oldRSs) + 1;
  const now = ctx.clock.now();
  if (existing) {
    const copy = structuredClone(existing);
    const annotationsUpdated = setNewReplicaSetAnnotations(d, copy, newRevision, true);
    const minReadyChanged = (copy.spec.minReadySeconds ?? 0) !== (d.spec.minReadySeconds ?? 0);
    if (annotationsUpdated || minReadyChanged) {
      copy.spec.minReadySeconds = d.spec.minReadySeconds ?? 0;
      return updateReplicaSet(ctx, st, copy);
    }
    let needsUpdate = setDeploymentRevision(d, copy.metadata.annotations?.['deployment.kubernetes.io/revision'] ?? '');
    // progress is estimated from the first time this new ReplicaSet was noticed
    if (hasProgressDeadline(d) && !getCondition(d.status, COND_PROGRESSING)) {
      d.status ??= {};
      setCondition(d.status, newCondition(COND_PROGRESSING, 'True', REASON_FOUND_NEW_RS, `Found new replica set "${copy.metadata.name ?? ''}"`, now));
      needsUpdate = true;
    }
    if (needsUpdate) await writeDeploymentStatus(ctx, st);
    return copy;
  }
  if (!createIfNotExisted) return undefined;
  return createNewReplicaSet(ctx, st, oldRSs, newRevision);
}

/** the ReplicaSet a Deployment's current template calls for, named <deployment>-<pod-template-hash> */
function replicaSetFor(d: Deployment, oldRSs: readonly ReplicaSet[], newRevision: number): ReplicaSet {
  const template = structuredClone(d.spec.template ?? {});
  const hash = computeHash(d.spec.template ?? {}, d.status?.collisionCount);
  template.metadata = { ...(template.metadata ?? {}), labels: { ...(template.metadata?.labels ?? {}), [POD_TEMPLATE_HASH_LABEL]: hash } };
  const selector = structuredClone(d.spec.selector ?? {});
  selector.matchLabels = { ...(selector.matchLabels ?? {}), [POD_TEMPLATE_HASH_LABEL]: hash };
  const rs: ReplicaSet = {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      // deterministic, so a retried sync finds what it created instead of creating twice
      name: `${d.metadata.name ?? ''}-${hash}`,
      namespace: d.metadata.namespace,
      ownerReferences: [newControllerRef(d, 'apps/v1', 'Deployment')],
      labels: { ...(template.metadata.labels ?? {}) },
    },
    spec: { replicas: 0, minReadySeconds: d.spec.minReadySeconds ?? 0, selector, template },
  };
  rs.spec.replicas = newRSNewReplicas(d, [...oldRSs, rs], rs);
  setNewReplicaSetAnnotations(d, rs, newRevision, false);
  return rs;
}

/** Create, or on AlreadyExists accept our own identical ReplicaSet; anything else is a collision or a failure */
async function createOrFind(ctx: DeploymentContext, st: SyncState, rs: ReplicaSet, now: number): Promise<{ created: ReplicaSet; alreadyExists: boolean }> {
  const { d } = st;
  const path = { ...RS_PATH, namespace: d.metadata.namespace };
  try {
    return { created: await ctx.client.create<ReplicaSet>(path, rs), alreadyExists: false };
  } catch (e) {
    if (isAlreadyExists(e)) {
      const cur = ctx.cachedReplicaSet(`${d.metadata.namespace ?? ''}/${rs.metadata.name ?? ''}`) ?? (await ctx.client.get<ReplicaSet>(path, rs.metadata.name ?? ''));
      const ref = (cur.metadata.ownerReferences ?? []).find((r) => r.controller);
      if (ref?.uid === d.metadata.uid && equalIgnoreHash(d.spec.template, cur.spec.template)) return { created: cur, alreadyExists: true };
      // a hash collision: bump collisionCount so the next sync hashes differently
      d.status ??= {};
      d.status.collisionCount = (d.status.collisionCount ?? 0) + 1;
      await writeDeploymentStatus(ctx, st).catch(() => undefined);
      throw e;
    }
    // every create fails in a terminating namespace: nothing worth reporting
    if (isNamespaceTerminating(e)) throw e;
    const msg = `Failed to create new replica set "${rs.metadata.name ?? ''}": ${errorMessage(e)}`;
    if (hasProgressDeadline(d)) {
      d.status ??= {};
      setCondition(d.status, newCondition(COND_PROGRESSING, 'False', REASON_FAILED_RS_CREATE, msg, now));
      await writeDeploymentStatus(ctx, st).catch(() => undefined);
    }
    event(ctx, d, 'Warning', REASON_FAILED_RS_CREATE, msg);
    throw e;
  }
}

async function createNewReplicaSet(ctx: DeploymentContext, st: SyncState, oldRSs: ReplicaSet[], newRevision: number): Promise<ReplicaSet> {
  const { d } = st;
  const now = ctx.clock.now();
  const { created, alreadyExists } = await createOrFind(ctx, st, replicaSetFor(d, oldRSs, newRevision), now);
  replaceInList(st, created);
  if (!alreadyExists && specReplicas(created) > 0) {
    event(ctx, d, 'Normal', REASON_SCALING_REPLICA_SET, `Scaled up replica set ${created.metadata.name ?? ''} from 0 to ${specReplicas(created)}`);
  }
  let needsUpdate = setDeploymentRevision(d, String(newRevision));
  if (!alreadyExists && hasProgressDeadline(d)) {
    d.status ??= {};
    setCondition(d.status, newCondition(COND_PROGRESSING, 'True', REASON_NEW_RS_CREATED, `Created new replica set "${created.metadata.name ?? ''}"`, now));
    needsUpdate = true;
  }
  if (needsUpdate) await writeDeploymentStatus(ctx, st);
  return created;
}

/** scaleReplicaSetAndRecordEvent: true when the size changed */
export async function scaleReplicaSetAndRecordEvent(ctx: DeploymentContext, st: SyncState, rs: ReplicaSet, newScale: number): Promise<{ scaled: boolean; rs: ReplicaSet }> {
  if (specReplicas(rs) === newScale) return { scaled: false, rs };
  return scaleReplicaSet(ctx, st, rs, newScale, specReplicas(rs) < newScale ? 'up' : 'down');
}

export async function scaleReplicaSet(ctx: DeploymentContext, st: SyncState, rs: ReplicaSet, newScale: number, op: string): Promise<{ scaled: boolean; rs: ReplicaSet }> {
  const { d } = st;
  const sizeChanged = specReplicas(rs) !== newScale;
  const desired = specReplicas(d);
  const max = desired + maxSurge(d);
  if (!sizeChanged && !replicasAnnotationsNeedUpdate(rs, desired, max)) return { scaled: false, rs };
  const oldScale = specReplicas(rs);
  const copy = structuredClone(rs);
  copy.spec.replicas = newScale;
  setReplicasAnnotations(copy, desired, max);
  const written = await updateReplicaSet(ctx, st, copy);
  if (sizeChanged) event(ctx, d, 'Normal', REASON_SCALING_REPLICA_SET, `Scaled ${op} replica set ${written.metadata.name ?? ''} from ${oldScale} to ${newScale}`);
  return { scaled: sizeChanged, rs: written };
}

/** scale: a resize (not a template change) spread over the active ReplicaSets */
export async function scale(ctx: DeploymentContext, st: SyncState, newRS: ReplicaSet | undefined, oldRSs: ReplicaSet[]): Promise<void> {
  const { d } = st;
  const activeOrLatest = findActiveOrLatest(newRS, oldRSs);
  if (activeOrLatest) {
    if (specReplicas(activeOrLatest) === specReplicas(d)) return;
    await scaleReplicaSetAndRecordEvent(ctx, st, activeOrLatest, specReplicas(d));
    return;
  }
  // a saturated new ReplicaSet (adopted mid-rollout) means the old ones should be empty
  if (isSaturated(d, newRS)) {
    for (const old of filterActive(oldRSs)) await scaleReplicaSetAndRecordEvent(ctx, st, old, 0);
    return;
  }
  if (!isRollingUpdate(d)) return;
  const all = filterActive([...oldRSs, newRS]);
  const allowed = specReplicas(d) > 0 ? specReplicas(d) + maxSurge(d) : 0;
  const toAdd = allowed - sumSpecReplicas(all);
  let op = '';
  if (toAdd > 0) {
    all.sort(bySizeNewer);
    op = 'up';
  } else if (toAdd < 0) {
    all.sort(bySizeOlder);
    op = 'down';
  }
  let added = 0;
  const sizes = new Map<string, number>();
  for (const rs of all) {
    if (toAdd !== 0) {
      const p = proportion(rs, d, toAdd, added);
      sizes.set(rs.metadata.name ?? '', specReplicas(rs) + p);
      added += p;
    } else sizes.set(rs.metadata.name ?? '', specReplicas(rs));
  }
  for (const [i, rs] of all.entries()) {
    const name = rs.metadata.name ?? '';
    // the largest ReplicaSet takes what rounding left over
    if (i === 0 && toAdd !== 0) sizes.set(name, Math.max(0, (sizes.get(name) ?? 0) + toAdd - added));
    await scaleReplicaSet(ctx, st, rs, sizes.get(name) ?? 0, op);
  }
}

/** cleanupDeployment: delete the oldest empty ReplicaSets beyond revisionHistoryLimit */
export async function cleanupDeployment(ctx: DeploymentContext, d: Deployment, oldRSs: readonly ReplicaSet[]): Promise<void> {
  const limit = d.spec.revisionHistoryLimit;
  if (limit === undefined) return;
  const cleanable = oldRSs.filter((rs) => !rs.metadata.deletionTimestamp).sort(byRevision);
  const diff = cleanable.length - limit;
  for (let i = 0; i < diff; i++) {
    const rs = cleanable[i];
    if (!rs) continue;
    if ((rs.status?.replicas ?? 0) !== 0 || specReplicas(rs) !== 0 || (rs.metadata.generation ?? 0) > (rs.status?.observedGeneration ?? 0) || rs.metadata.deletionTimestamp) continue;
    try {
      await ctx.client.delete({ ...RS_PATH, namespace: rs.metadata.namespace }, rs.metadata.name ?? '');
    } catch (e) {
      if (!isNotFound(e)) throw e;
    }
  }
}

/** syncDeploymentStatus: write calculateStatus when it differs */
export async function syncDeploymentStatus(ctx: DeploymentContext, st: SyncState, allRSs: readonly (ReplicaSet | undefined)[], newRS: ReplicaSet | undefined): Promise<void> {
  const next = calculateStatus(allRSs, newRS, st.d, ctx.clock.now());
  if (statusEqual(st.d.status, next)) return;
  st.d.status = next;
  await writeDeploymentStatus(ctx, st);
}

/** sync: scaling events and paused deployments (no rollout, only resizing and status) */
export async function sync(ctx: DeploymentContext, st: SyncState): Promise<void> {
  const { newRS, oldRSs } = await getAllReplicaSetsAndSyncRevision(ctx, st, false);
  await scale(ctx, st, newRS, oldRSs);
  const fresh = refreshed(st, newRS, oldRSs);
  if (st.d.spec.paused) await cleanupDeployment(ctx, st.d, fresh.oldRSs);
  await syncDeploymentStatus(ctx, st, [...fresh.oldRSs, fresh.newRS], fresh.newRS);
}

/** the same ReplicaSets as they are after this sync's writes */
export function refreshed(st: SyncState, newRS: ReplicaSet | undefined, oldRSs: readonly ReplicaSet[]): { newRS: ReplicaSet | undefined; oldRSs: ReplicaSet[] } {
  const latest = (rs: ReplicaSet): ReplicaSet => st.rsList.find((r) => r.metadata.uid === rs.metadata.uid) ?? rs;
  return { newRS: newRS && latest(newRS), oldRSs: oldRSs.map(latest).sort(byCreation) };
}

/** checkPausedConditions: Progressing=Unknown DeploymentPaused / DeploymentResumed */
export async function checkPausedConditions(ctx: DeploymentContext, st: SyncState): Promise<void> {
  const { d } = st;
  if (!hasProgressDeadline(d)) return;
  const cond = getCondition(d.status, COND_PROGRESSING);
  if (cond?.reason === REASON_TIMED_OUT) return;
  const pausedCond = cond?.reason === REASON_PAUSED;
  const now = ctx.clock.now();
  d.status ??= {};
  if (d.spec.paused && !pausedCond) setCondition(d.status, newCondition(COND_PROGRESSING, 'Unknown', REASON_PAUSED, 'Deployment is paused', now));
  else if (!d.spec.paused && pausedCond) setCondition(d.status, newCondition(COND_PROGRESSING, 'Unknown', REASON_RESUMED, 'Deployment is resumed', now));
  else return;
  await writeDeploymentStatus(ctx, st);
}

/** isScalingEvent: an active ReplicaSet was sized for a different spec.replicas */
export async function isScalingEvent(ctx: DeploymentContext, st: SyncState): Promise<boolean> {
  const { newRS, oldRSs } = await getAllReplicaSetsAndSyncRevision(ctx, st, false);
  for (const rs of filterActive([...oldRSs, newRS])) {
    const desired = desiredReplicasAnnotation(rs);
    if (desired !== undefined && desired !== specReplicas(st.d)) return true;
  }
  return false;
}
