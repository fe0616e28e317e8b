// NodeAffinity (filter): spec.nodeSelector and the required node affinity terms must
// match the node's labels (and metadata.name fields). PreFilter narrows the nodes to
// those named by `matchFields: metadata.name In [...]` in every term, as DaemonSet pods
// use, and skips pods without node constraints.
import type { NodeInfo } from '../node-info.js';
import type { NodeMatcher } from '../node-selector.js';
import { compileNodeSelectorMap, compileTerms } from '../node-selector.js';
import type { FilterPlugin, Rejection } from '../plugin.js';
import type { NodeSelectorTerm, PodSpecShape } from '../types.js';
import { PLUGIN } from '../types.js';

/** ErrReasonPod */
const REJECT: Rejection = { code: 'UnschedulableAndUnresolvable', reasons: ["node(s) didn't match Pod's node affinity/selector"] };
/** errReasonConflict */
const CONFLICT: Rejection = { code: 'UnschedulableAndUnresolvable', reasons: ['pod affinity terms conflict'] };

function requiredTerms(spec: PodSpecShape): NodeSelectorTerm[] | undefined {
  const req = spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  return req ? (req.nodeSelectorTerms ?? []) : undefined;
}

/** nodeaffinity.GetRequiredNodeAffinity(pod).Match: nodeSelector AND required terms */
export function requiredNodeAffinity(spec: PodSpecShape): NodeMatcher {
  const bySelector = compileNodeSelectorMap(spec.nodeSelector);
  const terms = requiredTerms(spec);
  if (!terms) return bySelector;
  const byTerms = compileTerms(terms);
  return (n) => bySelector(n) && byTerms(n);
}

/** the node names every term pins the pod to via metadata.name In; undefined when a term does not */
function pinnedNodeNames(terms: NodeSelectorTerm[]): Set<string> | undefined {
  let union: Set<string> | undefined;
  for (const t of terms) {
    let names: Set<string> | undefined;
    for (const r of t.matchFields ?? []) {
      if (r.key !== 'metadata.name' || r.operator !== 'In') continue;
      const s = new Set(r.values ?? []);
      names = names ? new Set([...names].filter((x) => s.has(x))) : s;
    }
    // a term without a name requirement lets every node through: the terms are ORed
    if (!names) return undefined;
    union ??= new Set();
    for (const n of names) union.add(n);
  }
  return union;
}

export const nodeAffinity: FilterPlugin = {
  name: PLUGIN.NodeAffinity,
  preFilter(ctx) {
    const spec = ctx.pod.spec;
    const terms = requiredTerms(spec);
    if (!terms && Object.keys(spec.nodeSelector ?? {}).length === 0) return 'skip';
    const match = requiredNodeAffinity(spec);
    const state = { check: (n: NodeInfo) => (match(n) ? null : REJECT) };
    if (!terms || terms.length === 0) return state;
    const pinned = pinnedNodeNames(terms);
    if (pinned && pinned.size === 0) return { reject: CONFLICT };
    return pinned ? { ...state, nodeNames: pinned } : state;
  },
};
