// k8s.io/api/core/v1 (and metav1) merge tags, as in types.go for Kubernetes 1.32.
// Fields not listed are scalars or plain structs whose lists are atomic.
import { atomicList, atomicMap, granularMap, mergeList, mergeSet, struct } from './types.js';
import type { StructTable } from './types.js';

const TCP_KEYS = { protocol: 'TCP' } as const;

export const CORE_V1: StructTable = {
  ObjectMeta: {
    fields: {
      labels: granularMap,
      annotations: granularMap,
      // +patchStrategy=merge +listType=set
      finalizers: mergeSet,
      // +patchMergeKey=uid +patchStrategy=merge +listType=map +listMapKey=uid
      ownerReferences: mergeList(undefined, 'uid'),
      managedFields: atomicList,
    },
  },
  // metav1.LabelSelector is +structType=atomic: SSA owns it as one value.
  LabelSelector: { atomic: true, fields: {} },

  Pod: { fields: { metadata: struct('ObjectMeta', 'object'), spec: struct('PodSpec', 'object'), status: struct('PodStatus', 'object') } },
  PodTemplateSpec: { fields: { metadata: struct('ObjectMeta', 'object'), spec: struct('PodSpec', 'object') } },
  PodTemplate: { fields: { metadata: struct('ObjectMeta', 'object'), template: struct('PodTemplateSpec', 'object') } },
  PodSpec: {
    fields: {
      volumes: mergeList('Volume', 'name', 'merge,retainKeys'),
      initContainers: mergeList('Container', 'name'),
      // `json:"containers"` has no omitempty: null in the zero value.
      containers: { ...mergeList('Container', 'name'), zero: 'null' },
      ephemeralContainers: mergeList('Container', 'name'),
      imagePullSecrets: mergeList(undefined, 'name'),
      hostAliases: mergeList(undefined, 'ip'),
      tolerations: atomicList,
      readinessGates: atomicList,
      topologySpreadConstraints: {
        type: 'TopologySpreadConstraint',
        list: 'map',
        keys: ['topologyKey', 'whenUnsatisfiable'],
        patchStrategy: 'merge',
        patchMergeKey: 'topologyKey',
      },
      schedulingGates: mergeList(undefined, 'name'),
      resourceClaims: mergeList(undefined, 'name', 'merge,retainKeys'),
      nodeSelector: atomicMap,
      overhead: granularMap,
      affinity: struct('Affinity'),
      resources: struct('ResourceRequirements'),
    },
  },
  Container: {
    fields: {
      // +listType=map +listMapKey=containerPort +listMapKey=protocol; SMP merges on containerPort only.
      ports: { type: 'ContainerPort', list: 'map', keys: ['containerPort', 'protocol'], keyDefaults: TCP_KEYS, patchStrategy: 'merge', patchMergeKey: 'containerPort' },
      env: mergeList(undefined, 'name'),
      envFrom: atomicList,
      volumeMounts: mergeList(undefined, 'mountPath'),
      volumeDevices: mergeList(undefined, 'devicePath'),
      resizePolicy: atomicList,
      command: atomicList,
      args: atomicList,
      resources: struct('ResourceRequirements', 'object'),
    },
  },
  ResourceRequirements: {
    fields: { limits: granularMap, requests: granularMap, claims: { list: 'map', keys: ['name'] } },
  },
  TopologySpreadConstraint: { fields: { labelSelector: struct('LabelSelector'), matchLabelKeys: atomicList } },
  Affinity: { fields: { podAffinity: struct('PodAffinity'), podAntiAffinity: struct('PodAffinity') } },
  PodAffinity: { fields: { requiredDuringSchedulingIgnoredDuringExecution: atomicList, preferredDuringSchedulingIgnoredDuringExecution: atomicList } },
  PodStatus: {
    fields: {
      conditions: mergeList(undefined, 'type'),
      podIPs: mergeList(undefined, 'ip'),
      hostIPs: mergeList(undefined, 'ip'),
      containerStatuses: atomicList,
      initContainerStatuses: atomicList,
      ephemeralContainerStatuses: atomicList,
      resourceClaimStatuses: mergeList(undefined, 'name', 'merge,retainKeys'),
    },
  },

  ReplicationController: {
    fields: { metadata: struct('ObjectMeta', 'object'), spec: struct('ReplicationControllerSpec', 'object'), status: struct('ConditionsStatus', 'object') },
  },
  // Template is a *PodTemplateSpec here, so not part of the zero value.
  ReplicationControllerSpec: { fields: { selector: atomicMap, template: struct('PodTemplateSpec') } },
  ConditionsStatus: { fields: { conditions: mergeList(undefined, 'type') } },

  Service: { fields: { metadata: struct('ObjectMeta', 'object'), spec: struct('ServiceSpec', 'object'), status: struct('ServiceStatus', 'object') } },
  ServiceSpec: {
    fields: {
      // +listType=map +listMapKey=port +listMapKey=protocol; SMP merges on port only.
      ports: { type: 'ServicePort', list: 'map', keys: ['port', 'protocol'], keyDefaults: TCP_KEYS, patchStrategy: 'merge', patchMergeKey: 'port' },
      selector: atomicMap,
      clusterIPs: atomicList,
      externalIPs: atomicList,
      ipFamilies: atomicList,
      loadBalancerSourceRanges: atomicList,
    },
  },
  ServiceStatus: { fields: { conditions: mergeList(undefined, 'type') } },

  // Endpoints.subsets and every list inside EndpointSubset are atomic (no patch tags).
  Endpoints: { fields: { metadata: struct('ObjectMeta', 'object'), subsets: atomicList } },

  Node: { fields: { metadata: struct('ObjectMeta', 'object'), spec: struct('NodeSpec', 'object'), status: struct('NodeStatus', 'object') } },
  NodeSpec: { fields: { podCIDRs: mergeSet, taints: atomicList } },
  NodeStatus: {
    fields: {
      conditions: mergeList(undefined, 'type'),
      // Declared mergeable by type although types repeat (see pr.k8s.io/79391).
      addresses: mergeList(undefined, 'type'),
      capacity: granularMap,
      allocatable: granularMap,
      images: atomicList,
      volumesInUse: atomicList,
      volumesAttached: atomicList,
    },
  },

  Namespace: { fields: { metadata: struct('ObjectMeta', 'object'), spec: struct('NamespaceSpec', 'object'), status: struct('ConditionsStatus', 'object') } },
  NamespaceSpec: { fields: { finalizers: atomicList } },

  ConfigMap: { fields: { metadata: struct('ObjectMeta', 'object'), data: granularMap, binaryData: granularMap } },
  Secret: { fields: { metadata: struct('ObjectMeta', 'object'), data: granularMap, stringData: granularMap } },
  ServiceAccount: { fields: { metadata: struct('ObjectMeta', 'object'), secrets: mergeList(undefined, 'name'), imagePullSecrets: atomicList } },
  Event: { fields: { metadata: struct('ObjectMeta', 'object'), involvedObject: struct('ObjectReference', 'object'), source: struct('EventSource', 'object') } },
  ObjectReference: { fields: {} },
  EventSource: { fields: {} },
};
