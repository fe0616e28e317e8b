// core/v1 cluster-level kinds: Namespace, Node, Binding, Event (core), ObjectReference.
// NodeSpec.configSource and NodeStatus.config (the removed DynamicKubeletConfig) are left out.
import {
  arr, bool, defs, int32, int64, kind, listKind, mergeList, obj, quantityMap, ref, str, strArr, time,
} from './schema-builder.js';

const SPEC_STATUS = 'More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#spec-and-status';

export const CORE_CLUSTER_DEFINITIONS = defs('core', {
  Namespace: kind('v1', 'Namespace', 'Namespace provides a scope for Names. Use of multiple namespaces is optional.', {
    spec: ref('core.NamespaceSpec', `Spec defines the behavior of the Namespace. ${SPEC_STATUS}`),
    status: ref('core.NamespaceStatus', `Status describes the current status of a Namespace. ${SPEC_STATUS}`),
  }),
  NamespaceList: listKind('v1', 'core.Namespace', 'NamespaceList is a list of Namespaces.', 'Items is the list of Namespace objects in the list. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/namespaces/'),
  NamespaceSpec: obj('NamespaceSpec describes the attributes on a Namespace.', {
    finalizers: strArr('Finalizers is an opaque list of values that must be empty to permanently remove object from storage. More info: https://kubernetes.io/docs/tasks/administer-cluster/namespaces/'),
  }),
  NamespaceStatus: obj('NamespaceStatus is information about the current status of a Namespace.', {
    conditions: mergeList(ref('core.NamespaceCondition'), 'Represents the latest available observations of a namespace\'s current state.', ['type']),
    phase: str('Phase is the current lifecycle phase of the namespace. More info: https://kubernetes.io/docs/tasks/administer-cluster/namespaces/', ['Active', 'Terminating']),
  }),
  NamespaceCondition: obj('NamespaceCondition contains details about state of namespace.', {
    lastTransitionTime: time('Last time the condition transitioned from one status to another.'),
    message: str('Human-readable message indicating details about last transition.'),
    reason: str('Unique, one-word, CamelCase reason for the condition\'s last transition.'),
    status: str('Status of the condition, one of True, False, Unknown.'),
    type: str('Type of namespace controller condition.'),
  }, { required: ['type', 'status'] }),
  Node: kind('v1', 'Node', 'Node is a worker node in Kubernetes. Each node will have a unique identifier in the cache (i.e. in etcd).', {
    spec: ref('core.NodeSpec', `Spec defines the behavior of a node. ${SPEC_STATUS}`),
    status: ref('core.NodeStatus', `Most recently observed status of the node. Populated by the system. Read-only. ${SPEC_STATUS}`),
  }),
  NodeList: listKind('v1', 'core.Node', 'NodeList is the whole list of all Nodes which have been registered with master.', 'List of nodes'),
  NodeSpec: obj('NodeSpec describes the attributes that a node is created with.', {
    externalID: str('Deprecated. Not all kubelets will set this field. Remove field after 1.13. see: https://issues.k8s.io/61966'),
    podCIDR: str('PodCIDR represents the pod IP range assigned to the node.'),
    podCIDRs: strArr('podCIDRs represents the IP ranges assigned to the node for usage by Pods on that node. If this field is specified, the 0th entry must match the podCIDR field. It may contain at most 1 value for each of IPv4 and IPv6.', { list: 'set', patch: 'merge' }),
    providerID: str('ID of the node assigned by the cloud provider in the format: <ProviderName>://<ProviderSpecificNodeID>'),
    taints: arr(ref('core.Taint'), 'If specified, the node\'s taints.'),
    unschedulable: bool('Unschedulable controls node schedulability of new pods. By default, node is schedulable. More info: https://kubernetes.io/docs/concepts/nodes/node/#manual-node-administration'),
  }),
  NodeStatus: obj('NodeStatus is information about the current status of a node.', {
    addresses: mergeList(ref('core.NodeAddress'), 'List of addresses reachable to the node. Queried from cloud provider, if available. More info: https://kubernetes.io/docs/reference/node/node-status/#addresses Note: This field is declared as mergeable, but the merge key is not sufficiently unique, which can cause data corruption when it is merged. Callers should instead use a full-replacement patch.', ['type']),
    allocatable: quantityMap('Allocatable represents the resources of a node that are available for scheduling. Defaults to Capacity.'),
    capacity: quantityMap('Capacity represents the total resources of a node. More info: https://kubernetes.io/docs/reference/node/node-status/#capacity'),
    conditions: mergeList(ref('core.NodeCondition'), 'Conditions is an array of current observed node conditions. More info: https://kubernetes.io/docs/reference/node/node-status/#condition', ['type']),
    daemonEndpoints: ref('core.NodeDaemonEndpoints', 'Endpoints of daemons running on the Node.'),
    features: ref('core.NodeFeatures', 'Features describes the set of features implemented by the CRI implementation.'),
    images: arr(ref('core.ContainerImage'), 'List of container images on this node'),
    nodeInfo: ref('core.NodeSystemInfo', 'Set of ids/uuids to uniquely identify the node. More info: https://kubernetes.io/docs/reference/node/node-status/#info'),
    phase: str('NodePhase is the recently observed lifecycle phase of the node. More info: https://kubernetes.io/docs/concepts/nodes/node/#phase The field is never populated, and now is deprecated.', ['Pending', 'Running', 'Terminated']),
    runtimeHandlers: arr(ref('core.NodeRuntimeHandler'), 'The available runtime handlers.'),
    volumesAttached: arr(ref('core.AttachedVolume'), 'List of volumes that are attached to the node.'),
    volumesInUse: strArr('List of attachable volumes in use (mounted) by the node.'),
  }),
  NodeCondition: obj('NodeCondition contains condition information for a node.', {
    lastHeartbeatTime: time('Last time we got an update on a given condition.'),
    lastTransitionTime: time('Last time the condition transit from one status to another.'),
    message: str('Human readable message indicating details about last transition.'),
    reason: str('(brief) reason for the condition\'s last transition.'),
    status: str('Status of the condition, one of True, False, Unknown.'),
    type: str('Type of node condition.'),
  }, { required: ['type', 'status'] }),
  NodeAddress: obj('NodeAddress contains information for the node\'s address.', {
    address: str('The node address.'),
    type: str('Node address type, one of Hostname, ExternalIP or InternalIP.'),
  }, { required: ['type', 'address'] }),
  NodeSystemInfo: obj('NodeSystemInfo is a set of ids/uuids to uniquely identify the node.', {
    architecture: str('The Architecture reported by the node'),
    bootID: str('Boot ID reported by the node.'),
    containerRuntimeVersion: str('ContainerRuntime Version reported by the node through runtime remote API (e.g. containerd://1.4.2).'),
    kernelVersion: str('Kernel Version reported by the node from \'uname -r\' (e.g. 3.16.0-0.bpo.4-amd64).'),
    kubeProxyVersion: str('Deprecated: KubeProxy Version reported by the node.'),
    kubeletVersion: str('Kubelet Version reported by the node.'),
    machineID: str('MachineID reported by the node. For unique machine identification in the cluster this field is preferred. Learn more from man(5) machine-id: http://man7.org/linux/man-pages/man5/machine-id.5.html'),
    operatingSystem: str('The Operating System reported by the node'),
    osImage: str('OS Image reported by the node from /etc/os-release (e.g. Debian GNU/Linux 7 (wheezy)).'),
    systemUUID: str('SystemUUID reported by the node. For unique machine identification MachineID is preferred. This field is specific to Red Hat hosts https://access.redhat.com/documentation/en-us/red_hat_subscription_management/1/html/rhsm/uuid'),
  }, { required: ['machineID', 'systemUUID', 'bootID', 'kernelVersion', 'osImage', 'containerRuntimeVersion', 'kubeletVersion', 'kubeProxyVersion', 'operatingSystem', 'architecture'] }),
  NodeDaemonEndpoints: obj('NodeDaemonEndpoints lists ports opened by daemons running on the Node.', {
    kubeletEndpoint: ref('core.DaemonEndpoint', 'Endpoint on which Kubelet is listening.'),
  }),
  DaemonEndpoint: obj('DaemonEndpoint contains information about a single Daemon endpoint.', {
    Port: int32('Port number of the given endpoint.'),
  }, { required: ['Port'] }),
  ContainerImage: obj('Describe a container image', {
    names: strArr('Names by which this image is known. e.g. ["kubernetes.example/hyperkube:v1.0.7", "cloud-vendor.registry.example/cloud-vendor/hyperkube:v1.0.7"]'),
    sizeBytes: int64('The size of the image in bytes.'),
  }),
  AttachedVolume: obj('AttachedVolume describes a volume attached to a node', {
    devicePath: str('DevicePath represents the device path where the volume should be available'),
    name: str('Name of the attached volume'),
  }, { required: ['name', 'devicePath'] }),
  NodeRuntimeHandler: obj('NodeRuntimeHandler is a set of runtime handler information.', {
    features: ref('core.NodeRuntimeHandlerFeatures', 'Supported features.'),
    name: str('Runtime handler name. Empty for the default runtime handler.'),
  }),
  NodeRuntimeHandlerFeatures: obj('NodeRuntimeHandlerFeatures is a set of features implemented by the runtime handler.', {
    recursiveReadOnlyMounts: bool('RecursiveReadOnlyMounts is set to true if the runtime handler supports RecursiveReadOnlyMounts.'),
    userNamespaces: bool('UserNamespaces is set to true if the runtime handler supports UserNamespaces, including for volumes.'),
  }),
  NodeFeatures: obj('NodeFeatures describes the set of features implemented by the CRI implementation. The features contained in the NodeFeatures should depend only on the cri implementation independent of runtime handlers.', {
    supplementalGroupsPolicy: bool('SupplementalGroupsPolicy is set to true if the runtime supports SupplementalGroupsPolicy and ContainerUser.'),
  }),
  Binding: kind('v1', 'Binding', 'Binding ties one object to another; for example, a pod is bound to a node by a scheduler.', {
    target: ref('core.ObjectReference', 'The target object that you want to bind to the standard object.'),
  }, { required: ['target'] }),
  ObjectReference: obj('ObjectReference contains enough information to let you inspect or modify the referred object.', {
    apiVersion: str('API version of the referent.'),
    fieldPath: str('If referring to a piece of an object instead of an entire object, this string should contain a valid JSON/Go field access statement, such as desiredState.manifest.containers[2]. For example, if the object reference is to a container within a pod, this would take on a value like: "spec.containers{name}" (where "name" refers to the name of the container that triggered the event).'),
    kind: str('Kind of the referent. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds'),
    name: str('Name of the referent. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names/#names'),
    namespace: str('Namespace of the referent. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/namespaces/'),
    resourceVersion: str('Specific resourceVersion to which this reference is made, if any. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#concurrency-control-and-consistency'),
    uid: str('UID of the referent. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names/#uids'),
  }, { atomic: true }),
  Event: kind('v1', 'Event', 'Event is a report of an event somewhere in the cluster.  Events have a limited retention time and triggers and messages may evolve with time.  Event consumers should not rely on the timing of an event with a given Reason reflecting a consistent underlying trigger, or the continued existence of events with that Reason.', {
    action: str('What action was taken/failed regarding to the Regarding object.'),
    count: int32('The number of times this event has occurred.'),
    eventTime: ref('meta.MicroTime', 'Time when this Event was first observed.'),
    firstTimestamp: time('The time at which the event was first recorded. (Time of server receipt is in TypeMeta.)'),
    involvedObject: ref('core.ObjectReference', 'The object that this event is about.'),
    lastTimestamp: time('The time at which the most recent occurrence of this event was recorded.'),
    message: str('A human-readable description of the status of this operation.'),
    reason: str('This should be a short, machine understandable string that gives the reason for the transition into the object\'s current status.'),
    related: ref('core.ObjectReference', 'Optional secondary object for more complex actions.'),
    reportingComponent: str('Name of the controller that emitted this Event, e.g. `kubernetes.io/kubelet`.'),
    reportingInstance: str('ID of the controller instance, e.g. `kubelet-xyzf`.'),
    series: ref('core.EventSeries', 'Data about the Event series this event represents or nil if it\'s a singleton Event.'),
    source: ref('core.EventSource', 'The component reporting this event. Should be a short machine understandable string.'),
    type: str('Type of this event (Normal, Warning), new types could be added in the future'),
  }, { required: ['metadata', 'involvedObject'] }),
  EventList: listKind('v1', 'core.Event', 'EventList is a list of events.', 'List of events'),
  EventSource: obj('EventSource contains information for an event.', {
    component: str('Component from which the event is generated.'),
    host: str('Node name on which the event is generated.'),
  }),
  EventSeries: obj('EventSeries contain information on series of events, i.e. thing that was/is happening continuously for some time.', {
    count: int32('Number of occurrences in this series up to the last heartbeat time'),
    lastObservedTime: ref('meta.MicroTime', 'Time of the last occurrence observed'),
  }),
});
