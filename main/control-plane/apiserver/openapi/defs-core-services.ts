// core/v1 networking and configuration kinds: Service, Endpoints, ConfigMap, Secret,
// ServiceAccount, and the legacy ReplicationController.
import {
  arr, bool, defs, int32, int64, intOrString, kind, listKind, map, mergeList, obj, ref, str, strArr, strMap, time,
} from './schema-builder.js';

const SPEC_STATUS = 'More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#spec-and-status';

export const CORE_SERVICE_DEFINITIONS = defs('core', {
  Service: kind('v1', 'Service', 'Service is a named abstraction of software service (for example, mysql) consisting of local port (for example 3306) that the proxy listens on, and the selector that determines which pods will answer requests sent through the proxy.', {
    spec: ref('core.ServiceSpec', `Spec defines the behavior of a service. ${SPEC_STATUS}`),
    status: ref('core.ServiceStatus', `Most recently observed status of the service. Populated by the system. Read-only. ${SPEC_STATUS}`),
  }),
  ServiceList: listKind('v1', 'core.Service', 'ServiceList holds a list of services.', 'List of services'),
  ServiceSpec: obj('ServiceSpec describes the attributes that a user creates on a service.', {
    allocateLoadBalancerNodePorts: bool('allocateLoadBalancerNodePorts defines if NodePorts will be automatically allocated for services with type LoadBalancer.  Default is "true". This field may only be set for services with type LoadBalancer.'),
    clusterIP: str('clusterIP is the IP address of the service and is usually assigned randomly. If an address is specified manually, is in-range (as per system configuration), and is not in use, it will be allocated to the service; otherwise creation of the service will fail. This field may not be changed through updates unless the type field is also being changed to ExternalName. Valid values are "None", empty string (""), or a valid IP address. Setting this to "None" makes a "headless service". More info: https://kubernetes.io/docs/concepts/services-networking/service/#virtual-ips-and-service-proxies'),
    clusterIPs: strArr('ClusterIPs is a list of IP addresses assigned to this service, and are usually assigned randomly. If this field is specified, the first entry must match the clusterIP field. This field may hold a maximum of two entries (dual-stack IPs, in either order). More info: https://kubernetes.io/docs/concepts/services-networking/service/#virtual-ips-and-service-proxies'),
    externalIPs: strArr('externalIPs is a list of IP addresses for which nodes in the cluster will also accept traffic for this service.  These IPs are not managed by Kubernetes.  The user is responsible for ensuring that traffic arrives at a node with this IP.'),
    externalName: str('externalName is the external reference that discovery mechanisms will return as an alias for this service (e.g. a DNS CNAME record). No proxying will be involved.  Must be a lowercase RFC-1123 hostname (https://tools.ietf.org/html/rfc1123) and requires `type` to be "ExternalName".'),
    externalTrafficPolicy: str('externalTrafficPolicy describes how nodes distribute service traffic they receive on one of the Service\'s "externally-facing" addresses (NodePorts, ExternalIPs, and LoadBalancer IPs). If set to "Local", the proxy will configure the service in a way that assumes that external load balancers will take care of balancing the service traffic between nodes, and so each node will deliver traffic only to the node-local endpoints of the service. If set to "Cluster" (the default), traffic is distributed to all endpoints evenly.', ['Cluster', 'Local']),
    healthCheckNodePort: int32('healthCheckNodePort specifies the healthcheck nodePort for the service. This only applies when type is set to LoadBalancer and externalTrafficPolicy is set to Local.'),
    internalTrafficPolicy: str('InternalTrafficPolicy describes how nodes distribute service traffic they receive on the ClusterIP. If set to "Local", the proxy will assume that pods only want to talk to endpoints of the service on the same node as the pod, dropping the traffic if there are no local endpoints. The default value, "Cluster", uses the standard behavior of routing to all endpoints evenly.', ['Cluster', 'Local']),
    ipFamilies: strArr('IPFamilies is a list of IP families (e.g. IPv4, IPv6) assigned to this service. This field is usually assigned automatically based on cluster configuration and the ipFamilyPolicy field.'),
    ipFamilyPolicy: str('IPFamilyPolicy represents the dual-stack-ness requested or required by this Service. If there is no value provided, then this field will be set to SingleStack. Services can be "SingleStack" (a single IP family), "PreferDualStack" (two IP families on dual-stack configured clusters or a single IP family on single-stack clusters), or "RequireDualStack" (two IP families on dual-stack configured clusters, otherwise fail).', ['PreferDualStack', 'RequireDualStack', 'SingleStack']),
    loadBalancerClass: str('loadBalancerClass is the class of the load balancer implementation this Service belongs to. If specified, the value of this field must be a label-style identifier, with an optional prefix, e.g. "internal-vip" or "example.com/internal-vip".'),
    loadBalancerIP: str('Only applies to Service Type: LoadBalancer. This feature depends on whether the underlying cloud-provider supports specifying the loadBalancerIP when a load balancer is created. Deprecated: This field was under-specified and its meaning varies across implementations.'),
    loadBalancerSourceRanges: strArr('If specified and supported by the platform, this will restrict traffic through the cloud-provider load-balancer will be restricted to the specified client IPs. This field will be ignored if the cloud-provider does not support the feature.'),
    ports: mergeList(ref('core.ServicePort'), 'The list of ports that are exposed by this service. More info: https://kubernetes.io/docs/concepts/services-networking/service/#virtual-ips-and-service-proxies', ['port', 'protocol']),
    publishNotReadyAddresses: bool('publishNotReadyAddresses indicates that any agent which deals with endpoints for this Service should disregard any indications of ready/not-ready. The primary use case for setting this field is for a StatefulSet\'s Headless Service to propagate SRV DNS records for its Pods for the purpose of peer discovery.'),
    selector: strMap('Route service traffic to pods with label keys and values matching this selector. If empty or not present, the service is assumed to have an external process managing its endpoints, which Kubernetes will not modify. Only applies to types ClusterIP, NodePort, and LoadBalancer. Ignored if type is ExternalName. More info: https://kubernetes.io/docs/concepts/services-networking/service/', 'atomic'),
    sessionAffinity: str('Supports "ClientIP" and "None". Used to maintain session affinity. Enable client IP based session affinity. Must be ClientIP or None. Defaults to None. More info: https://kubernetes.io/docs/concepts/services-networking/service/#virtual-ips-and-service-proxies', ['ClientIP', 'None']),
    sessionAffinityConfig: ref('core.SessionAffinityConfig', 'sessionAffinityConfig contains the configurations of session affinity.'),
    trafficDistribution: str('TrafficDistribution offers a way to express preferences for how traffic is distributed to Service endpoints. Implementations can use this field as a hint, but are not required to guarantee strict adherence.'),
    type: str('type determines how the Service is exposed. Defaults to ClusterIP. Valid options are ExternalName, ClusterIP, NodePort, and LoadBalancer. "ClusterIP" allocates a cluster-internal IP address for load-balancing to endpoints. "NodePort" builds on ClusterIP and allocates a port on every node which routes to the same endpoints as the clusterIP. "LoadBalancer" builds on NodePort and creates an external load-balancer (if supported in the current cloud). "ExternalName" aliases this service to the specified externalName. More info: https://kubernetes.io/docs/concepts/services-networking/service/#publishing-services-service-types', ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort']),
  }),
  ServicePort: obj('ServicePort contains information on service\'s port.', {
    appProtocol: str('The application protocol for this port. This is used as a hint for implementations to offer richer behavior for protocols that they understand. This field follows standard Kubernetes label syntax.'),
    name: str('The name of this port within the service. This must be a DNS_LABEL. All ports within a ServiceSpec must have unique names. When considering the endpoints for a Service, this must match the \'name\' field in the EndpointPort. Optional if only one ServicePort is defined on this service.'),
    nodePort: int32('The port on each node on which this service is exposed when type is NodePort or LoadBalancer.  Usually assigned by the system. If a value is specified, in-range, and not in use it will be used, otherwise the operation will fail. More info: https://kubernetes.io/docs/concepts/services-networking/service/#type-nodeport'),
    port: int32('The port that will be exposed by this service.'),
    protocol: str('The IP protocol for this port. Supports "TCP", "UDP", and "SCTP". Default is TCP.', ['SCTP', 'TCP', 'UDP']),
    targetPort: intOrString('Number or name of the port to access on the pods targeted by the service. Number must be in the range 1 to 65535. Name must be an IANA_SVC_NAME. If this is a string, it will be looked up as a named port in the target Pod\'s container ports. If this is not specified, the value of the \'port\' field is used (an identity map). More info: https://kubernetes.io/docs/concepts/services-networking/service/#defining-a-service'),
  }, { required: ['port'] }),
  ServiceStatus: obj('ServiceStatus represents the current status of a service.', {
    conditions: mergeList(ref('meta.Condition'), 'Current service state', ['type']),
    loadBalancer: ref('core.LoadBalancerStatus', 'LoadBalancer contains the current status of the load-balancer, if one is present.'),
  }),
  LoadBalancerStatus: obj('LoadBalancerStatus represents the status of a load-balancer.', {
    ingress: arr(ref('core.LoadBalancerIngress'), 'Ingress is a list containing ingress points for the load-balancer. Traffic intended for the service should be sent to these ingress points.'),
  }),
  LoadBalancerIngress: obj('LoadBalancerIngress represents the status of a load-balancer ingress point: traffic intended for the service should be sent to an ingress point.', {
    hostname: str('Hostname is set for load-balancer ingress points that are DNS based (typically AWS load-balancers)'),
    ip: str('IP is set for load-balancer ingress points that are IP based (typically GCE or OpenStack load-balancers)'),
    ipMode: str('IPMode specifies how the load-balancer IP behaves, and may only be specified when the ip field is specified. Setting this to "VIP" indicates that traffic is delivered to the node with the destination set to the load-balancer\'s IP and port. Setting this to "Proxy" indicates that traffic is delivered to the node or pod with the destination set to the node\'s IP and node port or the pod\'s IP and port.'),
    ports: arr(ref('core.PortStatus'), 'Ports is a list of records of service ports If used, every port defined in the service should have an entry in it'),
  }),
  PortStatus: obj('PortStatus represents the error condition of a service port', {
    error: str('Error is to record the problem with the service port. Built-in error values use CamelCase names; cloud provider specific error values must have names of the form foo.example.com/CamelCase.'),
    port: int32('Port is the port number of the service port of which status is recorded here'),
    protocol: str('Protocol is the protocol of the service port of which status is recorded here The supported values are: "TCP", "UDP", "SCTP"', ['SCTP', 'TCP', 'UDP']),
  }, { required: ['port', 'protocol'] }),
  SessionAffinityConfig: obj('SessionAffinityConfig represents the configurations of session affinity.', {
    clientIP: ref('core.ClientIPConfig', 'clientIP contains the configurations of Client IP based session affinity.'),
  }),
  ClientIPConfig: obj('ClientIPConfig represents the configurations of Client IP based session affinity.', {
    timeoutSeconds: int32('timeoutSeconds specifies the seconds of ClientIP type session sticky time. The value must be >0 && <=86400(for 1 day) if ServiceAffinity == "ClientIP". Default value is 10800(for 3 hours).'),
  }),
  Endpoints: kind('v1', 'Endpoints', 'Endpoints is a collection of endpoints that implement the actual service. Example:\n\n\t Name: "mysvc",\n\t Subsets: [\n\t   {\n\t     Addresses: [{"ip": "10.10.1.1"}, {"ip": "10.10.2.2"}],\n\t     Ports: [{"name": "a", "port": 8675}, {"name": "b", "port": 309}]\n\t   },\n\t]', {
    subsets: arr(ref('core.EndpointSubset'), 'The set of all endpoints is the union of all subsets. Addresses are placed into subsets according to the IPs they share. A single address with multiple ports, some of which are ready and some of which are not (because they come from different containers) will result in the address being displayed in different subsets for the different ports. No address will appear in both Addresses and NotReadyAddresses in the same subset.'),
  }),
  EndpointsList: listKind('v1', 'core.Endpoints', 'EndpointsList is a list of endpoints.', 'List of endpoints.'),
  EndpointSubset: obj('EndpointSubset is a group of addresses with a common set of ports. The expanded set of endpoints is the Cartesian product of Addresses x Ports.', {
    addresses: arr(ref('core.EndpointAddress'), 'IP addresses which offer the related ports that are marked as ready. These endpoints should be considered safe for load balancers and clients to utilize.'),
    notReadyAddresses: arr(ref('core.EndpointAddress'), 'IP addresses which offer the related ports but are not currently marked as ready because they have not yet finished starting, have recently failed a readiness check, or have recently failed a liveness check.'),
    ports: arr(ref('core.EndpointPort'), 'Port numbers available on the related IP addresses.'),
  }),
  EndpointAddress: obj('EndpointAddress is a tuple that describes single IP address.', {
    hostname: str('The Hostname of this endpoint'),
    ip: str('The IP of this endpoint. May not be loopback (127.0.0.0/8 or ::1), link-local (169.254.0.0/16 or fe80::/10), or link-local multicast (224.0.0.0/24 or ff02::/16).'),
    nodeName: str('Optional: Node hosting this endpoint. This can be used to determine endpoints local to a node.'),
    targetRef: ref('core.ObjectReference', 'Reference to object providing the endpoint.'),
  }, { required: ['ip'], atomic: true }),
  EndpointPort: obj('EndpointPort is a tuple that describes a single port.', {
    appProtocol: str('The application protocol for this port. This is used as a hint for implementations to offer richer behavior for protocols that they understand. This field follows standard Kubernetes label syntax.'),
    name: str('The name of this port.  This must match the \'name\' field in the corresponding ServicePort. Must be a DNS_LABEL. Optional only if one port is defined.'),
    port: int32('The port number of the endpoint.'),
    protocol: str('The IP protocol for this port. Must be UDP, TCP, or SCTP. Default is TCP.', ['SCTP', 'TCP', 'UDP']),
  }, { required: ['port'], atomic: true }),
  ConfigMap: kind('v1', 'ConfigMap', 'ConfigMap holds configuration data for pods to consume.', {
    binaryData: map({ type: 'string', format: 'byte' }, 'BinaryData contains the binary data. Each key must consist of alphanumeric characters, \'-\', \'_\' or \'.\'. BinaryData can contain byte sequences that are not in the UTF-8 range. The keys stored in BinaryData must not overlap with the ones in the Data field, this is enforced during validation process.'),
    data: strMap('Data contains the configuration data. Each key must consist of alphanumeric characters, \'-\', \'_\' or \'.\'. Values with non-UTF-8 byte sequences must use the BinaryData field. The keys stored in Data must not overlap with the keys in the BinaryData field, this is enforced during validation process.'),
    immutable: bool('Immutable, if set to true, ensures that data stored in the ConfigMap cannot be updated (only object metadata can be modified). If not set to true, the field can be modified at any time. Defaulted to nil.'),
  }),
  ConfigMapList: listKind('v1', 'core.ConfigMap', 'ConfigMapList is a resource containing a list of ConfigMap objects.', 'Items is the list of ConfigMaps.'),
  Secret: kind('v1', 'Secret', 'Secret holds secret data of a certain type. The total bytes of the values in the Data field must be less than MaxSecretSize bytes.', {
    data: map({ type: 'string', format: 'byte' }, 'Data contains the secret data. Each key must consist of alphanumeric characters, \'-\', \'_\' or \'.\'. The serialized form of the secret data is a base64 encoded string, representing the arbitrary (possibly non-string) data value here. Described in https://tools.ietf.org/html/rfc4648#section-4'),
    immutable: bool('Immutable, if set to true, ensures that data stored in the Secret cannot be updated (only object metadata can be modified). If not set to true, the field can be modified at any time. Defaulted to nil.'),
    stringData: strMap('stringData allows specifying non-binary secret data in string form. It is provided as a write-only input field for convenience. All keys and values are merged into the data field on write, overwriting any existing values. The stringData field is never output when reading from the API.'),
    type: str('Used to facilitate programmatic handling of secret data. More info: https://kubernetes.io/docs/concepts/configuration/secret/#secret-types'),
  }),
  SecretList: listKind('v1', 'core.Secret', 'SecretList is a list of Secret.', 'Items is a list of secret objects. More info: https://kubernetes.io/docs/concepts/configuration/secret'),
  ServiceAccount: kind('v1', 'ServiceAccount', 'ServiceAccount binds together: * a name, understood by users, and perhaps by peripheral systems, for an identity * a principal that can be authenticated and authorized * a set of secrets', {
    automountServiceAccountToken: bool('AutomountServiceAccountToken indicates whether pods running as this service account should have an API token automatically mounted. Can be overridden at the pod level.'),
    imagePullSecrets: arr(ref('core.LocalObjectReference'), 'ImagePullSecrets is a list of references to secrets in the same namespace to use for pulling any images in pods that reference this ServiceAccount. ImagePullSecrets are distinct from Secrets because Secrets can be mounted in the pod, but ImagePullSecrets are only accessed by the kubelet. More info: https://kubernetes.io/docs/concepts/containers/images/#specifying-imagepullsecrets-on-a-pod'),
    secrets: mergeList(ref('core.ObjectReference'), 'Secrets is a list of the secrets in the same namespace that pods running using this ServiceAccount are allowed to use. Pods are only limited to this list if this service account has a "kubernetes.io/enforce-mountable-secrets" annotation set to "true". The "kubernetes.io/enforce-mountable-secrets" annotation is deprecated since v1.32. More info: https://kubernetes.io/docs/concepts/configuration/secret', ['name']),
  }),
  ServiceAccountList: listKind('v1', 'core.ServiceAccount', 'ServiceAccountList is a list of ServiceAccount objects', 'List of ServiceAccounts. More info: https://kubernetes.io/docs/tasks/configure-pod-container/configure-service-account/'),
  ReplicationController: kind('v1', 'ReplicationController', 'ReplicationController represents the configuration of a replication controller.', {
    spec: ref('core.ReplicationControllerSpec', `Spec defines the specification of the desired behavior of the replication controller. ${SPEC_STATUS}`),
    status: ref('core.ReplicationControllerStatus', `Status is the most recently observed status of the replication controller. This data may be out of date by some window of time. Populated by the system. Read-only. ${SPEC_STATUS}`),
  }),
  ReplicationControllerList: listKind('v1', 'core.ReplicationController', 'ReplicationControllerList is a collection of replication controllers.', 'List of replication controllers. More info: https://kubernetes.io/docs/concepts/workloads/controllers/replicationcontroller'),
  ReplicationControllerSpec: obj('ReplicationControllerSpec is the specification of a replication controller.', {
    minReadySeconds: int32('Minimum number of seconds for which a newly created pod should be ready without any of its container crashing, for it to be considered available. Defaults to 0 (pod will be considered available as soon as it is ready)'),
    replicas: int32('Replicas is the number of desired replicas. This is a pointer to distinguish between explicit zero and unspecified. Defaults to 1. More info: https://kubernetes.io/docs/concepts/workloads/controllers/replicationcontroller#what-is-a-replicationcontroller'),
    selector: strMap('Selector is a label query over pods that should match the Replicas count. If Selector is empty, it is defaulted to the labels present on the Pod template. Label keys and values that must match in order to be controlled by this replication controller, if empty defaulted to labels on Pod template. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors', 'atomic'),
    template: ref('core.PodTemplateSpec', 'Template is the object that describes the pod that will be created if insufficient replicas are detected. This takes precedence over a TemplateRef. The only allowed template.spec.restartPolicy value is "Always". More info: https://kubernetes.io/docs/concepts/workloads/controllers/replicationcontroller#pod-template'),
  }),
  ReplicationControllerStatus: obj('ReplicationControllerStatus represents the current status of a replication controller.', {
    availableReplicas: int32('The number of available replicas (ready for at least minReadySeconds) for this replication controller.'),
    conditions: mergeList(ref('core.ReplicationControllerCondition'), 'Represents the latest available observations of a replication controller\'s current state.', ['type']),
    fullyLabeledReplicas: int32('The number of pods that have labels matching the labels of the pod template of the replication controller.'),
    observedGeneration: int64('ObservedGeneration reflects the generation of the most recently observed replication controller.'),
    readyReplicas: int32('The number of ready replicas for this replication controller.'),
    replicas: int32('Replicas is the most recently observed number of replicas. More info: https://kubernetes.io/docs/concepts/workloads/controllers/replicationcontroller#what-is-a-replicationcontroller'),
  }, { required: ['replicas'] }),
  ReplicationControllerCondition: obj('ReplicationControllerCondition describes the state of a replication controller at a certain point.', {
    lastTransitionTime: time('The last time the condition transitioned from one status to another.'),
    message: str('A human readable message indicating details about the transition.'),
    reason: str('The reason for the condition\'s last transition.'),
    status: str('Status of the condition, one of True, False, Unknown.'),
    type: str('Type of replication controller condition.'),
  }, { required: ['type', 'status'] }),
});
