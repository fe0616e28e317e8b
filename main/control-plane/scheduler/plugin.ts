// The plugin contract, trimmed to the extension points the default profile uses:
// PreFilter (once per pod: compute state, Skip, or reject every node) returning a Filter
// closure run per node, and PreScore returning a Score closure plus an optional
// NormalizeScore. Statuses are data: a Rejection with kube's code and reason strings.
import type { Requirement } from '../../common/label-selector.js';
import type { SchedulerCache } from './cache.js';
import type { ScoreWeights } from './config.js';
import type { NodeInfo } from './node-info.js';
import type { PodInfo } from './pod-info.js';
import type { PluginName } from './types.js';

/** Unschedulable can be helped by preemption; UnschedulableAndUnresolvable cannot */
export type RejectionCode = 'Unschedulable' | 'UnschedulableAndUnresolvable';

export interface Rejection {
  readonly code: RejectionCode;
  readonly reasons: readonly string[];
}

/** what plugins may ask about the cluster beyond the node list (the framework Handle's listers) */
export interface ClusterLookup {
  cache: SchedulerCache;
  namespaceLabels: (namespace: string) => Record<string, string> | undefined;
  /** names of namespaces whose labels match */
  namespacesMatching: (reqs: readonly Requirement[]) => string[];
  /** helper.DefaultSelector: the selectors of Services, RCs and ReplicaSets the pod belongs to; null when none */
  defaultSpreadSelector: (pod: PodInfo) => Requirement[] | null;
}

export interface CycleContext extends ClusterLookup {
  pod: PodInfo;
  /** every node in the snapshot, in the snapshot's order */
  nodes: readonly NodeInfo[];
}

export interface FilterState {
  check: (node: NodeInfo) => Rejection | null;
  /** PreFilterResult.NodeNames: only these nodes need to be checked */
  nodeNames?: Set<string>;
}

export type PreFilterOutcome = FilterState | 'skip' | { reject: Rejection };

export interface FilterPlugin {
  readonly name: PluginName;
  preFilter(ctx: CycleContext): PreFilterOutcome;
}

export interface ScoreState {
  score(node: NodeInfo): number;
  /** NormalizeScore, in place, over the feasible nodes' raw scores */
  normalize?(scores: number[], nodes: readonly NodeInfo[]): void;
}

export interface ScorePlugin {
  readonly name: PluginName;
  readonly weight: keyof ScoreWeights;
  preScore(ctx: CycleContext, feasible: readonly NodeInfo[]): ScoreState | 'skip';
}

export const MAX_NODE_SCORE = 100;

/** helper.DefaultNormalizeScore: scale to 0..100 by the maximum, optionally reversed */
export function defaultNormalize(scores: number[], reverse: boolean): void {
  let max = 0;
  for (const s of scores) if (s > max) max = s;
  if (max === 0) {
    if (reverse) scores.fill(MAX_NODE_SCORE);
    return;
  }
  for (let i = 0; i < scores.length; i++) {
    const s = Math.trunc((MAX_NODE_SCORE * (scores[i] ?? 0)) / max);
    scores[i] = reverse ? MAX_NODE_SCORE - s : s;
  }
}

export function isRejection(o: PreFilterOutcome): o is { reject: Rejection } {
  return typeof o === 'object' && 'reject' in o;
}
