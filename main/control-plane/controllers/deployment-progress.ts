// Rollout progress as kube's deployment controller tracks it (deployment/progress.go):
// the Progressing condition moves through NewReplicaSetCreated / FoundNewReplicaSet →
// ReplicaSetUpdated → NewReplicaSetAvailable, or ProgressDeadlineExceeded when nothing
// moved for progressDeadlineSeconds; a stuck Deployment is requeued for the moment its
// deadline passes, so `kubectl rollout status` fails when a real cluster's would.
import {
  COND_PROGRESSING,
  COND_REPLICA_FAILURE,
  REASON_NEW_RS_AVAILABLE,
  REASON_RS_UPDATED,
  REASON_TIMED_OUT,
  calculateStatus,
  deploymentComplete,
  deploymentProgressing,
  deploymentTimedOut,
  getCondition,
  hasProgressDeadline,
  newCondition,
  removeCondition,
  setCondition,
  statusEqual,
} from './deployment-conditions.js';
import type { DeploymentContext, SyncState } from './deployment-sync.js';
import { writeDeploymentStatus } from './deployment-sync.js';
import type { Deployment, DeploymentCondition, DeploymentStatus, ReplicaSet } from './workload-types.js';
import { parseTime } from './workload-support.js';

/** getReplicaFailures: a ReplicaSet's ReplicaFailure condition surfaces on the Deployment */
function replicaFailure(allRSs: readonly (ReplicaSet | undefined)[], newRS: ReplicaSet | undefined): DeploymentCondition | undefined {
  const fromRS = (rs: ReplicaSet | undefined): DeploymentCondition | undefined => {
    const c = (rs?.status?.conditions ?? []).find((x) => x.type === COND_REPLICA_FAILURE);
    return c && { type: COND_REPLICA_FAILURE, status: c.status, lastUpdateTime: c.lastTransitionTime, lastTransitionTime: c.lastTransitionTime, reason: c.reason, message: c.message };
  };
  // the new ReplicaSet's failure first: it is the one the rollout waits for
  const own = fromRS(newRS);
  if (own) return own;
  for (const rs of allRSs) {
    if (rs && rs.metadata.uid !== newRS?.metadata.uid) {
      const c = fromRS(rs);
      if (c) return c;
    }
  }
  return undefined;
}

/** syncRolloutStatus: status plus the Progressing estimate */
export async function syncRolloutStatus(ctx: DeploymentContext, st: SyncState, allRSs: readonly (ReplicaSet | undefined)[], newRS: ReplicaSet | undefined): Promise<void> {
  const { d } = st;
  const now = ctx.clock.now();
  const next = calculateStatus(allRSs, newRS, d, now);
  if (!hasProgressDeadline(d)) removeCondition(next, COND_PROGRESSING);
  const current = getCondition(d.status, COND_PROGRESSING);
  const isComplete = next.replicas === next.updatedReplicas && current?.reason === REASON_NEW_RS_AVAILABLE;
  if (hasProgressDeadline(d) && !isComplete) {
    const rsName = newRS?.metadata.name;
    if (deploymentComplete(d, next)) {
      const msg = rsName ? `ReplicaSet "${rsName}" has successfully progressed.` : `Deployment "${d.metadata.name ?? ''}" has successfully progressed.`;
      setCondition(next, newCondition(COND_PROGRESSING, 'True', REASON_NEW_RS_AVAILABLE, msg, now));
    } else if (deploymentProgressing(d, next)) {
      const msg = rsName ? `ReplicaSet "${rsName}" is progressing.` : `Deployment "${d.metadata.name ?? ''}" is progressing.`;
      const cond = newCondition(COND_PROGRESSING, 'True', REASON_RS_UPDATED, msg, now);
      // progress refreshes lastUpdateTime even when the reason stays ReplicaSetUpdated
      if (current) {
        if (current.status === 'True') cond.lastTransitionTime = current.lastTransitionTime;
        removeCondition(next, COND_PROGRESSING);
      }
      setCondition(next, cond);
    } else if (deploymentTimedOut(d, next, now)) {
      const msg = rsName ? `ReplicaSet "${rsName}" has timed out progressing.` : `Deployment "${d.metadata.name ?? ''}" has timed out progressing.`;
      setCondition(next, newCondition(COND_PROGRESSING, 'False', REASON_TIMED_OUT, msg, now));
    }
  }
  const failure = replicaFailure(allRSs, newRS);
  if (failure) setCondition(next, failure);
  else removeCondition(next, COND_REPLICA_FAILURE);
  if (statusEqual(d.status, next)) {
    requeueStuckDeployment(ctx, d, next, now);
    return;
  }
  d.status = next;
  await writeDeploymentStatus(ctx, st);
}

/**
 * requeueStuckDeployment: without progress, look again when the deadline passes
 * (lastUpdateTime + progressDeadlineSeconds − now, plus a second), since no event will
 * say so (kubernetes/kubernetes#34458).
 */
function requeueStuckDeployment(ctx: DeploymentContext, d: Deployment, next: DeploymentStatus, now: number): void {
  const cond = getCondition(d.status, COND_PROGRESSING);
  if (!hasProgressDeadline(d) || !cond) return;
  if (deploymentComplete(d, next) || cond.reason === REASON_TIMED_OUT) return;
  const updated = parseTime(cond.lastUpdateTime);
  if (updated === undefined) return;
  const after = updated + (d.spec.progressDeadlineSeconds ?? 0) * 1000 - now;
  if (after < 1000) ctx.enqueueRateLimited(d);
  else ctx.enqueueAfter(d, after + 1000);
}
