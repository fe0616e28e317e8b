// Why a pod went where it went: every scheduling attempt is recorded compactly (the hot
// path only stores arrays it already has) and expanded on demand into per-node filter
// results and scores for the app's architecture view.
import type { NodeRejection } from './fit-error.js';
import type { Rejection } from './plugin.js';

export type DecisionResult = 'Scheduled' | 'Unschedulable' | 'Error';

/** what the cycle stores; see SchedulingDecision for the expanded form */
export interface DecisionRecord {
  pod: string;
  uid: string;
  attempt: number;
  time: number;
  result: DecisionResult;
  node?: string;
  message?: string;
  nodesInCluster: number;
  /** filter plugins that ran, in order (PreFilter did not skip them) */
  filterPlugins: readonly string[];
  skippedPlugins: readonly string[];
  rejected: readonly NodeRejection[];
  /** nodes left out by a PreFilter (NodeAffinity's node names, or a PreFilter rejection) */
  absent?: { plugin: string; rejection: Rejection; nodes: readonly string[] };
  feasible: readonly string[];
  scorePlugins: readonly { name: string; weight: number }[];
  /** normalized score per score plugin per feasible node */
  scores: readonly (readonly number[])[];
  totals: readonly number[];
}

export interface FilterResult {
  plugin: string;
  passed: boolean;
  reasons?: readonly string[];
  code?: Rejection['code'];
}

export interface ScoreResult {
  plugin: string;
  /** the plugin's normalized score, 0..100 */
  score: number;
  weight: number;
  weighted: number;
}

export interface NodeDecision {
  node: string;
  feasible: boolean;
  /** filters in the order they ran, up to the first rejection (kube stops there) */
  filters: FilterResult[];
  scores?: ScoreResult[];
  total?: number;
  chosen: boolean;
}

export interface SchedulingDecision {
  pod: string;
  uid: string;
  attempt: number;
  time: string;
  result: DecisionResult;
  node?: string;
  message?: string;
  nodesInCluster: number;
  nodesEvaluated: number;
  nodesFeasible: number;
  /** plugins with nothing to check for this pod (PreFilter/PreScore Skip) */
  skippedPlugins: readonly string[];
  nodes: NodeDecision[];
}

export function expandDecision(r: DecisionRecord): SchedulingDecision {
  const nodes: NodeDecision[] = [];
  for (const rej of r.rejected) {
    const at = r.filterPlugins.indexOf(rej.plugin);
    const passed = r.filterPlugins.slice(0, Math.max(at, 0)).map((plugin) => ({ plugin, passed: true }));
    nodes.push({ node: rej.node, feasible: false, chosen: false, filters: [...passed, { plugin: rej.plugin, passed: false, reasons: rej.rejection.reasons, code: rej.rejection.code }] });
  }
  if (r.absent) {
    const { plugin, rejection } = r.absent;
    for (const node of r.absent.nodes) nodes.push({ node, feasible: false, chosen: false, filters: [{ plugin, passed: false, reasons: rejection.reasons, code: rejection.code }] });
  }
  r.feasible.forEach((node, i) => {
    const d: NodeDecision = { node, feasible: true, chosen: node === r.node, filters: r.filterPlugins.map((plugin) => ({ plugin, passed: true })) };
    if (r.scorePlugins.length) {
      d.scores = r.scorePlugins.map((p, j) => {
        const score = r.scores[j]?.[i] ?? 0;
        return { plugin: p.name, score, weight: p.weight, weighted: score * p.weight };
      });
      d.total = r.totals[i] ?? 0;
    }
    nodes.push(d);
  });
  return {
    pod: r.pod,
    uid: r.uid,
    attempt: r.attempt,
    time: new Date(r.time).toISOString(),
    result: r.result,
    ...(r.node !== undefined ? { node: r.node } : {}),
    ...(r.message !== undefined ? { message: r.message } : {}),
    nodesInCluster: r.nodesInCluster,
    nodesEvaluated: r.rejected.length + r.feasible.length + (r.absent?.nodes.length ?? 0),
    nodesFeasible: r.feasible.length,
    skippedPlugins: r.skippedPlugins,
    nodes,
  };
}

export type DecisionListener = (d: SchedulingDecision) => void;

/** the last few decisions per pod, for the most recently decided pods */
export class DecisionStore {
  private readonly byPod = new Map<string, DecisionRecord[]>();
  private readonly listeners = new Set<DecisionListener>();

  constructor(
    private readonly perPod: number,
    private readonly maxPods: number,
  ) {}

  record(r: DecisionRecord): void {
    if (this.perPod > 0 && this.maxPods > 0) {
      const list = this.byPod.get(r.pod) ?? [];
      this.byPod.delete(r.pod);
      list.push(r);
      if (list.length > this.perPod) list.shift();
      this.byPod.set(r.pod, list);
      if (this.byPod.size > this.maxPods) this.byPod.delete(this.byPod.keys().next().value ?? '');
    }
    if (this.listeners.size === 0) return;
    const d = expandDecision(r);
    for (const l of this.listeners) l(d);
  }

  /** a pod's recorded decisions, oldest first; the key is namespace/name */
  get(podKey: string): SchedulingDecision[] {
    return (this.byPod.get(podKey) ?? []).map(expandDecision);
  }

  on(listener: DecisionListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
