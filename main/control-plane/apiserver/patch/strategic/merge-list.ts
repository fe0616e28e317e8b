// List half of strategic merge patch (apimachinery strategicpatch/patch.go): merge by
// patchMergeKey, `$patch: delete|replace` items, primitive merge lists, and the final
// ordering (patch items in patch order interleaved with server-only items in live
// order — which is why a new item lands first when nothing orders it).
import { internal } from '../errors.js';
import { goFormat, isObject, jsonKind } from '../json-value.js';
import type { JsonObject } from '../json-value.js';
import type { SchemaNode } from '../schema/registry.js';
import { DIRECTIVE_MARKER, hasDirectiveMarker, isDeleteDirective, sanitize, smpErrors } from './directives.js';

export type MapMerger = (original: JsonObject, patch: JsonObject, node: SchemaNode) => JsonObject;
type ElemKind = ReturnType<typeof jsonKind>;

/** sliceElementType: the common JSON kind of all elements. */
export function sliceElementKind(...lists: readonly unknown[][]): ElemKind {
  let kind: ElemKind | undefined;
  for (const list of lists) {
    for (const v of list) {
      const k = jsonKind(v);
      if (kind === undefined) {
        if (k === 'array') throw smpErrors.noListOfLists();
        kind = k;
      } else if (k !== kind) {
        throw internal(`list element types are not identical: ${goFormat(lists)}`);
      }
    }
  }
  if (kind === undefined) throw internal('no elements in any of the given slices');
  return kind;
}

function keyOf(item: unknown, mergeKey: string): unknown {
  return isObject(item) ? item[mergeKey] : undefined;
}

function sameItem(a: unknown, b: unknown, mergeKey: string, kind: ElemKind): boolean {
  return kind === 'object' ? keyOf(a, mergeKey) === keyOf(b, mergeKey) : a === b;
}

function indexIn(list: readonly unknown[], v: unknown, mergeKey: string, kind: ElemKind): number {
  return list.findIndex((x) => sameItem(x, v, mergeKey, kind));
}

function requireKeyed(list: readonly unknown[], mergeKey: string): void {
  for (const item of list) {
    if (!isObject(item)) throw smpErrors.badArgType('map[string]interface {}', item);
    if (!Object.hasOwn(item, mergeKey)) throw smpErrors.noMergeKey(item, mergeKey);
  }
}

/** normalizeSliceOrder: sort by position in `order`, `$patch: delete` items last. */
function normalizeSliceOrder(toSort: unknown[], order: readonly unknown[], mergeKey: string, kind: ElemKind): unknown[] {
  let rest = toSort;
  let toDelete: unknown[] = [];
  if (kind === 'object') {
    requireKeyed(toSort, mergeKey);
    requireKeyed(order, mergeKey);
    rest = toSort.filter((v) => !isDeleteDirective(v));
    toDelete = toSort.filter(isDeleteDirective);
  }
  const rank = (v: unknown): number => {
    const i = indexIn(order, v, mergeKey, kind);
    return i < 0 ? Number.MAX_SAFE_INTEGER : i;
  };
  return [...rest].sort((a, b) => rank(a) - rank(b)).concat(toDelete);
}

/** mergeSortedSlice: insert server-only items (left) among patch items (right), taking a
 *  left item first only when both are in the live list and it came earlier there. */
function mergeSortedSlice(left: unknown[], right: unknown[], serverOrder: readonly unknown[], mergeKey: string, kind: ElemKind): unknown[] {
  const out: unknown[] = [];
  let i = 0;
  let j = 0;
  while (i < left.length || j < right.length) {
    if (i >= left.length) out.push(right[j++]);
    else if (j >= right.length) out.push(left[i++]);
    else {
      const li = indexIn(serverOrder, left[i], mergeKey, kind);
      const ri = indexIn(serverOrder, right[j], mergeKey, kind);
      if (li >= 0 && ri >= 0 && li < ri) out.push(left[i++]);
      else out.push(right[j++]);
    }
  }
  return out;
}

export function normalizeElementOrder(
  patchItems: unknown[],
  serverOnly: unknown[],
  patchOrder: readonly unknown[],
  serverOrder: readonly unknown[],
  mergeKey: string,
  kind: ElemKind,
): unknown[] {
  const patch = normalizeSliceOrder(patchItems, patchOrder, mergeKey, kind);
  const server = normalizeSliceOrder(serverOnly, serverOrder, mergeKey, kind);
  return mergeSortedSlice(server, patch, serverOrder, mergeKey, kind);
}

/** Split `merged` into items present in `by` (by merge key, or by value) and the rest. */
export function partitionByPresence(merged: unknown[], by: readonly unknown[], mergeKey: string): [unknown[], unknown[]] {
  const inPatch: unknown[] = [];
  const serverOnly: unknown[] = [];
  for (const v of merged) {
    let found: boolean;
    if (mergeKey === '') found = by.includes(v);
    else {
      if (!isObject(v)) throw smpErrors.badArgType('map[string]interface {}', v);
      if (!Object.hasOwn(v, mergeKey)) throw smpErrors.noMergeKey(v, mergeKey);
      found = by.some((x) => isObject(x) && Object.hasOwn(x, mergeKey) && x[mergeKey] === v[mergeKey]);
    }
    (found ? inPatch : serverOnly).push(v);
  }
  return [inPatch, serverOnly];
}

/** mergeSliceWithSpecialElements: apply `$patch` items; returns [original, patch] to merge. */
function applySpecialElements(original: unknown[], patch: unknown[], mergeKey: string): [unknown[], unknown[]] {
  const plain: unknown[] = [];
  let out = original;
  let replace = false;
  for (const v of patch) {
    if (!isObject(v) || !Object.hasOwn(v, DIRECTIVE_MARKER)) {
      plain.push(v);
      continue;
    }
    const directive = v[DIRECTIVE_MARKER];
    if (directive === 'delete') {
      if (!Object.hasOwn(v, mergeKey)) throw smpErrors.noMergeKey(v, mergeKey);
      out = out.filter((x) => !(isObject(x) && Object.hasOwn(x, mergeKey) && x[mergeKey] === v[mergeKey]));
    } else if (directive === 'replace') {
      // Keep scanning: other `$patch` items are pruned too.
      replace = true;
    } else if (directive === 'merge') {
      throw internal('merging lists cannot yet be specified in the patch');
    } else {
      throw smpErrors.badPatchType(directive, v);
    }
  }
  return replace ? [plain, []] : [out, plain];
}

function mergeKeyedItems(original: unknown[], patch: unknown[], mergeKey: string, elem: SchemaNode, mergeMap: MapMerger): unknown[] {
  const out = [...original];
  for (const v of patch) {
    if (!isObject(v) || !Object.hasOwn(v, mergeKey)) throw smpErrors.noMergeKey(v, mergeKey);
    const idx = out.findIndex((x) => isObject(x) && Object.hasOwn(x, mergeKey) && x[mergeKey] === v[mergeKey]);
    const found = out[idx];
    if (idx >= 0 && isObject(found)) out[idx] = mergeMap(found, v, elem);
    else out.push(sanitize(v));
  }
  return out;
}

/** mergeSlice: a list with patchStrategy merge. `isDeleteList` marks a
 *  $deleteFromPrimitiveList parallel list. */
export function mergeSlice(original: unknown[], patch: unknown[], elem: SchemaNode, mergeKey: string, isDeleteList: boolean, mergeMap: MapMerger): unknown[] {
  if (original.length === 0 && patch.length === 0) return original;
  const kind = sliceElementKind(original, patch);
  let merged: unknown[];
  let orig = original;
  let pat = patch;
  if (kind !== 'object') {
    if (isDeleteList) return original.filter((v) => !patch.includes(v));
    merged = [...original, ...patch].filter((v, i, all) => all.indexOf(v) === i);
  } else {
    if (mergeKey === '') throw internal('cannot merge lists without merge key for struct');
    [orig, pat] = applySpecialElements(original, patch, mergeKey);
    merged = mergeKeyedItems(orig, pat, mergeKey, elem, mergeMap);
  }
  const [patchItems, serverOnly] = partitionByPresence(merged, pat, mergeKey);
  return normalizeElementOrder(patchItems, serverOnly, pat, orig, mergeKey, kind);
}

/** validatePatchWithSetOrderList: patch items must appear in $setElementOrder, in order. */
export function validateSetOrder(patchList: readonly unknown[], order: readonly unknown[], mergeKey: string): void {
  if (order.length === 0 || patchList.length === 0) return;
  const nonDelete = mergeKey ? patchList.filter((v) => !isDeleteDirective(v)) : patchList;
  let p = 0;
  let s = 0;
  while (p < nonDelete.length && s < order.length) {
    const item = nonDelete[p];
    if (hasDirectiveMarker(item)) {
      p++;
      continue;
    }
    let equal: boolean;
    if (!mergeKey) equal = item === order[s];
    else {
      const target = order[s];
      if (!isObject(item)) throw smpErrors.badArgType('map[string]interface {}', item);
      if (!isObject(target)) throw smpErrors.badArgType('map[string]interface {}', target);
      if (!Object.hasOwn(item, mergeKey)) throw smpErrors.noMergeKey(item, mergeKey);
      if (!Object.hasOwn(target, mergeKey)) throw smpErrors.noMergeKey(target, mergeKey);
      equal = item[mergeKey] === target[mergeKey];
    }
    if (equal) p++;
    s++;
  }
  if (p < nonDelete.length && s >= order.length) {
    throw internal(`the order in patch list:\n${goFormat(patchList)}\n doesn't match $setElementOrder list:\n${goFormat(order)}`);
  }
}
