// Typed accessors over decoded JSON. Objects reach validation and defaulting as
// `unknown` trees (KubeObject keeps its fields open), so every read narrows here
// instead of casting: a wrong type reads as absent, exactly like Go's zero value.

export type JsonObject = Record<string, unknown>;

export function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function asObject(v: unknown): JsonObject | undefined {
  return isObject(v) ? v : undefined;
}

export function getObject(o: JsonObject | undefined, key: string): JsonObject | undefined {
  return o ? asObject(o[key]) : undefined;
}

export function getString(o: JsonObject | undefined, key: string): string | undefined {
  const v = o?.[key];
  return typeof v === 'string' ? v : undefined;
}

/** Go's zero value for a string field: absent reads as "" */
export function str(o: JsonObject | undefined, key: string): string {
  return getString(o, key) ?? '';
}

export function getNumber(o: JsonObject | undefined, key: string): number | undefined {
  const v = o?.[key];
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

export function getBool(o: JsonObject | undefined, key: string): boolean | undefined {
  const v = o?.[key];
  return typeof v === 'boolean' ? v : undefined;
}

export function getArray(o: JsonObject | undefined, key: string): unknown[] | undefined {
  const v = o?.[key];
  return Array.isArray(v) ? v : undefined;
}

/** the object elements of an array field (non-objects read as empty objects, as Go decodes `{}`) */
export function getObjects(o: JsonObject | undefined, key: string): JsonObject[] {
  return (getArray(o, key) ?? []).map((e) => asObject(e) ?? {});
}

export function getStrings(o: JsonObject | undefined, key: string): string[] {
  return (getArray(o, key) ?? []).filter((e): e is string => typeof e === 'string');
}

/** a map[string]string field; undefined when absent or null (Go's nil map) */
export function getStringMap(o: JsonObject | undefined, key: string): Record<string, string> | undefined {
  return asStringMap(o?.[key]);
}

export function asStringMap(v: unknown): Record<string, string> | undefined {
  if (!isObject(v)) return undefined;
  const out: Record<string, string> = {};
  for (const [k, val] of Object.entries(v)) {
    if (typeof val === 'string') out[k] = val;
  }
  return out;
}

/** the child object at key, created when absent (for defaulting in place) */
export function ensureObject(o: JsonObject, key: string): JsonObject {
  const existing = asObject(o[key]);
  if (existing) return existing;
  const created: JsonObject = {};
  o[key] = created;
  return created;
}

function isZeroish(v: unknown): boolean {
  if (v === undefined || v === null || v === '') return true;
  if (Array.isArray(v)) return v.length === 0;
  if (isObject(v)) return Object.keys(v).length === 0;
  return false;
}

/**
 * apimachinery's Semantic.DeepEqual over JSON: absent, null, "" and empty
 * lists/maps are the same Go zero value, so `{}` and a missing field compare equal.
 */
export function semanticEqual(a: unknown, b: unknown): boolean {
  if (isZeroish(a) && isZeroish(b)) return true;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((e, i) => semanticEqual(e, b[i]));
  }
  if (isObject(a) && isObject(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const k of keys) {
      if (!semanticEqual(a[k], b[k])) return false;
    }
    return true;
  }
  return a === b;
}

export function clone<T>(v: T): T {
  return structuredClone(v);
}

export function sortedKeys(o: Record<string, unknown> | undefined): string[] {
  return o ? Object.keys(o).sort() : [];
}

/** Go's len() of a string counts UTF-8 bytes */
export function byteLength(s: string): number {
  return new TextEncoder().encode(s).length;
}
