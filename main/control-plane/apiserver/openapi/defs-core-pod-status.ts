// core/v1 PodStatus and ContainerStatus: what the kubelet (agent/) reports.
import {
  arr, bool, defs, int32, int64, mergeList, obj, quantityMap, ref, str, time,
} from './schema-builder.js';

const CONTAINER_STATUS_NOTE = 'More info: https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle#pod-and-container-status';

export const CORE_POD_STATUS_DEFINITIONS = defs('core', {
  PodStatus: obj('PodStatus represents information about the status of a pod. Status may trail the actual state of a system, especially if the node that hosts the pod cannot contact the control plane.', {
    conditions: mergeList(ref('core.PodCondition'), 'Current service state of pod. More info: https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle#pod-conditions', ['type']),
    containerStatuses: arr(ref('core.ContainerStatus'), `Statuses of containers in this pod. Each container in the pod should have at most one status in this list, and all statuses should be for containers in the pod. However this is not enforced. ${CONTAINER_STATUS_NOTE}`),
    ephemeralContainerStatuses: arr(ref('core.ContainerStatus'), `Statuses for any ephemeral containers that have run in this pod. ${CONTAINER_STATUS_NOTE}`),
    hostIP: str('hostIP holds the IP address of the host to which the pod is assigned. Empty if the pod has not started yet.'),
    hostIPs: arr(ref('core.HostIP'), 'hostIPs holds the IP addresses allocated to the host. If this field is specified, the first entry must match the hostIP field. This list is empty if the pod has not started yet.', { patch: 'merge', key: 'ip' }),
    initContainerStatuses: arr(ref('core.ContainerStatus'), `Statuses of init containers in this pod. The most recent successful non-restartable init container will have ready = true, the most recently started container will have startTime set. ${CONTAINER_STATUS_NOTE}`),
    message: str('A human readable message indicating details about why the pod is in this condition.'),
    nominatedNodeName: str('nominatedNodeName is set only when this pod preempts other pods on the node, but it cannot be scheduled right away as preemption victims receive their graceful termination periods. This field does not guarantee that the pod will be scheduled on this node.'),
    phase: str('The phase of a Pod is a simple, high-level summary of where the Pod is in its lifecycle. There are five possible phase values:\n\nPending: The pod has been accepted by the Kubernetes system, but one or more of the container images has not been created. Running: The pod has been bound to a node, and all of the containers have been created. At least one container is still running, or is in the process of starting or restarting. Succeeded: All containers in the pod have terminated in success, and will not be restarted. Failed: All containers in the pod have terminated, and at least one container has terminated in failure. Unknown: For some reason the state of the pod could not be obtained.\n\nMore info: https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle#pod-phase', ['Failed', 'Pending', 'Running', 'Succeeded', 'Unknown']),
    podIP: str('podIP address allocated to the pod. Routable at least within the cluster. Empty if not yet allocated.'),
    podIPs: mergeList(ref('core.PodIP'), 'podIPs holds the IP addresses allocated to the pod. If this field is specified, the 0th entry must match the podIP field. Pods may be allocated at most 1 value for each of IPv4 and IPv6. This list is empty if no IPs have been allocated yet.', ['ip']),
    qosClass: str('The Quality of Service (QOS) classification assigned to the pod based on resource requirements See PodQOSClass type for available QOS classes More info: https://kubernetes.io/docs/concepts/workloads/pods/pod-qos/#quality-of-service-classes', ['BestEffort', 'Burstable', 'Guaranteed']),
    reason: str('A brief CamelCase message indicating details about why the pod is in this state. e.g. \'Evicted\''),
    resize: str('Status of resources resize desired for pod\'s containers. It is empty if no resources resize is pending. Any changes to container resources will automatically set this to "Proposed"'),
    resourceClaimStatuses: mergeList(ref('core.PodResourceClaimStatus'), 'Status of resource claims.', ['name'], 'merge,retainKeys'),
    startTime: time('RFC 3339 date and time at which the object was acknowledged by the Kubelet. This is before the Kubelet pulled the container image(s) for the pod.'),
  }),
  PodCondition: obj('PodCondition contains details for the current condition of this pod.', {
    lastProbeTime: time('Last time we probed the condition.'),
    lastTransitionTime: time('Last time the condition transitioned from one status to another.'),
    message: str('Human-readable message indicating details about last transition.'),
    reason: str('Unique, one-word, CamelCase reason for the condition\'s last transition.'),
    status: str('Status is the status of the condition. Can be True, False, Unknown. More info: https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle#pod-conditions'),
    type: str('Type is the type of the condition. More info: https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle#pod-conditions'),
  }, { required: ['type', 'status'] }),
  PodIP: obj('PodIP represents a single IP address allocated to the pod.', {
    ip: str('IP is the IP address assigned to the pod'),
  }, { required: ['ip'] }),
  HostIP: obj('HostIP represents a single IP address allocated to the host.', {
    ip: str('IP is the IP address assigned to the host'),
  }, { required: ['ip'] }),
  PodResourceClaimStatus: obj('PodResourceClaimStatus is stored in the PodStatus for each PodResourceClaim which references a ResourceClaimTemplate. It stores the generated name for the corresponding ResourceClaim.', {
    name: str('Name uniquely identifies this resource claim inside the pod. This must match the name of an entry in pod.spec.resourceClaims, which implies that the string must be a DNS_LABEL.'),
    resourceClaimName: str('ResourceClaimName is the name of the ResourceClaim that was generated for the Pod in the namespace of the Pod. If this is unset, then generating a ResourceClaim was not necessary.'),
  }, { required: ['name'] }),
  ContainerStatus: obj('ContainerStatus contains details for the current status of this container.', {
    allocatedResources: quantityMap('AllocatedResources represents the compute resources allocated for this container by the node. Kubelet sets this value to Container.Resources.Requests upon successful pod admission and after successfully admitting desired pod resize.'),
    allocatedResourcesStatus: mergeList(ref('core.ResourceStatus'), 'AllocatedResourcesStatus represents the status of various resources allocated for this Pod.', ['name']),
    containerID: str('ContainerID is the ID of the container in the format \'<type>://<container_id>\'. Where type is a container runtime identifier, returned from Version call of CRI API (for example "containerd").'),
    image: str('Image is the name of container image that the container is running. The container image may not match the image used in the PodSpec, as it may have been resolved by the runtime. More info: https://kubernetes.io/docs/concepts/containers/images.'),
    imageID: str('ImageID is the image ID of the container\'s image. The image ID may not match the image ID of the image used in the PodSpec, as it may have been resolved by the runtime.'),
    lastState: ref('core.ContainerState', 'LastTerminationState holds the last termination state of the container to help debug container crashes and restarts. This field is not populated if the container is still running and RestartCount is 0.'),
    name: str('Name is a DNS_LABEL representing the unique name of the container. Each container in a pod must have a unique name across all container types. Cannot be updated.'),
    ready: bool('Ready specifies whether the container is currently passing its readiness check. The value will change as readiness probes keep executing. If no readiness probes are specified, this field defaults to true once the container is fully started (see Started field).'),
    resources: ref('core.ResourceRequirements', 'Resources represents the compute resource requests and limits that have been successfully enacted on the running container after it has been started or has been successfully resized.'),
    restartCount: int32('RestartCount holds the number of times the container has been restarted. Kubelet makes an effort to always increment the value, but there are cases when the state may be lost due to node restarts and then the value may be reset to 0. The value is never negative.'),
    started: bool('Started indicates whether the container has finished its postStart lifecycle hook and passed its startup probe. Initialized as false, becomes true after startupProbe is considered successful. Resets to false when the container is restarted, or if kubelet loses state temporarily.'),
    state: ref('core.ContainerState', 'State holds details about the container\'s current condition.'),
    user: ref('core.ContainerUser', 'User represents user identity information initially attached to the first process of the container'),
    volumeMounts: mergeList(ref('core.VolumeMountStatus'), 'Status of volume mounts.', ['mountPath']),
  }, { required: ['name', 'ready', 'restartCount', 'image', 'imageID'] }),
  ContainerState: obj('ContainerState holds a possible state of container. Only one of its members may be specified. If none of them is specified, the default one is ContainerStateWaiting.', {
    running: ref('core.ContainerStateRunning', 'Details about a running container'),
    terminated: ref('core.ContainerStateTerminated', 'Details about a terminated container'),
    waiting: ref('core.ContainerStateWaiting', 'Details about a waiting container'),
  }),
  ContainerStateRunning: obj('ContainerStateRunning is a running state of a container.', {
    startedAt: time('Time at which the container was last (re-)started'),
  }),
  ContainerStateWaiting: obj('ContainerStateWaiting is a waiting state of a container.', {
    message: str('Message regarding why the container is not yet running.'),
    reason: str('(brief) reason the container is not yet running.'),
  }),
  ContainerStateTerminated: obj('ContainerStateTerminated is a terminated state of a container.', {
    containerID: str('Container\'s ID in the format \'<type>://<container_id>\''),
    exitCode: int32('Exit status from the last termination of the container'),
    finishedAt: time('Time at which the container last terminated'),
    message: str('Message regarding the last termination of the container'),
    reason: str('(brief) reason from the last termination of the container'),
    signal: int32('Signal from the last termination of the container'),
    startedAt: time('Time at which previous execution of the container started'),
  }, { required: ['exitCode'] }),
  ContainerUser: obj('ContainerUser represents user identity information', {
    linux: ref('core.LinuxContainerUser', 'Linux holds user identity information initially attached to the first process of the containers in Linux. Note that the actual running identity can be changed if the process has enough privilege to do so.'),
  }),
  LinuxContainerUser: obj('LinuxContainerUser represents user identity information in Linux containers', {
    gid: int64('GID is the primary gid initially attached to the first process in the container'),
    supplementalGroups: arr({ type: 'integer', format: 'int64' }, 'SupplementalGroups are the supplemental groups initially attached to the first process in the container'),
    uid: int64('UID is the primary uid initially attached to the first process in the container'),
  }, { required: ['uid', 'gid'] }),
  VolumeMountStatus: obj('VolumeMountStatus shows status of volume mounts.', {
    mountPath: str('MountPath corresponds to the original VolumeMount.'),
    name: str('Name corresponds to the name of the original VolumeMount.'),
    readOnly: bool('ReadOnly corresponds to the original VolumeMount.'),
    recursiveReadOnly: str('RecursiveReadOnly must be set to Disabled, Enabled, or unspecified (for non-readonly mounts). An IfPossible value in the original VolumeMount must be translated to Disabled or Enabled, depending on the mount result.'),
  }, { required: ['name', 'mountPath'] }),
  ResourceStatus: obj('ResourceStatus represents the status of a single resource allocated to a Pod.', {
    name: str('Name of the resource. Must be unique within the pod and in case of non-DRA resource, match one of the resources from the pod spec.'),
    resources: arr(ref('core.ResourceHealth'), 'List of unique resources health. Each element in the list contains an unique resource ID and its health.', { list: 'map', keys: ['resourceID'] }),
  }, { required: ['name'] }),
  ResourceHealth: obj('ResourceHealth represents the health of a resource. It has the latest device health information.', {
    health: str('Health of the resource. can be one of:\n - Healthy: operates as normal\n - Unhealthy: reported unhealthy.\n - Unknown: Status of the resource is unknown.'),
    resourceID: str('ResourceID is the unique identifier of the resource. See the ResourceID type for more information.'),
  }, { required: ['resourceID'] }),
});
