// Where a DaemonSet's pods belong (pkg/controller/daemon/util and NodeShouldRunDaemonPod,
// 1.32): a node qualifies when the template's nodeName (if any), nodeSelector and
// required node affinity match it and its NoSchedule/NoExecute taints are tolerated —
// counting the tolerations kube adds to every daemon pod. The pod is created with a
// required node affinity on metadata.name = that node (kube's way since 1.12, so the
// default scheduler binds it, accounts its resources, can preempt for it and records
// Scheduled), not with spec.nodeName, which would bypass the scheduler.
import type { KubeObject, OwnerReference } from '../../common/kube-types.js';
import type { Requirement } from '../../common/label-selector.js';
import { matchesRequirements } from '../../common/label-selector.js';
import type { Taint, Toleration } from './node-taints.js';
import {
  TAINT_DISK_PRESSURE,
  TAINT_MEMORY_PRESSURE,
  TAINT_NETWORK_UNAVAILABLE,
  TAINT_NOT_READY,
  TAINT_PID_PRESSURE,
  TAINT_UNREACHABLE,
  TAINT_UNSCHEDULABLE,
  findUntoleratedTaint,
  taintsOf,
} from './node-taints.js';

/** labels every daemon pod carries */
export const REVISION_HASH_LABEL = 'controller-revision-hash';
export const TEMPLATE_GENERATION_LABEL = 'pod-template-generation';
export const TEMPLATE_GENERATION_ANNOTATION = 'deprecated.daemonset.template.generation';

interface NodeSelectorRequirement {
  key: string;
  operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist' | 'Gt' | 'Lt';
  values?: string[];
}

interface NodeSelectorTerm {
  matchExpressions?: NodeSelectorRequirement[];
  matchFields?: NodeSelectorRequirement[];
}

export interface Affinity {
  nodeAffinity?: {
    requiredDuringSchedulingIgnoredDuringExecution?: { nodeSelectorTerms?: NodeSelectorTerm[] };
    [other: string]: unknown;
  };
  [other: string]: unknown;
}

export interface DaemonPodSpec {
  nodeName?: string;
  nodeSelector?: Record<string, string>;
  affinity?: Affinity;
  tolerations?: Toleration[];
  hostNetwork?: boolean;
  [other: string]: unknown;
}

export interface PodTemplate {
  metadata?: { labels?: Record<string, string>; annotations?: Record<string, string>; finalizers?: string[]; [other: string]: unknown };
  spec?: DaemonPodSpec;
}

export function templateOf(ds: KubeObject): PodTemplate {
  return ((ds.spec as { template?: PodTemplate } | undefined)?.template ?? {});
}

/**
 * AddOrUpdateDaemonPodTolerations: daemon pods survive node problems (not-ready and
 * unreachable NoExecute forever) and ignore the condition taints, network-unavailable
 * too when they use the host network. A user toleration with the same key, operator and
 * effect is replaced, so its tolerationSeconds is dropped as in kube.
 */
export function withDaemonTolerations(spec: DaemonPodSpec): Toleration[] {
  const add: Toleration[] = [
    { key: TAINT_NOT_READY, operator: 'Exists', effect: 'NoExecute' },
    { key: TAINT_UNREACHABLE, operator: 'Exists', effect: 'NoExecute' },
    { key: TAINT_DISK_PRESSURE, operator: 'Exists', effect: 'NoSchedule' },
    { key: TAINT_MEMORY_PRESSURE, operator: 'Exists', effect: 'NoSchedule' },
    { key: TAINT_PID_PRESSURE, operator: 'Exists', effect: 'NoSchedule' },
    { key: TAINT_UNSCHEDULABLE, operator: 'Exists', effect: 'NoSchedule' },
  ];
  if (spec.hostNetwork) add.push({ key: TAINT_NETWORK_UNAVAILABLE, operator: 'Exists', effect: 'NoSchedule' });
  const out = [...(spec.tolerations ?? [])];
  for (const t of add) {
    const i = out.findIndex((o) => o.key === t.key && (o.operator ?? 'Equal') === t.operator && (o.value ?? '') === '' && o.effect === t.effect);
    if (i >= 0) out[i] = t;
    else out.push(t);
  }
  return out;
}

function toRequirements(list: readonly NodeSelectorRequirement[]): Requirement[] {
  const ops = { In: 'in', NotIn: 'notin', Exists: 'exists', DoesNotExist: '!', Gt: 'gt', Lt: 'lt' } as const;
  return list.map((r) => ({ key: r.key, op: ops[r.operator], values: r.values ?? [] }));
}

/** nodeaffinity.GetRequiredNodeAffinity(pod).Match: nodeSelector AND any one of the required terms */
export function requiredAffinityMatches(spec: DaemonPodSpec, node: KubeObject): boolean {
  const labels = node.metadata.labels ?? {};
  for (const [k, v] of Object.entries(spec.nodeSelector ?? {})) if (labels[k] !== v) return false;
  const required = spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  if (!required) return true;
  const fields = { 'metadata.name': node.metadata.name ?? '' };
  // a term with no requirements matches nothing; the terms are ORed
  return (required.nodeSelectorTerms ?? []).some((term) => {
    const exprs = term.matchExpressions ?? [];
    const mf = term.matchFields ?? [];
    if (exprs.length === 0 && mf.length === 0) return false;
    return matchesRequirements(toRequirements(exprs), labels) && matchesRequirements(toRequirements(mf), fields);
  });
}

export interface NodePlacement {
  /** a daemon pod should be created here */
  shouldRun: boolean;
  /** an existing daemon pod may stay (it tolerates the NoExecute taints) */
  shouldContinueRunning: boolean;
}

/** NodeShouldRunDaemonPod */
export function nodeShouldRunDaemonPod(node: KubeObject, ds: KubeObject): NodePlacement {
  const spec = templateOf(ds).spec ?? {};
  const name = node.metadata.name ?? '';
  if (spec.nodeName && spec.nodeName !== name) return { shouldRun: false, shouldContinueRunning: false };
  if (!requiredAffinityMatches(spec, node)) return { shouldRun: false, shouldContinueRunning: false };
  const tolerations = withDaemonTolerations(spec);
  const taints = taintsOf(node);
  const blocking = (t: Taint): boolean => t.effect === 'NoSchedule' || t.effect === 'NoExecute';
  if (!findUntoleratedTaint(taints, tolerations, blocking)) return { shouldRun: true, shouldContinueRunning: true };
  // scheduled daemon pods keep running where only NoSchedule taints are not tolerated
  return { shouldRun: false, shouldContinueRunning: !findUntoleratedTaint(taints, tolerations, (t) => t.effect === 'NoExecute') };
}

/** ReplaceDaemonSetPodNodeNameNodeAffinity: the required terms become exactly "metadata.name In [node]"; preferred ones stay */
export function pinnedAffinity(affinity: Affinity | undefined, nodeName: string): Affinity {
  const terms = [{ matchFields: [{ key: 'metadata.name', operator: 'In' as const, values: [nodeName] }] }];
  const a = structuredClone(affinity ?? {});
  a.nodeAffinity = { ...(a.nodeAffinity ?? {}), requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: terms } };
  return a;
}

/** GetTargetNodeName: the node a pod is bound to, or the one its pinned affinity names */
export function targetNodeName(pod: KubeObject): string | undefined {
  const spec = (pod.spec ?? {}) as DaemonPodSpec;
  if (spec.nodeName) return spec.nodeName;
  for (const term of spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? []) {
    for (const f of term.matchFields ?? []) if (f.key === 'metadata.name' && f.operator === 'In' && f.values?.length === 1) return f.values[0];
  }
  return undefined;
}

/** util.GetTemplateGeneration: the deprecated annotation the API server keeps, when present */
export function templateGeneration(ds: KubeObject): string | undefined {
  const v = ds.metadata.annotations?.[TEMPLATE_GENERATION_ANNOTATION];
  return v && /^\d+$/.test(v) ? v : undefined;
}

export function controllerRefTo(ds: KubeObject): OwnerReference {
  return { apiVersion: 'apps/v1', kind: 'DaemonSet', name: ds.metadata.name ?? '', uid: ds.metadata.uid ?? '', controller: true, blockOwnerDeletion: true };
}

/** CreatePodTemplate + GetPodFromTemplate + the pinned affinity: the pod body for one node */
export function newDaemonPod(ds: KubeObject, nodeName: string, hash: string): KubeObject {
  const template = structuredClone(templateOf(ds));
  const spec = template.spec ?? {};
  const labels = { ...(template.metadata?.labels ?? {}) };
  const generation = templateGeneration(ds);
  if (generation) labels[TEMPLATE_GENERATION_LABEL] = generation;
  if (hash) labels[REVISION_HASH_LABEL] = hash;
  const meta = template.metadata ?? {};
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      generateName: `${ds.metadata.name ?? ''}-`,
      namespace: ds.metadata.namespace,
      labels,
      ...(meta.annotations ? { annotations: meta.annotations } : {}),
      ...(meta.finalizers ? { finalizers: meta.finalizers } : {}),
      ownerReferences: [controllerRefTo(ds)],
    },
    spec: { ...spec, tolerations: withDaemonTolerations(spec), affinity: pinnedAffinity(spec.affinity, nodeName) },
  };
}
