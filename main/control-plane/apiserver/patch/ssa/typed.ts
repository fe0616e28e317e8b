// The typed-value walks of structured-merge-diff (typed package) over plain JSON plus the
// schema tables: ToFieldSet, Compare, Merge and RemoveItems.
import { deepEqual, isObject } from '../json-value.js';
import type { JsonObject } from '../json-value.js';
import { childNode, isLeaf, isNamedField } from '../schema/registry.js';
import type { SchemaNode } from '../schema/registry.js';
import { FieldSet } from './field-set.js';
import { fieldPE, keyPE, pathString, valuePE } from './fieldpath.js';
import type { Path, PathElement } from './fieldpath.js';

/** A value the schema cannot type (SMD ValidationErrors), e.g. a list item without its key. */
export class TypedError extends Error {}

type ListNode = Extract<SchemaNode, { kind: 'list' }>;

function isListNode(node: SchemaNode): node is ListNode {
  return node.kind === 'list' && node.listType !== 'atomic';
}

/** Whether `node` descends into `v` (a granular struct/map/list of the right JSON kind). */
function descends(node: SchemaNode, v: unknown): boolean {
  if (isLeaf(node)) return false;
  if (v === undefined || v === null) return true;
  return isListNode(node) ? Array.isArray(v) : isObject(v);
}

/** The path element of a list item: k:{keys} for associative lists, v:<value> for sets. */
export function itemPE(item: unknown, node: ListNode, path: Path, index: number): PathElement {
  if (node.listType === 'set') return valuePE(item);
  const where = `${pathString(path)}: element ${index}`;
  if (!isObject(item)) throw new TypedError(`${where}: associative list with keys may not have non-map elements`);
  const fields: Record<string, unknown> = {};
  for (const key of node.keys) {
    const v = item[key] ?? node.keyDefaults[key];
    if (v === undefined) throw new TypedError(`${where}: associative list with keys has an element that omits key field "${key}" (and doesn't have default value)`);
    fields[key] = v;
  }
  return keyPE(fields);
}

function indexItems(list: unknown, node: ListNode, path: Path): Map<PathElement, unknown> {
  const out = new Map<PathElement, unknown>();
  if (!Array.isArray(list)) return out;
  list.forEach((item, i) => {
    const pe = itemPE(item, node, path, i);
    if (!out.has(pe)) out.set(pe, item);
  });
  return out;
}

function collect(v: unknown, node: SchemaNode, path: Path, out: FieldSet): void {
  if (!descends(node, v) || v === null || v === undefined) {
    out.insert(path);
    return;
  }
  if (isListNode(node) && Array.isArray(v)) {
    v.forEach((item, i) => {
      const p = [...path, itemPE(item, node, path, i)];
      collect(item, node.elem, p, out);
      out.insert(p);
    });
    return;
  }
  if (!isObject(v)) return;
  for (const [k, x] of Object.entries(v)) {
    const p = [...path, fieldPE(k)];
    collect(x, childNode(node, k, x), p, out);
    // Map entries, nulls and empty objects are owned as such; struct fields only via leaves.
    if (x === null || (isObject(x) && Object.keys(x).length === 0) || !isNamedField(node)) out.insert(p);
  }
}

/** TypedValue.ToFieldSet */
export function toFieldSet(value: JsonObject, node: SchemaNode): FieldSet {
  const out = new FieldSet();
  collect(value, node, [], out);
  return out;
}

export interface Comparison {
  added: FieldSet;
  modified: FieldSet;
  removed: FieldSet;
}

function compareAt(l: unknown, r: unknown, node: SchemaNode, path: Path, c: Comparison): void {
  if (descends(node, l) && descends(node, r)) {
    if (isListNode(node)) {
      const li = indexItems(l, node, path);
      const ri = indexItems(r, node, path);
      for (const pe of new Set([...li.keys(), ...ri.keys()])) compareAt(li.get(pe), ri.get(pe), node.elem, [...path, pe], c);
    } else {
      const lo = isObject(l) ? l : {};
      const ro = isObject(r) ? r : {};
      for (const k of new Set([...Object.keys(lo), ...Object.keys(ro)])) {
        compareAt(lo[k], ro[k], childNode(node, k, ro[k] ?? lo[k]), [...path, fieldPE(k)], c);
      }
    }
    // postItemHook: a whole struct, map or item appearing or disappearing.
    if (path.length > 0 && l === undefined) c.added.insert(path);
    else if (path.length > 0 && r === undefined) c.removed.insert(path);
    return;
  }
  if (l === undefined) {
    if (r !== undefined) c.added.insert(path);
  } else if (r === undefined) c.removed.insert(path);
  else if (!deepEqual(l, r)) c.modified.insert(path);
}

/** TypedValue.Compare: leaves and items added, modified or removed from lhs to rhs. */
export function compare(lhs: JsonObject, rhs: JsonObject, node: SchemaNode): Comparison {
  const c: Comparison = { added: new FieldSet(), modified: new FieldSet(), removed: new FieldSet() };
  compareAt(lhs, rhs, node, [], c);
  return c;
}

/** Values taken from the applied configuration: nulls mean "unset" once decoded. */
function withoutNulls(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(withoutNulls);
  if (!isObject(v)) return v;
  const out: JsonObject = {};
  for (const [k, x] of Object.entries(v)) if (x !== null) out[k] = withoutNulls(x);
  return out;
}

/** Associative/set list merge keeping live order and slotting new items where the
 *  configuration places them relative to shared ones (typed/merge.go visitListItems). */
function mergeItems(l: unknown, r: unknown[], node: ListNode, path: Path): unknown[] {
  const lItems: unknown[] = Array.isArray(l) ? l : [];
  const lhs = lItems.map((item, i) => ({ pe: itemPE(item, node, path, i), item }));
  const rhs = r.map((item, i) => ({ pe: itemPE(item, node, path, i), item }));
  const lMap = new Map(lhs.map((x) => [x.pe, x.item] as const));
  const rMap = new Map(rhs.map((x) => [x.pe, x.item] as const));
  const shared = rhs.filter((x) => lMap.has(x.pe)).map((x) => x.pe);
  let next = 0;
  const merged = new Set<PathElement>();
  const out: unknown[] = [];
  const take = (pe: PathElement): void => {
    merged.add(pe);
    out.push(mergeValues(lMap.get(pe), rMap.get(pe), node.elem, [...path, pe]));
    if (shared[next] === pe) next++;
  };
  let li = 0;
  let ri = 0;
  while (li < lhs.length || ri < rhs.length) {
    const lpe = lhs[li]?.pe;
    const rpe = rhs[ri]?.pe;
    if (lpe !== undefined && rpe !== undefined) {
      if (lpe === rpe) {
        take(rpe);
        li++;
        ri++;
        continue;
      }
      // A shared item that is not the next one the configuration wants: it comes later.
      if (rMap.has(lpe) && shared[next] !== undefined && shared[next] !== lpe) {
        li++;
        continue;
      }
    }
    if (lpe !== undefined && !rMap.has(lpe)) {
      out.push(lMap.get(lpe));
      li++;
      continue;
    }
    if (lpe !== undefined && merged.has(lpe)) {
      li++;
      continue;
    }
    if (rpe !== undefined) {
      take(rpe);
      ri++;
    } else li++;
  }
  return out;
}

/** TypedValue.Merge(config): config wins on leaves, structs and maps merge per key,
 *  associative lists merge per item. Returns undefined for "absent". */
export function mergeValues(l: unknown, r: unknown, node: SchemaNode, path: Path = []): unknown {
  if (r === undefined) return l;
  if (r === null) return undefined;
  if (l === undefined || l === null || !descends(node, l) || !descends(node, r)) return withoutNulls(r);
  if (isListNode(node) && Array.isArray(r)) return mergeItems(l, r, node, path);
  if (!isObject(l) || !isObject(r)) return withoutNulls(r);
  const out: JsonObject = { ...l };
  for (const [k, rv] of Object.entries(r)) {
    const m = mergeValues(l[k], rv, childNode(node, k, rv ?? l[k]), [...path, fieldPE(k)]);
    if (m === undefined) delete out[k];
    else out[k] = m;
  }
  return out;
}

function removeAt(v: unknown, set: FieldSet, node: SchemaNode, path: Path): unknown {
  if (!descends(node, v)) return v;
  if (isListNode(node) && Array.isArray(v)) {
    const out: unknown[] = [];
    const items: unknown[] = v;
    items.forEach((item, i) => {
      const pe = itemPE(item, node, path, i);
      if (set.members.has(pe)) return;
      const sub = set.child(pe);
      const kept = sub ? removeAt(item, sub, node.elem, [...path, pe]) : item;
      if (kept !== undefined) out.push(kept);
    });
    return out.length > 0 ? out : undefined;
  }
  if (!isObject(v)) return v;
  const out: JsonObject = {};
  for (const [k, x] of Object.entries(v)) {
    const pe = fieldPE(k);
    if (set.members.has(pe)) continue;
    const sub = set.child(pe);
    const kept = sub ? removeAt(x, sub, childNode(node, k, x), [...path, pe]) : x;
    if (kept !== undefined) out[k] = kept;
  }
  // A struct or list emptied by removal encodes as null and is dropped by its parent.
  return Object.keys(out).length > 0 ? out : undefined;
}

/** TypedValue.RemoveItems: drop every member path of `set` (with its subtree). */
export function removeItems(value: JsonObject, set: FieldSet, node: SchemaNode): JsonObject {
  const out = removeAt(value, set, node, []);
  return isObject(out) ? out : {};
}

/** Set.EnsureNamedFieldsAreMembers: struct fields with owned children count as owned. */
export function ensureNamedFieldsAreMembers(set: FieldSet, node: SchemaNode): FieldSet {
  const out = new FieldSet();
  for (const m of set.members) out.members.add(m);
  for (const [pe, child] of set.children) {
    let sub: SchemaNode;
    if (pe.startsWith('f:')) {
      if (isNamedField(node)) out.members.add(pe);
      // Only the shape matters for fields outside the tables: items below → a list.
      const sample = [...child.members, ...child.children.keys()].some((k) => !k.startsWith('f:')) ? [] : {};
      sub = childNode(node, pe.slice(2), sample);
    } else {
      sub = node.kind === 'list' ? node.elem : node;
    }
    out.children.set(pe, ensureNamedFieldsAreMembers(child, sub));
  }
  return out;
}
