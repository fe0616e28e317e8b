// Node selector terms and tolerations, compiled once per pod: the semantics of
// component-helpers/scheduling/corev1 (nodeaffinity.NodeSelector, Toleration.ToleratesTaint)
// and apimachinery's labels.Requirement, including Gt/Lt on integer label values.
import type { NodeSelectorRequirement, NodeSelectorTerm, Taint, Toleration } from './types.js';

/** what a node is matched on */
export interface NodeLike {
  name: string;
  labels: Record<string, string>;
}

export type NodeMatcher = (node: NodeLike) => boolean;

const NEVER: NodeMatcher = () => false;
const ALWAYS: NodeMatcher = () => true;
const INT64 = /^[+-]?\d+$/;

function parseInt64(v: string | undefined): number | undefined {
  // strconv.ParseInt(v, 10, 64): decimal digits with an optional sign, nothing else
  if (v === undefined || !INT64.test(v)) return undefined;
  return Number(v);
}

function compileRequirement(r: NodeSelectorRequirement, valueOf: (n: NodeLike) => string | undefined): NodeMatcher | undefined {
  const values = r.values ?? [];
  switch (r.operator) {
    case 'In': {
      if (values.length === 0) return undefined;
      const set = new Set(values);
      return (n) => {
        const v = valueOf(n);
        return v !== undefined && set.has(v);
      };
    }
    case 'NotIn': {
      if (values.length === 0) return undefined;
      const set = new Set(values);
      return (n) => {
        const v = valueOf(n);
        return v === undefined || !set.has(v);
      };
    }
    case 'Exists':
      return values.length ? undefined : (n) => valueOf(n) !== undefined;
    case 'DoesNotExist':
      return values.length ? undefined : (n) => valueOf(n) === undefined;
    case 'Gt':
    case 'Lt': {
      const bound = values.length === 1 ? parseInt64(values[0]) : undefined;
      if (bound === undefined) return undefined;
      const gt = r.operator === 'Gt';
      return (n) => {
        const v = parseInt64(valueOf(n));
        return v !== undefined && (gt ? v > bound : v < bound);
      };
    }
    default:
      return undefined;
  }
}

const labelValue =
  (key: string) =>
  (n: NodeLike): string | undefined =>
    Object.prototype.hasOwnProperty.call(n.labels, key) ? n.labels[key] : undefined;

/** one NodeSelectorTerm: its requirements ANDed; an empty or unparsable term matches nothing */
export function compileTerm(term: NodeSelectorTerm | undefined | null): NodeMatcher {
  if (!term) return NEVER;
  const exprs = term.matchExpressions ?? [];
  const fields = term.matchFields ?? [];
  if (exprs.length === 0 && fields.length === 0) return NEVER;
  const parts: NodeMatcher[] = [];
  for (const r of exprs) {
    const m = compileRequirement(r, labelValue(r.key));
    if (!m) return NEVER;
    parts.push(m);
  }
  for (const r of fields) {
    // metadata.name is the only node field a selector may name
    if (r.key !== 'metadata.name' || (r.operator !== 'In' && r.operator !== 'NotIn')) return NEVER;
    const m = compileRequirement(r, (n) => n.name);
    if (!m) return NEVER;
    parts.push(m);
  }
  return (n) => {
    for (const p of parts) if (!p(n)) return false;
    return true;
  };
}

/** NodeSelectorTerms ORed */
export function compileTerms(terms: NodeSelectorTerm[] | undefined): NodeMatcher {
  const compiled = (terms ?? []).map(compileTerm);
  if (compiled.length === 0) return NEVER;
  return (n) => {
    for (const t of compiled) if (t(n)) return true;
    return false;
  };
}

/** spec.nodeSelector: every label equal */
export function compileNodeSelectorMap(sel: Record<string, string> | undefined): NodeMatcher {
  const entries = Object.entries(sel ?? {});
  if (entries.length === 0) return ALWAYS;
  return (n) => {
    for (const [k, v] of entries) if (n.labels[k] !== v || !Object.prototype.hasOwnProperty.call(n.labels, k)) return false;
    return true;
  };
}

/** v1.Toleration.ToleratesTaint */
export function toleratesTaint(t: Toleration, taint: Taint): boolean {
  if (t.effect && t.effect !== taint.effect) return false;
  if (t.key && t.key !== taint.key) return false;
  switch (t.operator ?? '') {
    case '':
    case 'Equal':
      return (t.value ?? '') === (taint.value ?? '');
    case 'Exists':
      return true;
    default:
      return false;
  }
}

export function toleratesAny(tolerations: readonly Toleration[], taint: Taint): boolean {
  for (const t of tolerations) if (toleratesTaint(t, taint)) return true;
  return false;
}

/** v1helper.FindMatchingUntoleratedTaint: the first taint, in the node's order, no toleration covers */
export function firstUntolerated(taints: readonly Taint[], tolerations: readonly Toleration[]): Taint | undefined {
  for (const taint of taints) if (!toleratesAny(tolerations, taint)) return taint;
  return undefined;
}
