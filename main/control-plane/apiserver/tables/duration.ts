// Ages as kube-apiserver prints them: k8s.io/apimachinery/pkg/util/duration
// HumanDuration (every printers.go AGE, the "(5m ago)" restart suffix and the event
// LAST SEEN / FIRST SEEN columns) and ShortHumanDuration (kubectl's own client-side
// columns). Both truncate toward zero like Go's integer conversions.

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/** Go's time.Time zero value prints and parses as year 1; kube treats it as "unset". */
const GO_ZERO_TIME = Date.parse('0001-01-01T00:00:00Z');

/**
 * Parses a metav1.Time / metav1.MicroTime (RFC 3339). Returns undefined for an absent,
 * unparsable or zero time, which is what metav1.Time.IsZero() reports.
 */
export function parseTime(value: unknown): number | undefined {
  if (typeof value !== 'string' || value === '') return undefined;
  const ms = Date.parse(value);
  if (Number.isNaN(ms) || ms <= GO_ZERO_TIME) return undefined;
  return ms;
}

/** duration.HumanDuration: ~2-3 significant figures, e.g. 45s, 5m30s, 3h12m, 2d3h, 1y20d */
export function humanDuration(ms: number): string {
  const seconds = Math.trunc(ms / SECOND);
  // Two seconds of clock skew are tolerated as "now"; more is an invalid (future) time.
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 60 * 2) return `${seconds}s`;
  const minutes = Math.trunc(ms / MINUTE);
  if (minutes < 10) {
    const s = seconds % 60;
    return s === 0 ? `${minutes}m` : `${minutes}m${s}s`;
  }
  if (minutes < 60 * 3) return `${minutes}m`;
  const hours = Math.trunc(ms / HOUR);
  if (hours < 8) {
    const m = minutes % 60;
    return m === 0 ? `${hours}h` : `${hours}h${m}m`;
  }
  if (hours < 48) return `${hours}h`;
  if (hours < 24 * 8) {
    const h = hours % 24;
    return h === 0 ? `${Math.trunc(hours / 24)}d` : `${Math.trunc(hours / 24)}d${h}h`;
  }
  if (hours < 24 * 365 * 2) return `${Math.trunc(hours / 24)}d`;
  if (hours < 24 * 365 * 8) {
    const dy = Math.trunc(hours / 24) % 365;
    const years = Math.trunc(hours / 24 / 365);
    return dy === 0 ? `${years}y` : `${years}y${dy}d`;
  }
  return `${Math.trunc(hours / 24 / 365)}y`;
}

/** duration.ShortHumanDuration: one unit only, e.g. 45s, 5m, 3h, 2d, 1y */
export function shortHumanDuration(ms: number): string {
  const seconds = Math.trunc(ms / SECOND);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.trunc(ms / MINUTE);
  if (minutes < 60) return `${minutes}m`;
  const hours = Math.trunc(ms / HOUR);
  if (hours < 24) return `${hours}h`;
  if (hours < 24 * 365) return `${Math.trunc(hours / 24)}d`;
  return `${Math.trunc(hours / 24 / 365)}y`;
}

/** printers.go translateTimestampSince (and translateMicroTimestampSince, which is identical) */
export function translateTimestampSince(value: unknown, now: Date): string {
  const ms = parseTime(value);
  if (ms === undefined) return '<unknown>';
  return humanDuration(now.getTime() - ms);
}

/** time.Time.UTC().Format(time.RFC3339): whole seconds, 'Z' suffix; zero time is year 1 */
export function formatRfc3339(value: unknown): string {
  const ms = parseTime(value);
  if (ms === undefined) return '0001-01-01T00:00:00Z';
  return new Date(Math.floor(ms / SECOND) * SECOND).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
