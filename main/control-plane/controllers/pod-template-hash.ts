// The pod-template-hash label of a Deployment's ReplicaSets, computed the way kube's
// controller.ComputeHash does (pkg/controller/controller_utils.go): FNV-32a over a
// deep, key-sorted dump of the pod template (hashutil.DeepHashObject uses spew with
// SortKeys), then the collisionCount as 8 little-endian bytes when the Deployment has
// one, and the decimal sum rendered through rand.SafeEncodeString's vowel-free
// alphabet. kube dumps the Go struct; here the dump is of the JSON form (null and empty
// values dropped, so semantically equal templates hash alike), so the algorithm and the
// shape match (up to 10 characters of 4-9, b, c, d, f) but the values differ from a real
// cluster's for the same template.

const FNV32_OFFSET = 0x811c9dc5;
const FNV32_PRIME = 0x01000193;

/** k8s.io/apimachinery/pkg/util/rand alphanums: no vowels, no 0/1/3 */
const SAFE_ALPHANUMS = 'bcdfghjklmnpqrstvwxz2456789';

export function fnv32a(bytes: Uint8Array, seed = FNV32_OFFSET): number {
  let h = seed >>> 0;
  for (const b of bytes) {
    h ^= b;
    h = Math.imul(h, FNV32_PRIME) >>> 0;
  }
  return h >>> 0;
}

/** rand.SafeEncodeString: each character picks from the alphabet by its code point */
export function safeEncodeString(s: string): string {
  let out = '';
  for (const ch of s) out += SAFE_ALPHANUMS[(ch.codePointAt(0) ?? 0) % SAFE_ALPHANUMS.length] ?? '';
  return out;
}

/** a spew-like dump: maps with sorted keys, Go-quoted strings; null and empty values are Go's zero and left out */
export function deepDump(v: unknown): string {
  if (v === null || v === undefined) return 'nil';
  if (Array.isArray(v)) return `[]{${v.map(deepDump).join(', ')}}`;
  if (typeof v === 'object') {
    const parts: string[] = [];
    for (const k of Object.keys(v).sort()) {
      const val = (v as Record<string, unknown>)[k];
      if (val === null || val === undefined || (Array.isArray(val) && val.length === 0) || (typeof val === 'object' && !Array.isArray(val) && Object.keys(val).length === 0)) continue;
      parts.push(`${JSON.stringify(k)}:${deepDump(val)}`);
    }
    return `map{${parts.join(', ')}}`;
  }
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return 'nil';
}

export function computeHash(template: unknown, collisionCount?: number): string {
  let h = fnv32a(new TextEncoder().encode(deepDump(template)));
  if (collisionCount !== undefined) {
    const bytes = new Uint8Array(8);
    new DataView(bytes.buffer).setUint32(0, collisionCount >>> 0, true);
    h = fnv32a(bytes, h);
  }
  return safeEncodeString(String(h));
}
