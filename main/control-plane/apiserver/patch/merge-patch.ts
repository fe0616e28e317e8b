// RFC 7386 JSON merge patch as gopkg.in/evanphx/json-patch.v4 MergePatch applies it
// (what `kubectl label`, `kubectl annotate` and `kubectl scale` send): null deletes a
// key, objects merge recursively, anything else replaces. Values added where the
// target had nothing are pruned of nulls, including null array elements (pruneNulls).
import { clone, isObject } from './json-value.js';
import type { JsonObject } from './json-value.js';

function pruneNulls(v: unknown): unknown {
  if (Array.isArray(v)) return v.filter((x) => x !== null).map(pruneNulls);
  if (isObject(v)) {
    const out: JsonObject = {};
    for (const [k, x] of Object.entries(v)) if (x !== null) out[k] = pruneNulls(x);
    return out;
  }
  return v;
}

function mergeValue(cur: unknown, patch: unknown): unknown {
  if (!isObject(cur)) return pruneNulls(patch);
  if (!isObject(patch)) return patch;
  mergeDocs(cur, patch);
  return cur;
}

function mergeDocs(doc: JsonObject, patch: JsonObject): void {
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) {
      delete doc[k];
      continue;
    }
    const cur = doc[k];
    doc[k] = cur === undefined || cur === null ? pruneNulls(v) : mergeValue(cur, v);
  }
}

/** Apply a merge patch object to a copy of `doc`. */
export function applyMergePatch<T extends JsonObject>(doc: T, patch: JsonObject): T {
  const out = clone(doc);
  mergeDocs(out, clone(patch));
  return out;
}
