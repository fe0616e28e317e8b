// Byte ranges for blob GETs (RFC 9110 §14). containerd resumes interrupted layer
// downloads with `Range: bytes=<offset>-` and the OCI distribution spec says a registry
// SHOULD support it for blobs; skopeo does not send ranges. We serve one range; a
// multi-range request gets the whole blob (RFC 9110 lets a server ignore Range).

export type RangeResult =
  | { kind: 'full' }
  | { kind: 'partial'; start: number; end: number } // inclusive, as in Content-Range
  | { kind: 'unsatisfiable' };

export function parseRange(header: string | undefined, size: number): RangeResult {
  if (header === undefined) return { kind: 'full' };
  const m = /^\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*$/i.exec(header);
  // Not a single byte range (another unit, several ranges, garbage): ignore the header.
  if (!m) return { kind: 'full' };
  const [, first = '', last = ''] = m;
  if (first === '' && last === '') return { kind: 'full' };
  if (first === '') {
    // Suffix range: the last N bytes.
    const n = Number(last);
    if (n === 0 || size === 0) return { kind: 'unsatisfiable' };
    return { kind: 'partial', start: Math.max(0, size - n), end: size - 1 };
  }
  const start = Number(first);
  if (start >= size) return { kind: 'unsatisfiable' };
  const end = last === '' ? size - 1 : Math.min(Number(last), size - 1);
  if (end < start) return { kind: 'full' }; // syntactically invalid (last < first): ignore
  return { kind: 'partial', start, end };
}
