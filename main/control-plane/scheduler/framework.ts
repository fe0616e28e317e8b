// One scheduling cycle (schedulePod in schedule_one.go): PreFilter, Filter over the
// nodes until enough feasible ones are found (percentageOfNodesToScore, starting where
// the last cycle stopped), then PreScore/Score/NormalizeScore, weighted sum, and the
// highest total wins with ties broken at random. Synchronous: the cache cannot change
// under a cycle.
import type { ResolvedConfig } from './config.js';
import type { DecisionRecord } from './decisions.js';
import type { Diagnosis, NodeRejection } from './fit-error.js';
import { failedSchedulingMessage, NO_NODES_MESSAGE } from './fit-error.js';
import type { NodeInfo } from './node-info.js';
import type { PodInfo } from './pod-info.js';
import type { ClusterLookup, CycleContext, FilterPlugin, Rejection, ScorePlugin } from './plugin.js';
import { isRejection } from './plugin.js';

const MIN_FEASIBLE_NODES_TO_FIND = 100;
const MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND = 5;

/** numFeasibleNodesToFind: all nodes below 100; otherwise the (adaptive) percentage, at least 100 */
export function numFeasibleNodesToFind(percentage: number, numAllNodes: number): number {
  if (numAllNodes < MIN_FEASIBLE_NODES_TO_FIND) return numAllNodes;
  let pct = percentage;
  if (pct === 0) pct = Math.max(50 - Math.trunc(numAllNodes / 125), MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND);
  const n = Math.trunc((numAllNodes * pct) / 100);
  return Math.max(n, MIN_FEASIBLE_NODES_TO_FIND);
}

export type CycleOutcome =
  | { kind: 'scheduled'; node: NodeInfo; record: DecisionRecord }
  /** plugins = the plugins that rejected the pod (empty: any cluster event may help) */
  | { kind: 'unschedulable'; message: string; plugins: Set<string>; record: DecisionRecord };

interface ActiveFilter {
  name: string;
  check: (n: NodeInfo) => Rejection | null;
}

export class Framework {
  private nextStartNodeIndex = 0;

  constructor(
    private readonly cfg: ResolvedConfig,
    private readonly filters: readonly FilterPlugin[],
    private readonly scorers: readonly ScorePlugin[],
    private readonly lookup: ClusterLookup,
  ) {}

  schedule(pod: PodInfo, attempt: number): CycleOutcome {
    const nodes = this.lookup.cache.nodeList();
    const base = {
      pod: pod.key,
      uid: pod.uid,
      attempt,
      time: this.cfg.clock.now(),
      nodesInCluster: nodes.length,
      rejected: [] as NodeRejection[],
      feasible: [] as string[],
      scorePlugins: [],
      scores: [],
      totals: [],
    };
    if (nodes.length === 0) {
      // ErrNoNodesAvailable: UnschedulableAndUnresolvable, no preemption attempted
      const record: DecisionRecord = { ...base, result: 'Unschedulable', message: NO_NODES_MESSAGE, filterPlugins: [], skippedPlugins: [] };
      return { kind: 'unschedulable', message: NO_NODES_MESSAGE, plugins: new Set(), record };
    }
    const ctx: CycleContext = {
      pod,
      nodes,
      cache: this.lookup.cache,
      namespaceLabels: this.lookup.namespaceLabels,
      namespacesMatching: this.lookup.namespacesMatching,
      defaultSpreadSelector: this.lookup.defaultSpreadSelector,
    };

    const active: ActiveFilter[] = [];
    const skipped: string[] = [];
    let nodeNames: Set<string> | undefined;
    const narrowedBy: string[] = [];
    for (const f of this.filters) {
      const out = f.preFilter(ctx);
      if (out === 'skip') {
        skipped.push(f.name);
        continue;
      }
      if (isRejection(out)) {
        // a PreFilter rejection: every node gets that status and its message replaces the histogram
        const d: Diagnosis = { numAllNodes: nodes.length, preFilterMsg: out.reject.reasons.join(', '), rejected: [], absent: out.reject };
        const message = failedSchedulingMessage(pod, d);
        const absent = { plugin: f.name, rejection: out.reject, nodes: nodes.map((n) => n.name) };
        const record: DecisionRecord = { ...base, result: 'Unschedulable', message, filterPlugins: active.map((a) => a.name), skippedPlugins: skipped, absent };
        return { kind: 'unschedulable', message, plugins: new Set([f.name]), record };
      }
      active.push({ name: f.name, check: out.check });
      if (out.nodeNames) {
        const names = out.nodeNames;
        nodeNames = nodeNames ? new Set([...nodeNames].filter((n) => names.has(n))) : names;
        narrowedBy.push(f.name);
      }
    }

    let candidates = nodes;
    let absent: DecisionRecord['absent'];
    if (nodeNames) {
      const names = nodeNames;
      candidates = nodes.filter((n) => names.has(n.name));
      const rejection: Rejection = { code: 'UnschedulableAndUnresolvable', reasons: [`node(s) didn't satisfy plugin(s) [${[...narrowedBy].sort().join(' ')}]`] };
      absent = { plugin: narrowedBy[0] ?? '', rejection, nodes: nodes.filter((n) => !names.has(n.name)).map((n) => n.name) };
    }

    const { feasible, rejected } = this.findFeasible(candidates, active);
    const filterPlugins = active.map((a) => a.name);
    if (feasible.length === 0) {
      const d: Diagnosis = { numAllNodes: nodes.length, rejected, ...(absent ? { absent: absent.rejection } : {}) };
      const message = failedSchedulingMessage(pod, d);
      const plugins = new Set(rejected.map((r) => r.plugin));
      if (absent && absent.nodes.length) for (const p of narrowedBy) plugins.add(p);
      const record: DecisionRecord = { ...base, rejected, result: 'Unschedulable', message, filterPlugins, skippedPlugins: skipped, ...(absent ? { absent } : {}) };
      return { kind: 'unschedulable', message, plugins, record };
    }

    const scored = feasible.length === 1 ? undefined : this.score(ctx, feasible, skipped);
    const chosen = scored ? (feasible[scored.best] as NodeInfo) : (feasible[0] as NodeInfo);
    const record: DecisionRecord = {
      ...base,
      rejected,
      result: 'Scheduled',
      node: chosen.name,
      filterPlugins,
      skippedPlugins: skipped,
      feasible: feasible.map((n) => n.name),
      scorePlugins: scored?.plugins ?? [],
      scores: scored?.scores ?? [],
      totals: scored?.totals ?? [],
      ...(absent ? { absent } : {}),
    };
    return { kind: 'scheduled', node: chosen, record };
  }

  /** findNodesThatPassFilters: stops at the first rejection per node and once enough nodes are feasible */
  private findFeasible(candidates: readonly NodeInfo[], active: readonly ActiveFilter[]): { feasible: NodeInfo[]; rejected: NodeRejection[] } {
    const feasible: NodeInfo[] = [];
    const rejected: NodeRejection[] = [];
    const n = candidates.length;
    if (n === 0) return { feasible, rejected };
    const toFind = numFeasibleNodesToFind(this.cfg.percentageOfNodesToScore, n);
    const start = this.nextStartNodeIndex % n;
    let processed = 0;
    for (let i = 0; i < n && feasible.length < toFind; i++) {
      const node = candidates[(start + i) % n] as NodeInfo;
      processed++;
      let rejection: Rejection | null = null;
      let plugin = '';
      for (const a of active) {
        rejection = a.check(node);
        if (rejection) {
          plugin = a.name;
          break;
        }
      }
      if (rejection) rejected.push({ node: node.name, plugin, rejection });
      else feasible.push(node);
    }
    // the next cycle starts where this one stopped, so every node gets its turn
    this.nextStartNodeIndex = (start + processed) % n;
    return { feasible, rejected };
  }

  private score(ctx: CycleContext, feasible: readonly NodeInfo[], skipped: string[]): { best: number; plugins: { name: string; weight: number }[]; scores: number[][]; totals: number[] } {
    const totals = new Array<number>(feasible.length).fill(0);
    const plugins: { name: string; weight: number }[] = [];
    const scores: number[][] = [];
    for (const sp of this.scorers) {
      const weight = this.cfg.weights[sp.weight];
      if (weight === 0) continue;
      const state = sp.preScore(ctx, feasible);
      if (state === 'skip') {
        if (!skipped.includes(sp.name)) skipped.push(sp.name);
        continue;
      }
      const raw = feasible.map((n) => state.score(n));
      state.normalize?.(raw, feasible);
      for (let i = 0; i < raw.length; i++) totals[i] = (totals[i] ?? 0) + (raw[i] ?? 0) * weight;
      plugins.push({ name: sp.name, weight });
      scores.push(raw);
    }
    // selectHost: the highest total; among equals each is equally likely (reservoir sampling)
    let best = 0;
    let ties = 1;
    for (let i = 1; i < totals.length; i++) {
      const t = totals[i] ?? 0;
      const b = totals[best] ?? 0;
      if (t > b) {
        best = i;
        ties = 1;
      } else if (t === b) {
        ties++;
        if (Math.floor(this.cfg.random() * ties) === 0) best = i;
      }
    }
    return { best, plugins, scores, totals };
  }
}
