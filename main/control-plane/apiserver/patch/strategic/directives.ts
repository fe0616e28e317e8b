// Strategic merge patch directives and the errors of k8s.io/apimachinery/pkg/util/mergepatch,
// with the HTTP codes patch.go's interpretStrategicMergePatchError gives them (400/422);
// every other merge error is a plain Go error, i.e. a 500 with the message verbatim.
import { badRequest, internal, unprocessable } from '../errors.js';
import type { PatchError } from '../errors.js';
import { goFormat, goTypeName, isObject } from '../json-value.js';
import type { JsonObject } from '../json-value.js';

export const DIRECTIVE_MARKER = '$patch';
export const RETAIN_KEYS = '$retainKeys';
export const SET_ELEMENT_ORDER_PREFIX = '$setElementOrder';
export const DELETE_FROM_PRIMITIVE_LIST_PREFIX = '$deleteFromPrimitiveList';

export const smpErrors = {
  badFormatForPrimitiveList: (): PatchError => badRequest('invalid patch format of primitive list'),
  badFormatForRetainKeys: (): PatchError => badRequest('invalid patch format of retainKeys'),
  badFormatForSetElementOrderList: (): PatchError => badRequest('invalid patch format of setElementOrder list'),
  noListOfLists: (): PatchError => unprocessable('lists of lists are not supported'),
  noMergeKey: (m: unknown, key: string): PatchError => internal(`map: ${goFormat(m)} does not contain declared merge key: ${key}`),
  badArgType: (expected: string, actual: unknown): PatchError => internal(`expected a ${expected}, but received a ${goTypeName(actual)}`),
  badPatchType: (t: unknown, m: JsonObject): PatchError => internal(`unknown patch type: ${goFormat(t)} in map: ${goFormat(m)}`),
};

/** "$setElementOrder/containers" → "containers" (mergepatch extractKey). */
export function extractKey(key: string, prefix: string): string {
  const slash = key.indexOf('/');
  if (slash < 0 || key.slice(0, slash) !== prefix) {
    if (prefix === DELETE_FROM_PRIMITIVE_LIST_PREFIX) throw smpErrors.badFormatForPrimitiveList();
    throw smpErrors.badFormatForSetElementOrderList();
  }
  return key.slice(slash + 1);
}

function isDirectiveKey(key: string): boolean {
  return key === RETAIN_KEYS || key.startsWith(SET_ELEMENT_ORDER_PREFIX) || key.startsWith(DELETE_FROM_PRIMITIVE_LIST_PREFIX);
}

const DROP = Symbol('drop');

function sanitizeValue(v: unknown): unknown {
  if (isObject(v)) {
    if (Object.hasOwn(v, DIRECTIVE_MARKER)) return DROP;
    const out: JsonObject = {};
    for (const [k, x] of Object.entries(v)) {
      if (x === null || isDirectiveKey(k)) continue;
      const r = sanitizeValue(x);
      if (r !== DROP) out[k] = r;
    }
    return out;
  }
  if (Array.isArray(v)) return v.map(sanitizeValue).filter((x) => x !== DROP);
  return v;
}

/**
 * A patch value taken verbatim into the object. apimachinery runs removeDirectives and
 * discardNullValuesFromPatch on it, then decoding into the typed object drops the
 * remaining directive keys and nulls; doing all of it here gives the stored result.
 * Returns undefined when the value itself is a directive map (the key is then dropped).
 */
export function sanitize(v: unknown): unknown {
  const r = sanitizeValue(v);
  return r === DROP ? undefined : r;
}

export function isDeleteDirective(v: unknown): boolean {
  return isObject(v) && v[DIRECTIVE_MARKER] === 'delete';
}

export function hasDirectiveMarker(v: unknown): boolean {
  return isObject(v) && Object.hasOwn(v, DIRECTIVE_MARKER);
}

/** extractRetainKeysPatchStrategy: the non-retainKeys part of a patchStrategy tag. */
export function listOrMapStrategy(strategies: readonly string[]): string {
  if (strategies.length === 0) return '';
  if (strategies.length === 1) return strategies[0] === 'retainKeys' ? '' : (strategies[0] ?? '');
  if (strategies.length === 2 && strategies.includes('retainKeys')) return strategies.find((s) => s !== 'retainKeys') ?? '';
  throw internal(`unexpected patch strategy: ${goFormat(strategies)}`);
}
