// Deployment status and conditions as kube computes them (deployment/sync.go
// calculateStatus, util/deployment_util.go condition helpers and the progress
// predicates DeploymentComplete / DeploymentProgressing / DeploymentTimedOut).
import { maxUnavailable, specReplicas, sumAvailableReplicas, sumReadyReplicas, sumSpecReplicas, sumStatusReplicas } from './deployment-util.js';
import type { Deployment, DeploymentCondition, DeploymentStatus, ReplicaSet } from './workload-types.js';
import { parseTime, rfc3339, semanticEqual } from './workload-support.js';

export const COND_AVAILABLE = 'Available';
export const COND_PROGRESSING = 'Progressing';
export const COND_REPLICA_FAILURE = 'ReplicaFailure';

// condition reasons (deployment/util/deployment_util.go)
export const REASON_NEW_RS_CREATED = 'NewReplicaSetCreated';
export const REASON_FOUND_NEW_RS = 'FoundNewReplicaSet';
export const REASON_RS_UPDATED = 'ReplicaSetUpdated';
export const REASON_NEW_RS_AVAILABLE = 'NewReplicaSetAvailable';
export const REASON_TIMED_OUT = 'ProgressDeadlineExceeded';
export const REASON_FAILED_RS_CREATE = 'ReplicaSetCreateError';
export const REASON_PAUSED = 'DeploymentPaused';
export const REASON_RESUMED = 'DeploymentResumed';
export const REASON_MIN_AVAILABLE = 'MinimumReplicasAvailable';
export const REASON_MIN_UNAVAILABLE = 'MinimumReplicasUnavailable';

/** progressDeadlineSeconds = MaxInt32 means "no deadline" */
const NO_DEADLINE = 2147483647;

export function newCondition(type: string, status: DeploymentCondition['status'], reason: string, message: string, now: number): DeploymentCondition {
  const t = rfc3339(now);
  return { type, status, lastUpdateTime: t, lastTransitionTime: t, reason, message };
}

export function getCondition(status: DeploymentStatus | undefined, type: string): DeploymentCondition | undefined {
  return (status?.conditions ?? []).find((c) => c.type === type);
}

/** SetDeploymentCondition: same status and reason is a no-op; same status keeps lastTransitionTime; the condition moves to the end */
export function setCondition(status: DeploymentStatus, cond: DeploymentCondition): void {
  const cur = getCondition(status, cond.type);
  if (cur && cur.status === cond.status && cur.reason === cond.reason) return;
  const next = { ...cond };
  if (cur && cur.status === cond.status) next.lastTransitionTime = cur.lastTransitionTime;
  status.conditions = [...(status.conditions ?? []).filter((c) => c.type !== cond.type), next];
}

export function removeCondition(status: DeploymentStatus, type: string): void {
  const rest = (status.conditions ?? []).filter((c) => c.type !== type);
  if (rest.length) status.conditions = rest;
  else delete status.conditions;
}

export function hasProgressDeadline(d: Deployment): boolean {
  const s = d.spec.progressDeadlineSeconds;
  return s !== undefined && s !== NO_DEADLINE;
}

/** DeploymentComplete: every replica updated and available, the latest spec observed */
export function deploymentComplete(d: Deployment, s: DeploymentStatus): boolean {
  const want = specReplicas(d);
  return (s.updatedReplicas ?? 0) === want && (s.replicas ?? 0) === want && (s.availableReplicas ?? 0) === want && (s.observedGeneration ?? 0) >= (d.metadata.generation ?? 0);
}

/** DeploymentProgressing: more updated, ready or available replicas, or fewer old ones, than last recorded */
export function deploymentProgressing(d: Deployment, s: DeploymentStatus): boolean {
  const old = d.status ?? {};
  const oldOld = (old.replicas ?? 0) - (old.updatedReplicas ?? 0);
  const newOld = (s.replicas ?? 0) - (s.updatedReplicas ?? 0);
  return (
    (s.updatedReplicas ?? 0) > (old.updatedReplicas ?? 0) ||
    newOld < oldOld ||
    (s.readyReplicas ?? 0) > (old.readyReplicas ?? 0) ||
    (s.availableReplicas ?? 0) > (old.availableReplicas ?? 0)
  );
}

/** DeploymentTimedOut: no progress recorded for progressDeadlineSeconds */
export function deploymentTimedOut(d: Deployment, s: DeploymentStatus, now: number): boolean {
  if (!hasProgressDeadline(d)) return false;
  const cond = getCondition(s, COND_PROGRESSING);
  if (!cond) return false;
  // a finished rollout is not judged until a new one records progress
  if (cond.reason === REASON_NEW_RS_AVAILABLE) return false;
  if (cond.reason === REASON_TIMED_OUT) return true;
  const from = parseTime(cond.lastUpdateTime);
  if (from === undefined) return false;
  return from + (d.spec.progressDeadlineSeconds ?? 0) * 1000 < now;
}

/** calculateStatus: counters from the ReplicaSets, and the Available condition */
export function calculateStatus(allRSs: readonly (ReplicaSet | undefined)[], newRS: ReplicaSet | undefined, d: Deployment, now: number): DeploymentStatus {
  const available = sumAvailableReplicas(allRSs);
  const unavailable = Math.max(0, sumSpecReplicas(allRSs) - available);
  const status: DeploymentStatus = {
    observedGeneration: d.metadata.generation ?? 0,
    replicas: sumStatusReplicas(allRSs),
    updatedReplicas: sumStatusReplicas([newRS]),
    readyReplicas: sumReadyReplicas(allRSs),
    availableReplicas: available,
    unavailableReplicas: unavailable,
  };
  if (d.status?.collisionCount !== undefined) status.collisionCount = d.status.collisionCount;
  if (d.status?.conditions?.length) status.conditions = d.status.conditions.map((c) => ({ ...c }));
  if (available >= specReplicas(d) - maxUnavailable(d)) {
    setCondition(status, newCondition(COND_AVAILABLE, 'True', REASON_MIN_AVAILABLE, 'Deployment has minimum availability.', now));
  } else {
    setCondition(status, newCondition(COND_AVAILABLE, 'False', REASON_MIN_UNAVAILABLE, 'Deployment does not have minimum availability.', now));
  }
  return status;
}

/** Go's omitempty on DeploymentStatus: zero counters are not written */
export function compactStatus(s: DeploymentStatus): DeploymentStatus {
  const out: DeploymentStatus = {};
  for (const k of ['observedGeneration', 'replicas', 'updatedReplicas', 'readyReplicas', 'availableReplicas', 'unavailableReplicas'] as const) {
    const v = s[k];
    if (v) out[k] = v;
  }
  if (s.conditions?.length) out.conditions = s.conditions;
  if (s.collisionCount !== undefined) out.collisionCount = s.collisionCount;
  return out;
}

export function statusEqual(a: DeploymentStatus | undefined, b: DeploymentStatus | undefined): boolean {
  return semanticEqual(compactStatus(a ?? {}), compactStatus(b ?? {}));
}
