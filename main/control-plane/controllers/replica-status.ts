// ReplicaSet / ReplicationController status as kube computes and writes it
// (pkg/controller/replicaset/replica_set_utils.go): counts over the claimed active
// pods, a ReplicaFailure condition while creates or deletes fail, observedGeneration,
// written through the status subresource with one re-read on conflict
// (statusUpdateRetries = 1). Zero counters are omitted as Go's omitempty does.
import type { ApiClient, ResourcePath } from '../../common/client/api-client.js';
import { matchesRequirements } from '../../common/label-selector.js';
import { isPodAvailable, isPodReady } from './replica-pods.js';
import type { Pod, ReplicaCondition, ReplicaOwner, ReplicaStatus } from './workload-types.js';
import { replicasOf } from './workload-types.js';
import { errorMessage, rfc3339, semanticEqual } from './workload-support.js';

export function calculateReplicaStatus(owner: ReplicaOwner, pods: readonly Pod[], manageError: unknown, now: number): ReplicaStatus {
  const templateLabels = owner.spec.template?.metadata?.labels ?? {};
  const templateReqs = Object.entries(templateLabels).map(([key, v]) => ({ key, op: '=' as const, values: [v] }));
  let fullyLabeled = 0;
  let ready = 0;
  let available = 0;
  const minReady = owner.spec.minReadySeconds ?? 0;
  for (const pod of pods) {
    if (matchesRequirements(templateReqs, pod.metadata.labels)) fullyLabeled++;
    if (isPodReady(pod)) {
      ready++;
      if (isPodAvailable(pod, minReady, now)) available++;
    }
  }
  let conditions = [...(owner.status?.conditions ?? [])];
  const failure = conditions.find((c) => c.type === 'ReplicaFailure');
  if (manageError !== undefined && !failure) {
    const diff = pods.length - replicasOf(owner);
    const reason = diff < 0 ? 'FailedCreate' : diff > 0 ? 'FailedDelete' : '';
    const cond: ReplicaCondition = { type: 'ReplicaFailure', status: 'True', lastTransitionTime: rfc3339(now), reason, message: errorMessage(manageError) };
    conditions.push(cond);
  } else if (manageError === undefined && failure) {
    conditions = conditions.filter((c) => c.type !== 'ReplicaFailure');
  }
  const status: ReplicaStatus = { replicas: pods.length };
  if (fullyLabeled) status.fullyLabeledReplicas = fullyLabeled;
  if (ready) status.readyReplicas = ready;
  if (available) status.availableReplicas = available;
  if (owner.status?.observedGeneration) status.observedGeneration = owner.status.observedGeneration;
  if (conditions.length) status.conditions = conditions;
  return status;
}

function statusUnchanged(owner: ReplicaOwner, next: ReplicaStatus): boolean {
  const cur = owner.status ?? {};
  return (
    (cur.replicas ?? 0) === (next.replicas ?? 0) &&
    (cur.fullyLabeledReplicas ?? 0) === (next.fullyLabeledReplicas ?? 0) &&
    (cur.readyReplicas ?? 0) === (next.readyReplicas ?? 0) &&
    (cur.availableReplicas ?? 0) === (next.availableReplicas ?? 0) &&
    (owner.metadata.generation ?? 0) === (cur.observedGeneration ?? 0) &&
    semanticEqual(cur.conditions, next.conditions)
  );
}

/** updateReplicaSetStatus: a no-op in the steady state, otherwise PUT …/status (one retry after a fresh GET) */
export async function writeReplicaStatus<T extends ReplicaOwner>(client: ApiClient, path: ResourcePath, owner: T, next: ReplicaStatus): Promise<T> {
  if (statusUnchanged(owner, next)) return owner;
  let current: T = owner;
  for (let attempt = 0; ; attempt++) {
    const status: ReplicaStatus = { ...next };
    if (current.metadata.generation) status.observedGeneration = current.metadata.generation;
    else delete status.observedGeneration;
    const body = { ...current, status } as T;
    try {
      return await client.update<T>({ ...path, namespace: current.metadata.namespace }, body, 'status');
    } catch (e) {
      if (attempt >= 1) throw e;
      current = await client.get<T>({ ...path, namespace: current.metadata.namespace }, current.metadata.name ?? '');
    }
  }
}
