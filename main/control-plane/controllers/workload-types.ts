// The fields of pods, ReplicaSets, ReplicationControllers and Deployments the workload
// controllers read and write (k8s.io/api apps/v1 and core/v1); the rest stays open.
import type { KubeObject, ObjectMeta } from '../../common/kube-types.js';
import type { LabelSelector } from '../../common/label-selector.js';

export interface PodCondition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  lastTransitionTime?: string | null;
  lastProbeTime?: string | null;
  reason?: string;
  message?: string;
}

export interface Pod extends KubeObject {
  spec?: { nodeName?: string; [field: string]: unknown };
  status?: {
    phase?: string;
    conditions?: PodCondition[];
    containerStatuses?: { restartCount?: number }[];
    initContainerStatuses?: { restartCount?: number }[];
    [field: string]: unknown;
  };
}

export interface PodTemplate {
  metadata?: Pick<ObjectMeta, 'labels' | 'annotations' | 'finalizers'> & Record<string, unknown>;
  spec?: Record<string, unknown>;
}

export interface ReplicaCondition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  lastTransitionTime?: string;
  reason?: string;
  message?: string;
}

export interface ReplicaStatus {
  replicas?: number;
  fullyLabeledReplicas?: number;
  readyReplicas?: number;
  availableReplicas?: number;
  observedGeneration?: number;
  conditions?: ReplicaCondition[];
}

/** a ReplicaSet (set-based selector) or a ReplicationController (plain map selector) */
export interface ReplicaOwner extends KubeObject {
  spec: {
    replicas?: number;
    minReadySeconds?: number;
    selector?: LabelSelector | Record<string, string>;
    template?: PodTemplate;
  };
  status?: ReplicaStatus;
}

export interface ReplicaSet extends ReplicaOwner {
  spec: ReplicaOwner['spec'] & { selector?: LabelSelector };
}

export type IntOrString = number | string;

export interface DeploymentCondition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  lastUpdateTime?: string;
  lastTransitionTime?: string;
  reason?: string;
  message?: string;
}

export interface DeploymentStatus {
  observedGeneration?: number;
  replicas?: number;
  updatedReplicas?: number;
  readyReplicas?: number;
  availableReplicas?: number;
  unavailableReplicas?: number;
  conditions?: DeploymentCondition[];
  collisionCount?: number;
}

export interface Deployment extends KubeObject {
  spec: {
    replicas?: number;
    selector?: LabelSelector;
    template?: PodTemplate;
    strategy?: { type?: string; rollingUpdate?: { maxSurge?: IntOrString; maxUnavailable?: IntOrString } };
    minReadySeconds?: number;
    revisionHistoryLimit?: number;
    paused?: boolean;
    progressDeadlineSeconds?: number;
  };
  status?: DeploymentStatus;
}

export const POD_PATH = { group: '', version: 'v1', resource: 'pods' };
export const RS_PATH = { group: 'apps', version: 'v1', resource: 'replicasets' };
export const RC_PATH = { group: '', version: 'v1', resource: 'replicationcontrollers' };
export const DEPLOYMENT_PATH = { group: 'apps', version: 'v1', resource: 'deployments' };

/** spec.replicas, which the API server defaults to 1 (SetDefaults_ReplicaSet / _ReplicationController) */
export function replicasOf(obj: { spec: { replicas?: number } } | undefined): number {
  return obj?.spec.replicas ?? 1;
}
