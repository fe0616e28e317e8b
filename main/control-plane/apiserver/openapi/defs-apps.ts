// apps/v1 Deployment, ReplicaSet, DaemonSet and ControllerRevision.
import { bool, defs, int32, int64, intOrString, kind, listKind, mergeList, obj, ref, str, time } from './schema-builder.js';
import type { SchemaNode } from './schema-builder.js';

const SPEC_STATUS = 'More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#spec-and-status';

/** The five-field condition every apps/v1 status carries (Deployment adds lastUpdateTime). */
const condition = (what: string, extra: Record<string, SchemaNode> = {}): SchemaNode =>
  obj(`${what}Condition describes the state of a ${what === 'DaemonSet' ? 'DaemonSet' : what.toLowerCase()} at a certain point.`, {
    lastTransitionTime: time('Last time the condition transitioned from one status to another.'),
    message: str('A human readable message indicating details about the transition.'),
    reason: str('The reason for the condition\'s last transition.'),
    status: str('Status of the condition, one of True, False, Unknown.'),
    type: str(`Type of ${what} condition.`),
    ...extra,
  }, { required: ['type', 'status'] });

export const APPS_DEFINITIONS = defs('apps', {
  Deployment: kind('apps/v1', 'Deployment', 'Deployment enables declarative updates for Pods and ReplicaSets.', {
    spec: ref('apps.DeploymentSpec', 'Specification of the desired behavior of the Deployment.'),
    status: ref('apps.DeploymentStatus', 'Most recently observed status of the Deployment.'),
  }),
  DeploymentList: listKind('apps/v1', 'apps.Deployment', 'DeploymentList is a list of Deployments.', 'Items is the list of Deployments.'),
  DeploymentSpec: obj('DeploymentSpec is the specification of the desired behavior of the Deployment.', {
    minReadySeconds: int32('Minimum number of seconds for which a newly created pod should be ready without any of its container crashing, for it to be considered available. Defaults to 0 (pod will be considered available as soon as it is ready)'),
    paused: bool('Indicates that the deployment is paused.'),
    progressDeadlineSeconds: int32('The maximum time in seconds for a deployment to make progress before it is considered to be failed. The deployment controller will continue to process failed deployments and a condition with a ProgressDeadlineExceeded reason will be surfaced in the deployment status. Note that progress will not be estimated during the time a deployment is paused. Defaults to 600s.'),
    replicas: int32('Number of desired pods. This is a pointer to distinguish between explicit zero and not specified. Defaults to 1.'),
    revisionHistoryLimit: int32('The number of old ReplicaSets to retain to allow rollback. This is a pointer to distinguish between explicit zero and not specified. Defaults to 10.'),
    selector: ref('meta.LabelSelector', 'Label selector for pods. Existing ReplicaSets whose pods are selected by this will be the ones affected by this deployment. It must match the pod template\'s labels.'),
    strategy: ref('apps.DeploymentStrategy', 'The deployment strategy to use to replace existing pods with new ones.'),
    template: ref('core.PodTemplateSpec', 'Template describes the pods that will be created. The only allowed template.spec.restartPolicy value is "Always".'),
  }, { required: ['selector', 'template'] }),
  DeploymentStrategy: obj('DeploymentStrategy describes how to replace existing pods with new ones.', {
    rollingUpdate: ref('apps.RollingUpdateDeployment', 'Rolling update config params. Present only if DeploymentStrategyType = RollingUpdate.'),
    type: str('Type of deployment. Can be "Recreate" or "RollingUpdate". Default is RollingUpdate.', ['Recreate', 'RollingUpdate']),
  }),
  RollingUpdateDeployment: obj('Spec to control the desired behavior of rolling update.', {
    maxSurge: intOrString('The maximum number of pods that can be scheduled above the desired number of pods. Value can be an absolute number (ex: 5) or a percentage of desired pods (ex: 10%). This can not be 0 if MaxUnavailable is 0. Absolute number is calculated from percentage by rounding up. Defaults to 25%. Example: when this is set to 30%, the new ReplicaSet can be scaled up immediately when the rolling update starts, such that the total number of old and new pods do not exceed 130% of desired pods. Once old pods have been killed, new ReplicaSet can be scaled up further, ensuring that total number of pods running at any time during the update is at most 130% of desired pods.'),
    maxUnavailable: intOrString('The maximum number of pods that can be unavailable during the update. Value can be an absolute number (ex: 5) or a percentage of desired pods (ex: 10%). Absolute number is calculated from percentage by rounding down. This can not be 0 if MaxSurge is 0. Defaults to 25%. Example: when this is set to 30%, the old ReplicaSet can be scaled down to 70% of desired pods immediately when the rolling update starts. Once new pods are ready, old ReplicaSet can be scaled down further, followed by scaling up the new ReplicaSet, ensuring that the total number of pods available at all times during the update is at least 70% of desired pods.'),
  }),
  DeploymentStatus: obj('DeploymentStatus is the most recently observed status of the Deployment.', {
    availableReplicas: int32('Total number of available pods (ready for at least minReadySeconds) targeted by this deployment.'),
    collisionCount: int32('Count of hash collisions for the Deployment. The Deployment controller uses this field as a collision avoidance mechanism when it needs to create the name for the newest ReplicaSet.'),
    conditions: mergeList(ref('apps.DeploymentCondition'), 'Represents the latest available observations of a deployment\'s current state.', ['type']),
    observedGeneration: int64('The generation observed by the deployment controller.'),
    readyReplicas: int32('readyReplicas is the number of pods targeted by this Deployment with a Ready Condition.'),
    replicas: int32('Total number of non-terminated pods targeted by this deployment (their labels match the selector).'),
    unavailableReplicas: int32('Total number of unavailable pods targeted by this deployment. This is the total number of pods that are still required for the deployment to have 100% available capacity. They may either be pods that are running but not yet available or pods that still have not been created.'),
    updatedReplicas: int32('Total number of non-terminated pods targeted by this deployment that have the desired template spec.'),
  }),
  DeploymentCondition: condition('Deployment', { lastUpdateTime: time('The last time this condition was updated.') }),
  ReplicaSet: kind('apps/v1', 'ReplicaSet', 'ReplicaSet ensures that a specified number of pod replicas are running at any given time.', {
    spec: ref('apps.ReplicaSetSpec', `Spec defines the specification of the desired behavior of the ReplicaSet. ${SPEC_STATUS}`),
    status: ref('apps.ReplicaSetStatus', `Status is the most recently observed status of the ReplicaSet. This data may be out of date by some window of time. Populated by the system. Read-only. ${SPEC_STATUS}`),
  }),
  ReplicaSetList: listKind('apps/v1', 'apps.ReplicaSet', 'ReplicaSetList is a collection of ReplicaSets.', 'List of ReplicaSets. More info: https://kubernetes.io/docs/concepts/workloads/controllers/replicaset'),
  ReplicaSetSpec: obj('ReplicaSetSpec is the specification of a ReplicaSet.', {
    minReadySeconds: int32('Minimum number of seconds for which a newly created pod should be ready without any of its container crashing, for it to be considered available. Defaults to 0 (pod will be considered available as soon as it is ready)'),
    replicas: int32('Replicas is the number of desired replicas. This is a pointer to distinguish between explicit zero and unspecified. Defaults to 1. More info: https://kubernetes.io/docs/concepts/workloads/controllers/replicaset/#replicaset'),
    selector: ref('meta.LabelSelector', 'Selector is a label query over pods that should match the replica count. Label keys and values that must match in order to be controlled by this replica set. It must match the pod template\'s labels. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors'),
    template: ref('core.PodTemplateSpec', 'Template is the object that describes the pod that will be created if insufficient replicas are detected. More info: https://kubernetes.io/docs/concepts/workloads/controllers/replicaset/#pod-template'),
  }, { required: ['selector'] }),
  ReplicaSetStatus: obj('ReplicaSetStatus represents the current status of a ReplicaSet.', {
    availableReplicas: int32('The number of available replicas (ready for at least minReadySeconds) for this replica set.'),
    conditions: mergeList(ref('apps.ReplicaSetCondition'), 'Represents the latest available observations of a replica set\'s current state.', ['type']),
    fullyLabeledReplicas: int32('The number of pods that have labels matching the labels of the pod template of the replicaset.'),
    observedGeneration: int64('ObservedGeneration reflects the generation of the most recently observed ReplicaSet.'),
    readyReplicas: int32('readyReplicas is the number of pods targeted by this ReplicaSet with a Ready Condition.'),
    replicas: int32('Replicas is the most recently observed number of replicas. More info: https://kubernetes.io/docs/concepts/workloads/controllers/replicationcontroller/#what-is-a-replicationcontroller'),
  }, { required: ['replicas'] }),
  ReplicaSetCondition: condition('ReplicaSet'),
  DaemonSet: kind('apps/v1', 'DaemonSet', 'DaemonSet represents the configuration of a daemon set.', {
    spec: ref('apps.DaemonSetSpec', `The desired behavior of this daemon set. ${SPEC_STATUS}`),
    status: ref('apps.DaemonSetStatus', `The current status of this daemon set. This data may be out of date by some window of time. Populated by the system. Read-only. ${SPEC_STATUS}`),
  }),
  DaemonSetList: listKind('apps/v1', 'apps.DaemonSet', 'DaemonSetList is a collection of daemon sets.', 'A list of daemon sets.'),
  DaemonSetSpec: obj('DaemonSetSpec is the specification of a daemon set.', {
    minReadySeconds: int32('The minimum number of seconds for which a newly created DaemonSet pod should be ready without any of its container crashing, for it to be considered available. Defaults to 0 (pod will be considered available as soon as it is ready).'),
    revisionHistoryLimit: int32('The number of old history to retain to allow rollback. This is a pointer to distinguish between explicit zero and not specified. Defaults to 10.'),
    selector: ref('meta.LabelSelector', 'A label query over pods that are managed by the daemon set. Must match in order to be controlled. It must match the pod template\'s labels. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors'),
    template: ref('core.PodTemplateSpec', 'An object that describes the pod that will be created. The DaemonSet will create exactly one copy of this pod on every node that matches the template\'s node selector (or on every node if no node selector is specified). The only allowed template.spec.restartPolicy value is "Always". More info: https://kubernetes.io/docs/concepts/workloads/controllers/replicationcontroller#pod-template'),
    updateStrategy: ref('apps.DaemonSetUpdateStrategy', 'An update strategy to replace existing DaemonSet pods with new pods.'),
  }, { required: ['selector', 'template'] }),
  DaemonSetUpdateStrategy: obj('DaemonSetUpdateStrategy is a struct used to control the update strategy for a DaemonSet.', {
    rollingUpdate: ref('apps.RollingUpdateDaemonSet', 'Rolling update config params. Present only if type = "RollingUpdate".'),
    type: str('Type of daemon set update. Can be "RollingUpdate" or "OnDelete". Default is RollingUpdate.', ['OnDelete', 'RollingUpdate']),
  }),
  RollingUpdateDaemonSet: obj('Spec to control the desired behavior of daemon set rolling update.', {
    maxSurge: intOrString('The maximum number of nodes with an existing available DaemonSet pod that can have an updated DaemonSet pod during during an update. Value can be an absolute number (ex: 5) or a percentage of desired pods (ex: 10%). This can not be 0 if MaxUnavailable is 0. Absolute number is calculated from percentage by rounding up to a minimum of 1. Default value is 0.'),
    maxUnavailable: intOrString('The maximum number of DaemonSet pods that can be unavailable during the update. Value can be an absolute number (ex: 5) or a percentage of total number of DaemonSet pods at the start of the update (ex: 10%). Absolute number is calculated from percentage by rounding up. This cannot be 0 if MaxSurge is 0 Default value is 1.'),
  }),
  DaemonSetStatus: obj('DaemonSetStatus represents the current status of a daemon set.', {
    collisionCount: int32('Count of hash collisions for the DaemonSet. The DaemonSet controller uses this field as a collision avoidance mechanism when it needs to create the name for the newest ControllerRevision.'),
    conditions: mergeList(ref('apps.DaemonSetCondition'), 'Represents the latest available observations of a DaemonSet\'s current state.', ['type']),
    currentNumberScheduled: int32('The number of nodes that are running at least 1 daemon pod and are supposed to run the daemon pod. More info: https://kubernetes.io/docs/concepts/workloads/controllers/daemonset/'),
    desiredNumberScheduled: int32('The total number of nodes that should be running the daemon pod (including nodes correctly running the daemon pod). More info: https://kubernetes.io/docs/concepts/workloads/controllers/daemonset/'),
    numberAvailable: int32('The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and available (ready for at least spec.minReadySeconds)'),
    numberMisscheduled: int32('The number of nodes that are running the daemon pod, but are not supposed to run the daemon pod. More info: https://kubernetes.io/docs/concepts/workloads/controllers/daemonset/'),
    numberReady: int32('numberReady is the number of nodes that should be running the daemon pod and have one or more of the daemon pod running with a Ready Condition.'),
    numberUnavailable: int32('The number of nodes that should be running the daemon pod and have none of the daemon pod running and available (ready for at least spec.minReadySeconds)'),
    observedGeneration: int64('The most recent generation observed by the daemon set controller.'),
    updatedNumberScheduled: int32('The total number of nodes that are running updated daemon pod'),
  }, { required: ['currentNumberScheduled', 'numberMisscheduled', 'desiredNumberScheduled', 'numberReady'] }),
  DaemonSetCondition: condition('DaemonSet'),
  ControllerRevision: kind('apps/v1', 'ControllerRevision', 'ControllerRevision implements an immutable snapshot of state data. Clients are responsible for serializing and deserializing the objects that contain their internal state. Once a ControllerRevision has been successfully created, it can not be updated. It is primarily for internal use by controllers (DaemonSet and StatefulSet rollouts).', {
    data: ref('runtime.RawExtension', 'Data is the serialized representation of the state.'),
    revision: int64('Revision indicates the revision of the state represented by Data.'),
  }, { required: ['revision'] }),
  ControllerRevisionList: listKind('apps/v1', 'apps.ControllerRevision', 'ControllerRevisionList is a resource containing a list of ControllerRevision objects.', 'Items is the list of ControllerRevisions'),
});
