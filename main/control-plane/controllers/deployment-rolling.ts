// The two rollout strategies of kube's deployment controller: RollingUpdate
// (deployment/rolling.go: grow the new ReplicaSet within maxSurge, shrink old ones
// within maxUnavailable, unhealthy replicas first) and Recreate (deployment/recreate.go:
// scale every old ReplicaSet to zero, wait for their pods to go, then create the new one).
import type { DeploymentContext, SyncState } from './deployment-sync.js';
import { cleanupDeployment, getAllReplicaSetsAndSyncRevision, refreshed, scaleReplicaSetAndRecordEvent } from './deployment-sync.js';
import { deploymentComplete } from './deployment-conditions.js';
import { syncRolloutStatus } from './deployment-progress.js';
import { byCreation, filterActive, maxUnavailable, newRSNewReplicas, specReplicas, sumAvailableReplicas, sumSpecReplicas, sumStatusReplicas } from './deployment-util.js';
import type { Pod, ReplicaSet } from './workload-types.js';

export async function rolloutRolling(ctx: DeploymentContext, st: SyncState): Promise<void> {
  let { newRS, oldRSs } = await getAllReplicaSetsAndSyncRevision(ctx, st, true);
  if (!newRS) return;
  const scaledUp = await reconcileNewReplicaSet(ctx, st, [...oldRSs, newRS], newRS);
  ({ newRS, oldRSs } = refreshed(st, newRS, oldRSs));
  if (scaledUp) return syncRolloutStatus(ctx, st, [...oldRSs, newRS], newRS);
  if (!newRS) return;
  const scaledDown = await reconcileOldReplicaSets(ctx, st, [...oldRSs, newRS], filterActive(oldRSs), newRS);
  ({ newRS, oldRSs } = refreshed(st, newRS, oldRSs));
  if (scaledDown) return syncRolloutStatus(ctx, st, [...oldRSs, newRS], newRS);
  if (deploymentComplete(st.d, st.d.status ?? {})) await cleanupDeployment(ctx, st.d, oldRSs);
  return syncRolloutStatus(ctx, st, [...oldRSs, newRS], newRS);
}

async function reconcileNewReplicaSet(ctx: DeploymentContext, st: SyncState, allRSs: ReplicaSet[], newRS: ReplicaSet): Promise<boolean> {
  const desired = specReplicas(st.d);
  if (specReplicas(newRS) === desired) return false;
  if (specReplicas(newRS) > desired) return (await scaleReplicaSetAndRecordEvent(ctx, st, newRS, desired)).scaled;
  return (await scaleReplicaSetAndRecordEvent(ctx, st, newRS, newRSNewReplicas(st.d, allRSs, newRS))).scaled;
}

async function reconcileOldReplicaSets(ctx: DeploymentContext, st: SyncState, allRSs: ReplicaSet[], oldRSs: ReplicaSet[], newRS: ReplicaSet): Promise<boolean> {
  if (sumSpecReplicas(oldRSs) === 0) return false;
  const allPods = sumSpecReplicas(allRSs);
  const minAvailable = specReplicas(st.d) - maxUnavailable(st.d);
  const newUnavailable = specReplicas(newRS) - (newRS.status?.availableReplicas ?? 0);
  // old pods may go only while enough stay available, counting new pods not yet available as missing
  const maxScaledDown = allPods - minAvailable - newUnavailable;
  if (maxScaledDown <= 0) return false;
  const { rss, count: cleaned } = await cleanupUnhealthyReplicas(ctx, st, oldRSs, maxScaledDown);
  const scaled = await scaleDownOldForRollingUpdate(ctx, st, [...rss, newRS], rss);
  return cleaned + scaled > 0;
}

/** cleanupUnhealthyReplicas: old replicas that are not available go first, they cost no availability */
async function cleanupUnhealthyReplicas(ctx: DeploymentContext, st: SyncState, oldRSs: ReplicaSet[], maxCleanup: number): Promise<{ rss: ReplicaSet[]; count: number }> {
  const rss = [...oldRSs].sort(byCreation);
  let total = 0;
  for (const [i, rs] of rss.entries()) {
    if (total >= maxCleanup) break;
    const replicas = specReplicas(rs);
    const available = rs.status?.availableReplicas ?? 0;
    if (replicas === 0 || replicas === available) continue;
    const count = Math.min(maxCleanup - total, replicas - available);
    const target = replicas - count;
    // a status claiming more available than desired is stale: refuse, as kube does, rather than scale up
    if (target > replicas) throw new Error(`when cleaning up unhealthy replicas, got invalid request to scale down ${rs.metadata.namespace ?? ''}/${rs.metadata.name ?? ''} ${replicas} -> ${target}`);
    const res = await scaleReplicaSetAndRecordEvent(ctx, st, rs, target);
    total += count;
    rss[i] = res.rs;
  }
  return { rss, count: total };
}

/** scaleDownOldReplicaSetsForRollingUpdate: oldest first, down to minAvailable */
async function scaleDownOldForRollingUpdate(ctx: DeploymentContext, st: SyncState, allRSs: ReplicaSet[], oldRSs: ReplicaSet[]): Promise<number> {
  const minAvailable = specReplicas(st.d) - maxUnavailable(st.d);
  const available = sumAvailableReplicas(allRSs);
  if (available <= minAvailable) return 0;
  const total = available - minAvailable;
  let scaledDown = 0;
  for (const rs of [...oldRSs].sort(byCreation)) {
    if (scaledDown >= total) break;
    if (specReplicas(rs) === 0) continue;
    const count = Math.min(specReplicas(rs), total - scaledDown);
    await scaleReplicaSetAndRecordEvent(ctx, st, rs, specReplicas(rs) - count);
    scaledDown += count;
  }
  return scaledDown;
}

/** rolloutRecreate; podsByRS maps ReplicaSet uid to the pods it controls */
export async function rolloutRecreate(ctx: DeploymentContext, st: SyncState, podsByRS: Map<string, Pod[]>): Promise<void> {
  // no new ReplicaSet yet: creating it now would scale up before the old pods are gone
  let { newRS, oldRSs } = await getAllReplicaSetsAndSyncRevision(ctx, st, false);
  let scaled = false;
  for (const rs of filterActive(oldRSs)) {
    if ((await scaleReplicaSetAndRecordEvent(ctx, st, rs, 0)).scaled) scaled = true;
  }
  ({ newRS, oldRSs } = refreshed(st, newRS, oldRSs));
  if (scaled) return syncRolloutStatus(ctx, st, [...oldRSs, newRS], newRS);
  if (oldPodsRunning(newRS, oldRSs, podsByRS)) return syncRolloutStatus(ctx, st, [...oldRSs, newRS], newRS);
  if (!newRS) ({ newRS, oldRSs } = await getAllReplicaSetsAndSyncRevision(ctx, st, true));
  if (newRS) await scaleReplicaSetAndRecordEvent(ctx, st, newRS, specReplicas(st.d));
  ({ newRS, oldRSs } = refreshed(st, newRS, oldRSs));
  if (deploymentComplete(st.d, st.d.status ?? {})) await cleanupDeployment(ctx, st.d, oldRSs);
  return syncRolloutStatus(ctx, st, [...oldRSs, newRS], newRS);
}

/** oldPodsRunning: an old ReplicaSet still reports pods, or any old pod is not terminal */
function oldPodsRunning(newRS: ReplicaSet | undefined, oldRSs: readonly ReplicaSet[], podsByRS: Map<string, Pod[]>): boolean {
  if (sumStatusReplicas(oldRSs) > 0) return true;
  for (const [uid, pods] of podsByRS) {
    if (newRS && newRS.metadata.uid === uid) continue;
    if (pods.some((p) => p.status?.phase !== 'Failed' && p.status?.phase !== 'Succeeded')) return true;
  }
  return false;
}
