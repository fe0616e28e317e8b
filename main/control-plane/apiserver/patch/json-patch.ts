// RFC 6902 JSON patch with the semantics of gopkg.in/evanphx/json-patch.v4, the library
// kube-apiserver 1.32 applies application/json-patch+json with. Any failure while
// applying becomes the generic 422 (patch.go wraps it in NewGenericServerResponse).
import { tooLarge, unprocessable } from './errors.js';
import { clone, deepEqual, isObject } from './json-value.js';
import type { JsonObject } from './json-value.js';

/** handlers/patch.go maxJSONPatchOperations */
const MAX_OPERATIONS = 10000;

type Container = JsonObject | unknown[];

/** RFC 6901 §4: "~1" → "/" first, then "~0" → "~". */
export function decodePointerToken(token: string): string {
  return token.replace(/~1/g, '/').replace(/~0/g, '~');
}

export function encodePointerToken(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** strconv.Atoi plus v4's negative-index support (-1 is the last element). */
function arrayIndex(key: string, length: number, allowEnd: boolean): number | undefined {
  if (!/^[+-]?\d+$/.test(key)) return undefined;
  let idx = Number(key);
  if (idx < 0) {
    if (idx < -length) return undefined;
    idx += length;
  }
  return idx < length || (allowEnd && idx === length) ? idx : undefined;
}

function childOf(c: Container, key: string): unknown {
  if (Array.isArray(c)) {
    const idx = arrayIndex(key, c.length, false);
    return idx === undefined ? undefined : c[idx];
  }
  return Object.hasOwn(c, key) ? c[key] : undefined;
}

/** jsonpatch findObject: the parent container and the last (decoded) key, or undefined. */
function findObject(doc: JsonObject, path: string): { con: Container; key: string } | undefined {
  const parts = path.split('/');
  if (parts.length < 2) return undefined;
  let con: Container = doc;
  for (const part of parts.slice(1, -1)) {
    const next = childOf(con, decodePointerToken(part));
    if (!isObject(next) && !Array.isArray(next)) return undefined;
    con = next;
  }
  return { con, key: decodePointerToken(parts[parts.length - 1] ?? '') };
}

function add(con: Container, key: string, value: unknown): string | undefined {
  if (!Array.isArray(con)) {
    con[key] = value;
    return undefined;
  }
  if (key === '-') {
    con.push(value);
    return undefined;
  }
  const idx = arrayIndex(key, con.length, true);
  if (idx === undefined) return `Unable to access invalid index: ${key}`;
  con.splice(idx, 0, value);
  return undefined;
}

function remove(con: Container, key: string): string | undefined {
  if (!Array.isArray(con)) {
    if (!Object.hasOwn(con, key)) return `Unable to remove nonexistent key: ${key}: missing value`;
    delete con[key];
    return undefined;
  }
  const idx = arrayIndex(key, con.length, false);
  if (idx === undefined) return `Unable to remove invalid index: ${key}`;
  con.splice(idx, 1);
  return undefined;
}

interface Op {
  kind: string;
  path: string;
  from: string;
  value: unknown;
}

function readOp(raw: unknown): Op {
  const o = isObject(raw) ? raw : {};
  const str = (v: unknown): string => (typeof v === 'string' ? v : 'unknown');
  return { kind: str(o.op), path: str(o.path), from: str(o.from), value: o.value ?? null };
}

function applyOne(doc: JsonObject, op: Op): string | undefined {
  const at = findObject(doc, op.path);
  switch (op.kind) {
    case 'add':
      if (!at) return `add operation does not apply: doc is missing path: "${op.path}": missing value`;
      return add(at.con, at.key, clone(op.value));
    case 'remove':
      if (!at) return `remove operation does not apply: doc is missing path: "${op.path}": missing value`;
      return remove(at.con, at.key);
    case 'replace': {
      if (!at || childOf(at.con, at.key) === undefined) return `replace operation does not apply: doc is missing key: ${op.path}: missing value`;
      if (Array.isArray(at.con)) at.con[arrayIndex(at.key, at.con.length, false) ?? 0] = clone(op.value);
      else at.con[at.key] = clone(op.value);
      return undefined;
    }
    case 'move':
    case 'copy': {
      const src = findObject(doc, op.from);
      const value = src ? childOf(src.con, src.key) : undefined;
      if (!src || value === undefined) return `${op.kind} operation does not apply: doc is missing from path: ${op.from}: missing value`;
      if (op.kind === 'move') {
        const err = remove(src.con, src.key);
        if (err) return err;
      }
      const dst = findObject(doc, op.path);
      if (!dst) return `${op.kind} operation does not apply: doc is missing destination path: ${op.path}: missing value`;
      return add(dst.con, dst.key, op.kind === 'copy' ? clone(value) : value);
    }
    case 'test': {
      if (!at) return `test operation does not apply: is missing path: ${op.path}: missing value`;
      const actual = childOf(at.con, at.key) ?? null;
      // v4 treats a missing key like null, so {"op":"test","value":null} passes on absent paths.
      return deepEqual(actual, op.value) ? undefined : `testing value ${op.path} failed: test failed`;
    }
    default:
      return `Unexpected kind: ${op.kind}`;
  }
}

/** Apply RFC 6902 operations (already decoded) to a copy of `doc`. */
export function applyJsonPatch<T extends JsonObject>(doc: T, ops: readonly unknown[]): T {
  if (ops.length > MAX_OPERATIONS) {
    throw tooLarge(`The allowed maximum operations in a JSON patch is ${MAX_OPERATIONS}, got ${ops.length}`);
  }
  const out = clone(doc);
  for (const raw of ops) {
    const err = applyOne(out, readOp(raw));
    if (err !== undefined) throw unprocessable(err);
  }
  return out;
}
