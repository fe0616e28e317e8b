// k8s.io/api/apps/v1/generated.proto (package k8s.io.api.apps.v1). Names carry an
// "apps." prefix so they cannot collide with core messages. StatefulSet is not tabled.
// DeploymentSpec.podReplacementPolicy (10) and the terminatingReplicas counters are newer
// than v1.32 and are skipped as unknown.
import type { SchemaTables } from './types.js';

const CONDITION = {
  1: 'type:string!',
  2: 'status:string!',
  3: 'lastTransitionTime:Time!',
  4: 'reason:string',
  5: 'message:string',
} as const;

export const APPS: SchemaTables = {
  'apps.Deployment': {
    1: 'metadata:ObjectMeta!',
    2: 'spec:apps.DeploymentSpec!',
    3: 'status:apps.DeploymentStatus!',
  },
  'apps.DeploymentSpec': {
    1: 'replicas:int32?',
    // *LabelSelector `json:"selector"`: a pointer without omitempty
    2: 'selector:LabelSelector~',
    3: 'template:PodTemplateSpec!',
    // a struct: kubectl prints "strategy": {} when none is given
    4: 'strategy:apps.DeploymentStrategy!',
    5: 'minReadySeconds:int32',
    6: 'revisionHistoryLimit:int32?',
    7: 'paused:bool',
    9: 'progressDeadlineSeconds:int32?',
  },
  'apps.DeploymentStrategy': { 1: 'type:string', 2: 'rollingUpdate:apps.RollingUpdateDeployment' },
  'apps.RollingUpdateDeployment': { 1: 'maxUnavailable:IntOrString?', 2: 'maxSurge:IntOrString?' },
  'apps.DeploymentStatus': {
    1: 'observedGeneration:int64',
    2: 'replicas:int32',
    3: 'updatedReplicas:int32',
    7: 'readyReplicas:int32',
    4: 'availableReplicas:int32',
    5: 'unavailableReplicas:int32',
    6: 'conditions:[apps.DeploymentCondition]',
    8: 'collisionCount:int32?',
  },
  'apps.DeploymentCondition': {
    1: 'type:string!',
    2: 'status:string!',
    6: 'lastUpdateTime:Time!',
    7: 'lastTransitionTime:Time!',
    4: 'reason:string',
    5: 'message:string',
  },

  'apps.ReplicaSet': {
    1: 'metadata:ObjectMeta!',
    2: 'spec:apps.ReplicaSetSpec!',
    3: 'status:apps.ReplicaSetStatus!',
  },
  'apps.ReplicaSetSpec': {
    1: 'replicas:int32?',
    4: 'minReadySeconds:int32',
    2: 'selector:LabelSelector~',
    3: 'template:PodTemplateSpec!',
  },
  'apps.ReplicaSetStatus': {
    1: 'replicas:int32!',
    2: 'fullyLabeledReplicas:int32',
    4: 'readyReplicas:int32',
    5: 'availableReplicas:int32',
    3: 'observedGeneration:int64',
    6: 'conditions:[apps.ReplicaSetCondition]',
  },
  'apps.ReplicaSetCondition': CONDITION,

  'apps.DaemonSet': {
    1: 'metadata:ObjectMeta!',
    2: 'spec:apps.DaemonSetSpec!',
    3: 'status:apps.DaemonSetStatus!',
  },
  'apps.DaemonSetSpec': {
    1: 'selector:LabelSelector~',
    2: 'template:PodTemplateSpec!',
    3: 'updateStrategy:apps.DaemonSetUpdateStrategy!',
    4: 'minReadySeconds:int32',
    6: 'revisionHistoryLimit:int32?',
  },
  'apps.DaemonSetUpdateStrategy': { 1: 'type:string', 2: 'rollingUpdate:apps.RollingUpdateDaemonSet' },
  'apps.RollingUpdateDaemonSet': { 1: 'maxUnavailable:IntOrString?', 2: 'maxSurge:IntOrString?' },
  'apps.DaemonSetStatus': {
    1: 'currentNumberScheduled:int32!',
    2: 'numberMisscheduled:int32!',
    3: 'desiredNumberScheduled:int32!',
    4: 'numberReady:int32!',
    5: 'observedGeneration:int64',
    6: 'updatedNumberScheduled:int32',
    7: 'numberAvailable:int32',
    8: 'numberUnavailable:int32',
    9: 'collisionCount:int32?',
    10: 'conditions:[apps.DaemonSetCondition]',
  },
  'apps.DaemonSetCondition': CONDITION,

  'apps.ControllerRevision': {
    1: 'metadata:ObjectMeta!',
    // runtime.RawExtension is a struct: null when it carries nothing
    2: 'data:RawExtension!',
    3: 'revision:int64!',
  },
};
