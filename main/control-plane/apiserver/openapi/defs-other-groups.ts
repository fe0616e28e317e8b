// The smaller API groups the lab serves: coordination.k8s.io (node heartbeats, leader
// election), events.k8s.io, discovery.k8s.io (EndpointSlice), and the subresource kinds
// autoscaling/v1 Scale and policy/v1 Eviction.
import { arr, bool, defs, int32, kind, listKind, map, obj, ref, str, strArr, time } from './schema-builder.js';
import type { Definitions } from './schema-builder.js';

const SPEC_STATUS = 'More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#spec-and-status';

const coordination = defs('coordination', {
  Lease: kind('coordination.k8s.io/v1', 'Lease', 'Lease defines a lease concept.', {
    spec: ref('coordination.LeaseSpec', `spec contains the specification of the Lease. ${SPEC_STATUS}`),
  }),
  LeaseList: listKind('coordination.k8s.io/v1', 'coordination.Lease', 'LeaseList is a list of Lease objects.', 'items is a list of schema objects.'),
  LeaseSpec: obj('LeaseSpec is a specification of a Lease.', {
    acquireTime: ref('meta.MicroTime', 'acquireTime is a time when the current lease was acquired.'),
    holderIdentity: str('holderIdentity contains the identity of the holder of a current lease. If Coordinated Leader Election is used, the holder identity must be equal to the elected LeaseCandidate.metadata.name field.'),
    leaseDurationSeconds: int32('leaseDurationSeconds is a duration that candidates for a lease need to wait to force acquire it. This is measured against the time of last observed renewTime.'),
    leaseTransitions: int32('leaseTransitions is the number of transitions of a lease between holders.'),
    preferredHolder: str('PreferredHolder signals to a lease holder that the lease has a more optimal holder and should be given up. This field can only be set if Strategy is also set.'),
    renewTime: ref('meta.MicroTime', 'renewTime is a time when the current holder of a lease has last updated the lease.'),
    strategy: str('Strategy indicates the strategy for picking the leader for coordinated leader election. If the field is not specified, there is no active coordination for this lease. (Alpha) Using this field requires the CoordinatedLeaderElection feature gate to be enabled.'),
  }),
});

const events = defs('events', {
  Event: kind('events.k8s.io/v1', 'Event', 'Event is a report of an event somewhere in the cluster. It generally denotes some state change in the system. Events have a limited retention time and triggers and messages may evolve with time.  Event consumers should not rely on the timing of an event with a given Reason reflecting a consistent underlying trigger, or the continued existence of events with that Reason.  Events should be treated as informative, best-effort, supplemental data.', {
    action: str('action is what action was taken/failed regarding to the regarding object. It is machine-readable. This field cannot be empty for new Events and it can have at most 128 characters.'),
    deprecatedCount: int32('deprecatedCount is the deprecated field assuring backward compatibility with core.v1 Event type.'),
    deprecatedFirstTimestamp: time('deprecatedFirstTimestamp is the deprecated field assuring backward compatibility with core.v1 Event type.'),
    deprecatedLastTimestamp: time('deprecatedLastTimestamp is the deprecated field assuring backward compatibility with core.v1 Event type.'),
    deprecatedSource: ref('core.EventSource', 'deprecatedSource is the deprecated field assuring backward compatibility with core.v1 Event type.'),
    eventTime: ref('meta.MicroTime', 'eventTime is the time when this Event was first observed. It is required.'),
    note: str('note is a human-readable description of the status of this operation. Maximal length of the note is 1kB, but libraries should be prepared to handle values up to 64kB.'),
    reason: str('reason is why the action was taken. It is human-readable. This field cannot be empty for new Events and it can have at most 128 characters.'),
    regarding: ref('core.ObjectReference', 'regarding contains the object this Event is about. In most cases it\'s an Object reporting controller implements, e.g. ReplicaSetController implements ReplicaSets and this event is emitted because it acts on some changes in a ReplicaSet object.'),
    related: ref('core.ObjectReference', 'related is the optional secondary object for more complex actions. E.g. when regarding object triggers a creation or deletion of related object.'),
    reportingController: str('reportingController is the name of the controller that emitted this Event, e.g. `kubernetes.io/kubelet`. This field cannot be empty for new Events.'),
    reportingInstance: str('reportingInstance is the ID of the controller instance, e.g. `kubelet-xyzf`. This field cannot be empty for new Events and it can have at most 128 characters.'),
    series: ref('events.EventSeries', 'series is data about the Event series this event represents or nil if it\'s a singleton Event.'),
    type: str('type is the type of this event (Normal, Warning), new types could be added in the future. It is machine-readable. This field cannot be empty for new Events.'),
  }, { required: ['eventTime'] }),
  EventList: listKind('events.k8s.io/v1', 'events.Event', 'EventList is a list of Event objects.', 'items is a list of schema objects.'),
  EventSeries: obj('EventSeries contain information on series of events, i.e. thing that was/is happening continuously for some time. How often to update the EventSeries is up to the event reporters.', {
    count: int32('count is the number of occurrences in this series up to the last heartbeat time.'),
    lastObservedTime: ref('meta.MicroTime', 'lastObservedTime is the time when last Event from the series was seen before last heartbeat.'),
  }, { required: ['count', 'lastObservedTime'] }),
});

const discovery = defs('discovery', {
  EndpointSlice: kind('discovery.k8s.io/v1', 'EndpointSlice', 'EndpointSlice represents a subset of the endpoints that implement a service. For a given service there may be multiple EndpointSlice objects, selected by labels, which must be joined to produce the full set of endpoints.', {
    addressType: str('addressType specifies the type of address carried by this EndpointSlice. All addresses in this slice must be the same type. This field is immutable after creation. The following address types are currently supported: * IPv4: Represents an IPv4 Address. * IPv6: Represents an IPv6 Address. * FQDN: Represents a Fully Qualified Domain Name.', ['FQDN', 'IPv4', 'IPv6']),
    endpoints: arr(ref('discovery.Endpoint'), 'endpoints is a list of unique endpoints in this slice. Each slice may include a maximum of 1000 endpoints.'),
    ports: arr(ref('discovery.EndpointPort'), 'ports specifies the list of network ports exposed by each endpoint in this slice. Each port must have a unique name. When ports is empty, it indicates that there are no defined ports. When a port is defined with a nil port value, it indicates "all ports". Each slice may include a maximum of 100 ports.'),
  }, { required: ['addressType', 'endpoints'] }),
  EndpointSliceList: listKind('discovery.k8s.io/v1', 'discovery.EndpointSlice', 'EndpointSliceList represents a list of endpoint slices', 'items is the list of endpoint slices'),
  Endpoint: obj('Endpoint represents a single logical "backend" implementing a service.', {
    addresses: strArr('addresses of this endpoint. The contents of this field are interpreted according to the corresponding EndpointSlice addressType field. Consumers must handle different types of addresses in the context of their own capabilities. This must contain at least one address but no more than 100.', { list: 'set' }),
    conditions: ref('discovery.EndpointConditions', 'conditions contains information about the current status of the endpoint.'),
    deprecatedTopology: map({ type: 'string' }, 'deprecatedTopology contains topology information part of the v1beta1 API. This field is deprecated, and will be removed when the v1beta1 API is removed (no sooner than kubernetes v1.24).'),
    hints: ref('discovery.EndpointHints', 'hints contains information associated with how an endpoint should be consumed.'),
    hostname: str('hostname of this endpoint. This field may be used by consumers of endpoints to distinguish endpoints from each other (e.g. in DNS names). Multiple endpoints which use the same hostname should be considered fungible (e.g. multiple A values in DNS). Must be lowercase and pass DNS Label (RFC 1123) validation.'),
    nodeName: str('nodeName represents the name of the Node hosting this endpoint. This can be used to determine endpoints local to a Node.'),
    targetRef: ref('core.ObjectReference', 'targetRef is a reference to a Kubernetes object that represents this endpoint.'),
    zone: str('zone is the name of the Zone this endpoint exists in.'),
  }, { required: ['addresses'] }),
  EndpointConditions: obj('EndpointConditions represents the current condition of an endpoint.', {
    ready: bool('ready indicates that this endpoint is prepared to receive traffic, according to whatever system is managing the endpoint. A nil value indicates an unknown state. In most cases consumers should interpret this unknown state as ready. For compatibility reasons, ready should never be "true" for terminating endpoints, except when the normal readiness behavior is being explicitly overridden, for example when the associated Service has set the publishNotReadyAddresses flag.'),
    serving: bool('serving is identical to ready except that it is set regardless of the terminating state of endpoints. This condition should be set to true for a ready endpoint that is terminating. If nil, consumers should defer to the ready condition.'),
    terminating: bool('terminating indicates that this endpoint is terminating. A nil value indicates an unknown state. Consumers should interpret this unknown state to mean that the endpoint is not terminating.'),
  }),
  EndpointHints: obj('EndpointHints provides hints describing how an endpoint should be consumed.', {
    forZones: arr(ref('discovery.ForZone'), 'forZones indicates the zone(s) this endpoint should be consumed by to enable topology aware routing.'),
  }),
  ForZone: obj('ForZone provides information about which zones should consume this endpoint.', {
    name: str('name represents the name of the zone.'),
  }, { required: ['name'] }),
  EndpointPort: obj('EndpointPort represents a Port used by an EndpointSlice', {
    appProtocol: str('The application protocol for this port. This is used as a hint for implementations to offer richer behavior for protocols that they understand. This field follows standard Kubernetes label syntax.'),
    name: str('name represents the name of this port. All ports in an EndpointSlice must have a unique name. If the EndpointSlice is derived from a Kubernetes service, this corresponds to the Service.ports[].name. Name must either be an empty string or pass DNS_LABEL validation.'),
    port: int32('port represents the port number of the endpoint. If this is not specified, ports are not restricted and must be interpreted in the context of the specific consumer.'),
    protocol: str('protocol represents the IP protocol for this port. Must be UDP, TCP, or SCTP. Default is TCP.', ['SCTP', 'TCP', 'UDP']),
  }, { atomic: true }),
});

const subresourceKinds = {
  ...defs('autoscaling', {
    Scale: kind('autoscaling/v1', 'Scale', 'Scale represents a scaling request for a resource.', {
      spec: ref('autoscaling.ScaleSpec', `spec defines the behavior of the scale. ${SPEC_STATUS}.`),
      status: ref('autoscaling.ScaleStatus', `status is the current status of the scale. ${SPEC_STATUS}. Read-only.`),
    }),
    ScaleSpec: obj('ScaleSpec describes the attributes of a scale subresource.', {
      replicas: int32('replicas is the desired number of instances for the scaled object.'),
    }),
    ScaleStatus: obj('ScaleStatus represents the current status of a scale subresource.', {
      replicas: int32('replicas is the actual number of observed instances of the scaled object.'),
      selector: str('selector is the label query over pods that should match the replicas count. This is same as the label selector but in the string format to avoid introspection by clients. The string will be in the same format as the query-param syntax. More info about label selectors: https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/'),
    }, { required: ['replicas'] }),
  }),
  ...defs('policy', {
    Eviction: kind('policy/v1', 'Eviction', 'Eviction evicts a pod from its node subject to certain policies and safety constraints. This is a subresource of Pod.  A request to cause such an eviction is created by POSTing to .../pods/<pod name>/evictions.', {
      deleteOptions: ref('meta.DeleteOptions', 'DeleteOptions may be provided'),
    }),
  }),
};

export const OTHER_GROUP_DEFINITIONS: Definitions = { ...coordination, ...events, ...discovery, ...subresourceKinds };
