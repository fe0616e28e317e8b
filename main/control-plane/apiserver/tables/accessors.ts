// Small typed readers over JSON objects. Printers see objects as the API stores them
// (open JSON), so every field is read through these instead of casting: a missing or
// mistyped field reads as Go's zero value, which is what kube's printers see after
// decoding into typed structs.

export type JsonRecord = Record<string, unknown>;

export function isRecord(value: unknown): value is JsonRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** the value at a path of object keys, or undefined when any step is missing */
export function at(value: unknown, ...path: string[]): unknown {
  let current = value;
  for (const key of path) {
    if (!isRecord(current)) return undefined;
    current = current[key];
  }
  return current;
}

/** a record at a path, or an empty one (Go's zero struct) */
export function rec(value: unknown, ...path: string[]): JsonRecord {
  const found = at(value, ...path);
  return isRecord(found) ? found : {};
}

/** a string at a path, or '' */
export function str(value: unknown, ...path: string[]): string {
  const found = at(value, ...path);
  return typeof found === 'string' ? found : '';
}

/** a string at a path, or undefined when absent (Go's *string) */
export function optStr(value: unknown, ...path: string[]): string | undefined {
  const found = at(value, ...path);
  return typeof found === 'string' ? found : undefined;
}

/** an integer at a path, or 0 */
export function int(value: unknown, ...path: string[]): number {
  const found = at(value, ...path);
  return typeof found === 'number' && Number.isFinite(found) ? Math.trunc(found) : 0;
}

/** an integer at a path, or undefined when absent (Go's *int32) */
export function optInt(value: unknown, ...path: string[]): number | undefined {
  const found = at(value, ...path);
  return typeof found === 'number' && Number.isFinite(found) ? Math.trunc(found) : undefined;
}

/** a boolean at a path, or false */
export function bool(value: unknown, ...path: string[]): boolean {
  return at(value, ...path) === true;
}

/** an array at a path, or [] */
export function list(value: unknown, ...path: string[]): unknown[] {
  const found = at(value, ...path);
  return Array.isArray(found) ? found : [];
}

/** a string-valued map at a path (labels, selectors, nodeSelector); non-string values dropped */
export function stringMap(value: unknown, ...path: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, entry] of Object.entries(rec(value, ...path))) {
    if (typeof entry === 'string') out[key] = entry;
  }
  return out;
}

/** the number of keys of a map at a path (Go's len(map)) */
export function keyCount(value: unknown, ...path: string[]): number {
  return Object.keys(rec(value, ...path)).length;
}
