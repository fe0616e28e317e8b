// The small groups: coordination.k8s.io/v1, discovery.k8s.io/v1, events.k8s.io/v1,
// policy/v1 and autoscaling/v1 (each generated.proto of k8s.io/api). Names carry the
// group as a prefix. Newer-than-v1.32 fields (EndpointHints.forNodes) are not tabled.
import type { SchemaTables } from './types.js';

export const OTHER_GROUPS: SchemaTables = {
  'coordination.Lease': { 1: 'metadata:ObjectMeta!', 2: 'spec:coordination.LeaseSpec!' },
  'coordination.LeaseSpec': {
    1: 'holderIdentity:string?',
    2: 'leaseDurationSeconds:int32?',
    3: 'acquireTime:MicroTime?',
    4: 'renewTime:MicroTime?',
    5: 'leaseTransitions:int32?',
    6: 'strategy:string?',
    7: 'preferredHolder:string?',
  },

  'discovery.EndpointSlice': {
    1: 'metadata:ObjectMeta!',
    4: 'addressType:string!',
    // neither list has omitempty in types.go
    2: 'endpoints:[discovery.Endpoint]!',
    3: 'ports:[discovery.EndpointPort]!',
  },
  'discovery.Endpoint': {
    1: 'addresses:[string]!',
    2: 'conditions:discovery.EndpointConditions!',
    3: 'hostname:string?',
    4: 'targetRef:ObjectReference',
    5: 'deprecatedTopology:{string}',
    6: 'nodeName:string?',
    7: 'zone:string?',
    8: 'hints:discovery.EndpointHints',
  },
  'discovery.EndpointConditions': { 1: 'ready:bool?', 2: 'serving:bool?', 3: 'terminating:bool?' },
  'discovery.EndpointHints': { 1: 'forZones:[discovery.ForZone]' },
  'discovery.ForZone': { 1: 'name:string!' },
  'discovery.EndpointPort': {
    1: 'name:string?',
    2: 'protocol:string?',
    3: 'port:int32?',
    4: 'appProtocol:string?',
  },

  'events.Event': {
    1: 'metadata:ObjectMeta!',
    2: 'eventTime:MicroTime!',
    3: 'series:events.EventSeries',
    4: 'reportingController:string',
    5: 'reportingInstance:string',
    6: 'action:string',
    7: 'reason:string',
    8: 'regarding:ObjectReference!',
    9: 'related:ObjectReference',
    10: 'note:string',
    11: 'type:string',
    12: 'deprecatedSource:EventSource!',
    13: 'deprecatedFirstTimestamp:Time!',
    14: 'deprecatedLastTimestamp:Time!',
    15: 'deprecatedCount:int32',
  },
  'events.EventSeries': { 1: 'count:int32!', 2: 'lastObservedTime:MicroTime!' },

  'policy.Eviction': { 1: 'metadata:ObjectMeta!', 2: 'deleteOptions:DeleteOptions' },
  'policy.PodDisruptionBudget': {
    1: 'metadata:ObjectMeta!',
    2: 'spec:policy.PodDisruptionBudgetSpec!',
    3: 'status:policy.PodDisruptionBudgetStatus!',
  },
  'policy.PodDisruptionBudgetSpec': {
    1: 'minAvailable:IntOrString?',
    2: 'selector:LabelSelector',
    3: 'maxUnavailable:IntOrString?',
    4: 'unhealthyPodEvictionPolicy:string?',
  },
  'policy.PodDisruptionBudgetStatus': {
    1: 'observedGeneration:int64',
    2: 'disruptedPods:{Time}',
    // the four counters have no omitempty: kubectl create pdb prints them as 0
    3: 'disruptionsAllowed:int32!',
    4: 'currentHealthy:int32!',
    5: 'desiredHealthy:int32!',
    6: 'expectedPods:int32!',
    7: 'conditions:[Condition]',
  },

  'autoscaling.Scale': {
    1: 'metadata:ObjectMeta!',
    2: 'spec:autoscaling.ScaleSpec!',
    3: 'status:autoscaling.ScaleStatus!',
  },
  // Replicas int32 `json:"replicas,omitempty"` (not a pointer): a scale to 0 shows as {}
  'autoscaling.ScaleSpec': { 1: 'replicas:int32' },
  'autoscaling.ScaleStatus': { 1: 'replicas:int32!', 2: 'selector:string' },
};
