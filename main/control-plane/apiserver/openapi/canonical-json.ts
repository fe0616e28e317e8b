// Deterministic serialisation and hashing, so a document's hash only changes when its
// content does (the hash is the `?hash=` of /openapi/v3 URLs and the ETag).
import { createHash } from 'node:crypto';
import type { Json } from './render.js';

/** JSON with object keys sorted by code unit, like Go's encoding/json on maps. */
export function canonicalJson(value: Json): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const keys = Object.keys(value).sort(compareStrings);
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k] ?? null)}`).join(',')}}`;
}

/** kube-openapi's etag: upper-case hex SHA-512 of the served bytes. */
export function contentHash(body: string | Uint8Array): string {
  return createHash('sha512').update(body).digest('hex').toUpperCase();
}

/** Locale-independent ordering (localeCompare would make output depend on the host). */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
