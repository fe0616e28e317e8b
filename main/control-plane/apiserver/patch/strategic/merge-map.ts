// Map half of strategic merge patch, applied the way kube-apiserver does for
// application/strategic-merge-patch+json (StrategicMergeMapPatch with MergeParallelList
// and IgnoreUnmatchedNulls): null deletes, maps merge unless patchStrategy=replace,
// lists merge only where the Go type declares patchStrategy=merge, and the directives
// $patch, $retainKeys, $setElementOrder/<f> and $deleteFromPrimitiveList/<f> apply.
import { clone, isObject, jsonKind } from '../json-value.js';
import type { JsonObject } from '../json-value.js';
import { childNode, fieldDef } from '../schema/registry.js';
import type { SchemaNode } from '../schema/registry.js';
import {
  DELETE_FROM_PRIMITIVE_LIST_PREFIX,
  DIRECTIVE_MARKER,
  RETAIN_KEYS,
  SET_ELEMENT_ORDER_PREFIX,
  extractKey,
  listOrMapStrategy,
  sanitize,
  smpErrors,
} from './directives.js';
import { mergeSlice, normalizeElementOrder, partitionByPresence, sliceElementKind, validateSetOrder } from './merge-list.js';

interface FieldMeta {
  strategy: string;
  mergeKey: string;
}

function metaOf(node: SchemaNode, key: string): FieldMeta {
  const fd = fieldDef(node, key);
  const strategies = fd?.patchStrategy ? fd.patchStrategy.split(',') : [];
  return { strategy: listOrMapStrategy(strategies), mergeKey: fd?.patchMergeKey ?? '' };
}

function listElemNode(node: SchemaNode, key: string, value: unknown): SchemaNode {
  return childNode(childNode(node, key, value), '', undefined);
}

function setSanitized(original: JsonObject, key: string, patchValue: unknown): void {
  const v = sanitize(patchValue);
  if (v === undefined) delete original[key];
  else original[key] = v;
}

/** handleDirectiveInMergeMap: `$patch: replace` keeps the patch map, `delete` empties it. */
function mapDirective(directive: unknown, patch: JsonObject): JsonObject {
  if (directive === 'replace') {
    delete patch[DIRECTIVE_MARKER];
    const v = sanitize(patch);
    return isObject(v) ? v : {};
  }
  if (directive === 'delete') return {};
  throw smpErrors.badPatchType(directive, patch);
}

/** applyRetainKeysDirective: drop live keys not listed; every patch key must be listed. */
function applyRetainKeys(original: JsonObject, patch: JsonObject): void {
  if (!Object.hasOwn(patch, RETAIN_KEYS)) return;
  const list = patch[RETAIN_KEYS];
  delete patch[RETAIN_KEYS];
  if (!Array.isArray(list)) throw smpErrors.badFormatForRetainKeys();
  for (const [k, v] of Object.entries(patch)) {
    if (v === null || k.startsWith(DELETE_FROM_PRIMITIVE_LIST_PREFIX) || k.startsWith(SET_ELEMENT_ORDER_PREFIX)) continue;
    if (!list.includes(k)) throw smpErrors.badFormatForRetainKeys();
  }
  for (const k of Object.keys(original)) if (!list.includes(k)) delete original[k];
}

function asList(v: unknown): unknown[] {
  if (!Array.isArray(v)) throw smpErrors.badArgType('[]interface {}', v);
  return v;
}

/** mergePatchIntoOriginal: merge each list named by a $setElementOrder directive and
 *  order it by the directive (precedence: $setElementOrder > patch order > live order). */
function applySetElementOrder(original: JsonObject, patch: JsonObject, node: SchemaNode): void {
  for (const key of Object.keys(patch)) {
    if (!key.startsWith(SET_ELEMENT_ORDER_PREFIX)) continue;
    const order = patch[key];
    delete patch[key];
    const orderList = asList(order);
    const field = extractKey(key, SET_ELEMENT_ORDER_PREFIX);
    const foundOriginal = Object.hasOwn(original, field);
    const foundPatch = Object.hasOwn(patch, field);
    const originalList = foundOriginal ? asList(original[field]) : [];
    const patchList = foundPatch ? asList(patch[field]) : [];
    const meta = metaOf(node, field);
    validateSetOrder(patchList, orderList, meta.mergeKey);
    let merged: unknown[];
    if (foundOriginal && !foundPatch) merged = originalList;
    else if (!foundOriginal && foundPatch) merged = asList(sanitize(patchList));
    else if (foundOriginal && foundPatch) merged = mergeListField(originalList, patchList, node, field, meta, false);
    else continue;
    const [patchItems, serverOnly] = partitionByPresence(merged, orderList, meta.mergeKey);
    const kind = sliceElementKind(originalList, patchList);
    original[field] = normalizeElementOrder(patchItems, serverOnly, orderList, originalList, meta.mergeKey, kind);
    delete patch[field];
  }
}

/** mergeSliceHandler: merge-strategy lists merge; every other list is replaced. */
function mergeListField(original: unknown[], patch: unknown[], node: SchemaNode, key: string, meta: FieldMeta, isDeleteList: boolean): unknown[] {
  if (meta.strategy !== 'merge') return asList(sanitize(patch));
  return mergeSlice(original, patch, listElemNode(node, key, original), meta.mergeKey, isDeleteList, mergeMap);
}

/** mergeMap: merge `patch` into `original` (both are mutated; pass copies). */
export function mergeMap(original: JsonObject, patch: JsonObject, node: SchemaNode): JsonObject {
  if (Object.hasOwn(patch, DIRECTIVE_MARKER)) return mapDirective(patch[DIRECTIVE_MARKER], patch);
  applyRetainKeys(original, patch);
  applySetElementOrder(original, patch, node);
  for (const [rawKey, patchV] of Object.entries(patch)) {
    let key = rawKey;
    let isDeleteList = false;
    if (rawKey.startsWith(DELETE_FROM_PRIMITIVE_LIST_PREFIX)) {
      key = extractKey(rawKey, DELETE_FROM_PRIMITIVE_LIST_PREFIX);
      isDeleteList = true;
    }
    if (patchV === null) {
      delete original[key];
      continue;
    }
    const orig = original[key];
    if (!Object.hasOwn(original, key) || jsonKind(orig) !== jsonKind(patchV)) {
      // Not in the live object (or of another JSON type): take the patch value.
      if (!isDeleteList) setSanitized(original, key, patchV);
      continue;
    }
    const meta = metaOf(node, key);
    if (isObject(orig) && isObject(patchV)) {
      original[key] = meta.strategy === 'replace' ? sanitize(patchV) : mergeMap(orig, patchV, childNode(node, key, orig));
    } else if (Array.isArray(orig) && Array.isArray(patchV)) {
      original[key] = mergeListField(orig, patchV, node, key, meta, isDeleteList);
    } else {
      setSanitized(original, key, patchV);
    }
  }
  return original;
}

/** Apply a strategic merge patch to a copy of `doc` using the schema rooted at `node`. */
export function applyStrategicMergePatch<T extends JsonObject>(doc: T, patch: JsonObject, node: SchemaNode): T {
  return mergeMap(clone(doc), clone(patch), node) as T;
}
