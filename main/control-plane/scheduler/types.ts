// The slices of the Pod and Node JSON the scheduler reads (core/v1 field names), and the
// plugin names of kube-scheduler's default profile, which show up in decisions.
import type { LabelSelector } from '../../common/label-selector.js';

export type ResourceList = Record<string, string | number>;

export interface ContainerShape {
  name?: string;
  image?: string;
  resources?: { requests?: ResourceList; limits?: ResourceList };
  ports?: { containerPort?: number; hostPort?: number; hostIP?: string; protocol?: string }[];
  restartPolicy?: string;
}

export interface Toleration {
  key?: string;
  operator?: string;
  value?: string;
  effect?: string;
  tolerationSeconds?: number;
}

export interface Taint {
  key: string;
  value?: string;
  effect: string;
}

export interface NodeSelectorRequirement {
  key: string;
  operator: string;
  values?: string[];
}

export interface NodeSelectorTerm {
  matchExpressions?: NodeSelectorRequirement[];
  matchFields?: NodeSelectorRequirement[];
}

export interface PodAffinityTermShape {
  labelSelector?: LabelSelector | null;
  namespaces?: string[];
  namespaceSelector?: LabelSelector | null;
  topologyKey: string;
  matchLabelKeys?: string[];
  mismatchLabelKeys?: string[];
}

export interface WeightedPodAffinityTermShape {
  weight: number;
  podAffinityTerm: PodAffinityTermShape;
}

export interface AffinityShape {
  nodeAffinity?: {
    requiredDuringSchedulingIgnoredDuringExecution?: { nodeSelectorTerms?: NodeSelectorTerm[] } | null;
    preferredDuringSchedulingIgnoredDuringExecution?: { weight: number; preference?: NodeSelectorTerm }[];
  };
  podAffinity?: {
    requiredDuringSchedulingIgnoredDuringExecution?: PodAffinityTermShape[];
    preferredDuringSchedulingIgnoredDuringExecution?: WeightedPodAffinityTermShape[];
  };
  podAntiAffinity?: {
    requiredDuringSchedulingIgnoredDuringExecution?: PodAffinityTermShape[];
    preferredDuringSchedulingIgnoredDuringExecution?: WeightedPodAffinityTermShape[];
  };
}

export interface TopologySpreadConstraintShape {
  maxSkew: number;
  topologyKey: string;
  whenUnsatisfiable: string;
  labelSelector?: LabelSelector | null;
  minDomains?: number;
  nodeAffinityPolicy?: string;
  nodeTaintsPolicy?: string;
  matchLabelKeys?: string[];
}

export interface PodSpecShape {
  nodeName?: string;
  schedulerName?: string;
  priority?: number;
  preemptionPolicy?: string;
  nodeSelector?: Record<string, string>;
  affinity?: AffinityShape;
  tolerations?: Toleration[];
  containers?: ContainerShape[];
  initContainers?: ContainerShape[];
  overhead?: ResourceList;
  topologySpreadConstraints?: TopologySpreadConstraintShape[];
  schedulingGates?: { name: string }[];
}

export interface PodStatusShape {
  phase?: string;
  conditions?: PodCondition[];
}

export interface PodCondition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
  lastProbeTime?: string | null;
  lastTransitionTime?: string | null;
}

export interface NodeSpecShape {
  unschedulable?: boolean;
  taints?: Taint[];
}

export interface NodeStatusShape {
  allocatable?: ResourceList;
  capacity?: ResourceList;
  conditions?: { type: string; status: string }[];
}

/** plugin names as kube-scheduler reports them */
export const PLUGIN = {
  NodeUnschedulable: 'NodeUnschedulable',
  NodeName: 'NodeName',
  TaintToleration: 'TaintToleration',
  NodeAffinity: 'NodeAffinity',
  NodePorts: 'NodePorts',
  NodeResourcesFit: 'NodeResourcesFit',
  PodTopologySpread: 'PodTopologySpread',
  InterPodAffinity: 'InterPodAffinity',
  NodeResourcesBalancedAllocation: 'NodeResourcesBalancedAllocation',
} as const;

export type PluginName = (typeof PLUGIN)[keyof typeof PLUGIN];

/** well-known labels (k8s.io/api/core/v1 well_known_labels.go) */
export const LABEL_HOSTNAME = 'kubernetes.io/hostname';
export const LABEL_ZONE = 'topology.kubernetes.io/zone';

/** taints the node lifecycle controller and `kubectl cordon` put on nodes */
export const TAINT_NOT_READY = 'node.kubernetes.io/not-ready';
export const TAINT_UNREACHABLE = 'node.kubernetes.io/unreachable';
export const TAINT_UNSCHEDULABLE = 'node.kubernetes.io/unschedulable';
