// A pod parsed once for scheduling (framework.PodInfo): requests, host ports, tolerations,
// affinity terms and spread constraints, so filters over hundreds of nodes only compare
// numbers and sets.
import type { KubeObject } from '../../common/kube-types.js';
import type { Requirement } from '../../common/label-selector.js';
import { matchesRequirements, selectorToRequirements } from '../../common/label-selector.js';
import type { Resources } from './resources.js';
import { podRequests } from './resources.js';
import type { PodAffinityTermShape, PodSpecShape, PodStatusShape, Toleration, TopologySpreadConstraintShape, WeightedPodAffinityTermShape } from './types.js';

export interface HostPort {
  ip: string;
  protocol: string;
  port: number;
}

/** framework.AffinityTerm; a null selector matches nothing, an empty one everything */
export interface AffinityTerm {
  namespaces: Set<string>;
  nsSelector: Requirement[] | null;
  selector: Requirement[] | null;
  topologyKey: string;
  weight: number;
}

export interface SpreadConstraint {
  maxSkew: number;
  topologyKey: string;
  whenUnsatisfiable: string;
  selector: Requirement[] | null;
  minDomains: number;
  honorNodeAffinity: boolean;
  honorNodeTaints: boolean;
}

export interface PodInfo {
  obj: KubeObject;
  uid: string;
  namespace: string;
  name: string;
  /** namespace/name, the key the app and kubectl use */
  key: string;
  labels: Record<string, string>;
  spec: PodSpecShape;
  nodeName: string;
  schedulerName: string;
  priority: number;
  preemptionPolicy: string;
  creationMs: number;
  deleting: boolean;
  /** Succeeded or Failed: the scheduler's informer drops these (status.phase field selector) */
  terminal: boolean;
  gated: boolean;
  requests: Resources;
  /** requests with the scoring defaults for containers that request nothing */
  nonZero: Resources;
  hostPorts: HostPort[];
  tolerations: Toleration[];
  requiredAffinity: AffinityTerm[];
  requiredAntiAffinity: AffinityTerm[];
  preferredAffinity: AffinityTerm[];
  preferredAntiAffinity: AffinityTerm[];
  /** podWithAffinity: any pod (anti-)affinity at all */
  hasAffinity: boolean;
  spread: SpreadConstraint[];
  controller: { kind: string; apiVersion: string; name: string } | undefined;
}

export function podKey(obj: KubeObject): string {
  return `${obj.metadata.namespace ?? ''}/${obj.metadata.name ?? ''}`;
}

/** labels.Set.Merge of matchLabelKeys/mismatchLabelKeys into the selector, as the 1.32 scheduler does */
function withLabelKeys(sel: Requirement[] | null, labels: Record<string, string>, match: string[] = [], mismatch: string[] = []): Requirement[] | null {
  if (sel === null || (match.length === 0 && mismatch.length === 0)) return sel;
  const out = [...sel];
  for (const k of match) if (Object.prototype.hasOwnProperty.call(labels, k)) out.push({ key: k, op: 'in', values: [labels[k] ?? ''] });
  for (const k of mismatch) if (Object.prototype.hasOwnProperty.call(labels, k)) out.push({ key: k, op: 'notin', values: [labels[k] ?? ''] });
  return out;
}

function affinityTerm(t: PodAffinityTermShape, namespace: string, labels: Record<string, string>, weight: number): AffinityTerm {
  // no namespaces and no namespaceSelector: the pod's own namespace (getNamespacesFromPodAffinityTerm)
  const own = (t.namespaces ?? []).length === 0 && !t.namespaceSelector;
  return {
    namespaces: new Set(own ? [namespace] : (t.namespaces ?? [])),
    nsSelector: selectorToRequirements(t.namespaceSelector),
    selector: withLabelKeys(selectorToRequirements(t.labelSelector), labels, t.matchLabelKeys, t.mismatchLabelKeys),
    topologyKey: t.topologyKey,
    weight,
  };
}

/** AffinityTerm.Matches: namespace listed or selected, and labels selected */
export function termMatches(t: AffinityTerm, pod: PodInfo, nsLabels: Record<string, string> | undefined): boolean {
  // an empty namespaceSelector ({}) selects every namespace; a null one none
  const nsOk = t.namespaces.has(pod.namespace) || (t.nsSelector !== null && matchesRequirements(t.nsSelector, nsLabels ?? {}));
  return nsOk && t.selector !== null && matchesRequirements(t.selector, pod.labels);
}

function weighted(list: WeightedPodAffinityTermShape[] | undefined, ns: string, labels: Record<string, string>): AffinityTerm[] {
  return (list ?? []).filter((w) => w.weight !== 0).map((w) => affinityTerm(w.podAffinityTerm, ns, labels, w.weight));
}

function spreadConstraint(c: TopologySpreadConstraintShape, labels: Record<string, string>): SpreadConstraint {
  return {
    maxSkew: c.maxSkew,
    topologyKey: c.topologyKey,
    whenUnsatisfiable: c.whenUnsatisfiable,
    selector: withLabelKeys(selectorToRequirements(c.labelSelector), labels, c.matchLabelKeys),
    minDomains: c.minDomains ?? 1,
    // NodeInclusionPolicyInPodTopologySpread (beta, on in 1.32): affinity honored, taints ignored by default
    honorNodeAffinity: (c.nodeAffinityPolicy ?? 'Honor') === 'Honor',
    honorNodeTaints: c.nodeTaintsPolicy === 'Honor',
  };
}

function hostPorts(spec: PodSpecShape): HostPort[] {
  const out: HostPort[] = [];
  // GetHostPorts: regular containers and sidecars (restartable init containers)
  const containers = [...(spec.containers ?? []), ...(spec.initContainers ?? []).filter((c) => c.restartPolicy === 'Always')];
  for (const c of containers) {
    for (const p of c.ports ?? []) {
      if (!p.hostPort || p.hostPort <= 0) continue;
      out.push({ ip: p.hostIP || '0.0.0.0', protocol: p.protocol || 'TCP', port: p.hostPort });
    }
  }
  return out;
}

export function parsePod(obj: KubeObject): PodInfo {
  const spec = (obj.spec ?? {}) as PodSpecShape;
  const status = (obj.status ?? {}) as PodStatusShape;
  const namespace = obj.metadata.namespace ?? '';
  const labels = obj.metadata.labels ?? {};
  const aff = spec.affinity;
  const owner = (obj.metadata.ownerReferences ?? []).find((r) => r.controller === true);
  const created = obj.metadata.creationTimestamp ? Date.parse(obj.metadata.creationTimestamp) : NaN;
  return {
    obj,
    uid: obj.metadata.uid ?? podKey(obj),
    namespace,
    name: obj.metadata.name ?? '',
    key: podKey(obj),
    labels,
    spec,
    nodeName: spec.nodeName ?? '',
    schedulerName: spec.schedulerName ?? 'default-scheduler',
    priority: spec.priority ?? 0,
    preemptionPolicy: spec.preemptionPolicy ?? 'PreemptLowerPriority',
    creationMs: Number.isNaN(created) ? 0 : created,
    deleting: obj.metadata.deletionTimestamp !== undefined,
    terminal: status.phase === 'Succeeded' || status.phase === 'Failed',
    gated: (spec.schedulingGates ?? []).length > 0,
    requests: podRequests(spec),
    nonZero: podRequests(spec, true),
    hostPorts: hostPorts(spec),
    tolerations: spec.tolerations ?? [],
    requiredAffinity: (aff?.podAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? []).map((t) => affinityTerm(t, namespace, labels, 1)),
    requiredAntiAffinity: (aff?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? []).map((t) => affinityTerm(t, namespace, labels, 1)),
    preferredAffinity: weighted(aff?.podAffinity?.preferredDuringSchedulingIgnoredDuringExecution, namespace, labels),
    preferredAntiAffinity: weighted(aff?.podAntiAffinity?.preferredDuringSchedulingIgnoredDuringExecution, namespace, labels),
    hasAffinity: aff?.podAffinity !== undefined || aff?.podAntiAffinity !== undefined,
    spread: (spec.topologySpreadConstraints ?? []).map((c) => spreadConstraint(c, labels)),
    controller: owner ? { kind: owner.kind, apiVersion: owner.apiVersion, name: owner.name } : undefined,
  };
}
