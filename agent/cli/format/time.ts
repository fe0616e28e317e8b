// Times as Go prints them: time.Unix(0, ns).Format(time.RFC3339Nano) in the local zone
// (crictl inspect's createdAt/startedAt/finishedAt), and Go's zero time.

/** time.Time{}.Format(time.RFC3339Nano): what crictl shows for a container not yet started or finished */
export const GO_ZERO_TIME = '0001-01-01T00:00:00Z';

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

/**
 * RFC3339Nano ("2006-01-02T15:04:05.999999999Z07:00"): trailing zeros of the fraction
 * dropped (and the dot with them), "Z" for UTC, else ±hh:mm. offsetMinutes is the
 * zone's offset east of UTC (Date#getTimezoneOffset() is west, so negate it).
 */
export function rfc3339Nano(ns: number, offsetMinutes: number): string {
  const big = BigInt(Math.round(ns));
  const secs = big / 1_000_000_000n - (big % 1_000_000_000n < 0n ? 1n : 0n);
  const nanos = Number(big - secs * 1_000_000_000n);
  const d = new Date(Number(secs) * 1000 + offsetMinutes * 60_000);
  let out = `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
  const frac = pad(nanos, 9).replace(/0+$/, '');
  if (frac) out += `.${frac}`;
  if (offsetMinutes === 0) return `${out}Z`;
  const abs = Math.abs(offsetMinutes);
  return `${out}${offsetMinutes < 0 ? '-' : '+'}${pad(Math.trunc(abs / 60))}:${pad(abs % 60)}`;
}

/** The local zone's offset east of UTC at that instant, in minutes. */
export function localOffsetMinutes(ns: number): number {
  const off = -new Date(ns / 1e6).getTimezoneOffset();
  return off === 0 ? 0 : off; // never -0
}

/**
 * Go's time.Time.String() for time.Unix(0, ns) ("2006-01-02 15:04:05.999999999 -0700 MST"),
 * used by crictl's table views ("Created: …"). The zone abbreviation is not available
 * portably in Node; the numeric offset is printed twice when it is not UTC.
 */
export function goTimeString(ns: number, offsetMinutes: number): string {
  const iso = rfc3339Nano(ns, offsetMinutes);
  const m = /^(\d{4}-\d\d-\d\d)T([\d:.]+)(Z|[+-]\d\d:\d\d)$/.exec(iso);
  if (!m) return iso;
  const zone = m[3] === 'Z' ? '+0000 UTC' : `${(m[3] ?? '').replace(':', '')} ${(m[3] ?? '').replace(':', '')}`;
  return `${m[1]} ${m[2]} ${zone}`;
}
