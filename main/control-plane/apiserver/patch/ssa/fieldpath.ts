// Field paths and sets of sigs.k8s.io/structured-merge-diff (fieldpath package), with
// path elements kept in their FieldsV1 spelling so a set round-trips through
// metadata.managedFields unchanged:
//   f:<field>   struct field or map key       k:{"name":"nginx"}  associative list item
//   v:<json>    set item ("v:\"a\"")           i:<n>              index of a plain list
import { isObject } from '../json-value.js';

export type PathElement = string;
export type Path = readonly PathElement[];

export function fieldPE(name: string): PathElement {
  return `f:${name}`;
}

/** Key fields sorted by name, as value.FieldList is, then compact JSON. */
export function keyPE(fields: Readonly<Record<string, unknown>>): PathElement {
  const sorted: Record<string, unknown> = {};
  for (const k of Object.keys(fields).sort()) sorted[k] = fields[k];
  return `k:${JSON.stringify(sorted)}`;
}

export function valuePE(v: unknown): PathElement {
  return `v:${JSON.stringify(v)}`;
}

export function indexPE(i: number): PathElement {
  return `i:${i}`;
}

/** Canonical spelling of a FieldsV1 key (re-encodes k:/v: JSON); undefined if malformed. */
export function canonicalPE(raw: string): PathElement | undefined {
  const tag = raw.slice(0, 2);
  const body = raw.slice(2);
  try {
    if (tag === 'f:') return raw;
    if (tag === 'i:') return /^\d+$/.test(body) ? raw : undefined;
    if (tag === 'v:') return valuePE(JSON.parse(body));
    if (tag === 'k:') {
      const parsed: unknown = JSON.parse(body);
      return isObject(parsed) ? keyPE(parsed) : undefined;
    }
  } catch {
    return undefined;
  }
  return undefined;
}

const KIND_RANK: Readonly<Record<string, number>> = { 'f:': 0, 'k:': 1, 'v:': 2, 'i:': 3 };

function valueRank(v: unknown): number {
  if (typeof v === 'number') return 0;
  if (typeof v === 'string') return 1;
  if (typeof v === 'boolean') return 2;
  if (Array.isArray(v)) return 3;
  if (isObject(v)) return 4;
  return 5;
}

/** value.Compare: numbers < strings < bools < lists < maps < null. */
function compareValues(a: unknown, b: unknown): number {
  const ra = valueRank(a);
  const rb = valueRank(b);
  if (ra !== rb) return ra - rb;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  const sa = JSON.stringify(a);
  const sb = JSON.stringify(b);
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}

function compareKeys(a: Record<string, unknown>, b: Record<string, unknown>): number {
  const ka = Object.keys(a).sort();
  const kb = Object.keys(b).sort();
  for (let i = 0; i < Math.min(ka.length, kb.length); i++) {
    const na = ka[i] ?? '';
    const nb = kb[i] ?? '';
    if (na !== nb) return na < nb ? -1 : 1;
    const c = compareValues(a[na], b[nb]);
    if (c !== 0) return c;
  }
  return ka.length - kb.length;
}

/** PathElement.Compare: field names, then keys, then values, then indexes. */
export function comparePE(a: PathElement, b: PathElement): number {
  const ta = a.slice(0, 2);
  const tb = b.slice(0, 2);
  if (ta !== tb) return (KIND_RANK[ta] ?? 9) - (KIND_RANK[tb] ?? 9);
  const ba = a.slice(2);
  const bb = b.slice(2);
  if (ta === 'f:') return ba < bb ? -1 : ba > bb ? 1 : 0;
  if (ta === 'i:') return Number(ba) - Number(bb);
  const va: unknown = JSON.parse(ba);
  const vb: unknown = JSON.parse(bb);
  if (ta === 'k:' && isObject(va) && isObject(vb)) return compareKeys(va, vb);
  return compareValues(va, vb);
}

/** value.ToString as used by PathElement.String: strings quoted, others bare. */
function valueString(v: unknown): string {
  return JSON.stringify(v);
}

/** fieldpath.Path.String(): .spec.containers[name="nginx"].image, .metadata.finalizers[="a"] */
export function pathString(path: Path): string {
  return path
    .map((pe) => {
      const body = pe.slice(2);
      switch (pe.slice(0, 2)) {
        case 'f:':
          return `.${body}`;
        case 'k:': {
          const fields = JSON.parse(body) as Record<string, unknown>;
          return `[${Object.keys(fields)
            .map((k) => `${k}=${valueString(fields[k])}`)
            .join(',')}]`;
        }
        case 'v:':
          return `[=${valueString(JSON.parse(body))}]`;
        default:
          return `[${body}]`;
      }
    })
    .join('');
}
