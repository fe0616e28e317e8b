// The human units crictl prints, ported from github.com/docker/go-units (duration.go,
// size.go) together with the Go `%.*g` formatting they rely on, so that "5.91MB",
// "About a minute" and "1e+03B" come out byte for byte as real crictl prints them.

/** go-units HumanDuration: d in nanoseconds (crictl appends " ago"). */
export function humanDuration(ns: number): string {
  const seconds = Math.trunc(ns / 1e9);
  if (seconds < 1) return 'Less than a second';
  if (seconds === 1) return '1 second';
  if (seconds < 60) return `${seconds} seconds`;
  const minutes = Math.trunc(ns / 60e9);
  if (minutes === 1) return 'About a minute';
  if (minutes < 60) return `${minutes} minutes`;
  // int(d.Hours() + 0.5)
  const hours = Math.trunc(ns / 3600e9 + 0.5);
  if (hours === 1) return 'About an hour';
  if (hours < 48) return `${hours} hours`;
  if (hours < 24 * 7 * 2) return `${Math.trunc(hours / 24)} days`;
  if (hours < 24 * 30 * 2) return `${Math.trunc(hours / 24 / 7)} weeks`;
  if (hours < 24 * 365 * 2) return `${Math.trunc(hours / 24 / 30)} months`;
  return `${Math.trunc(Math.trunc(ns / 3600e9) / 24 / 365)} years`;
}

/** "<HumanDuration> ago" between a CRI timestamp (ns) and now (ms), as crictl's CREATED column. */
export function ago(createdAtNs: number, nowMs: number): string {
  return `${humanDuration(nowMs * 1e6 - createdAtNs)} ago`;
}

const DECIMAL_UNITS = ['B', 'kB', 'MB', 'GB', 'TB', 'PB', 'EB', 'ZB', 'YB'];

/** go-units HumanSizeWithPrecision: decimal (1000) units, precision significant digits. */
export function humanSizeWithPrecision(size: number, precision: number): string {
  let i = 0;
  while (size >= 1000 && i < DECIMAL_UNITS.length - 1) {
    size /= 1000;
    i++;
  }
  return `${formatG(size, precision)}${DECIMAL_UNITS[i] ?? 'B'}`;
}

/** go-units HumanSize (precision 4), used by `crictl stats`. */
export function humanSize(size: number): string {
  return humanSizeWithPrecision(size, 4);
}

/**
 * Go's strconv.FormatFloat(x, 'g', prec, 64): prec significant digits, rounded half to
 * even on the exact binary value, trailing zeros dropped, %e form (e+03) when the
 * exponent is < -4 or >= the precision.
 */
export function formatG(x: number, prec: number): string {
  if (!Number.isFinite(x)) return x > 0 ? '+Inf' : x < 0 ? '-Inf' : 'NaN';
  if (x === 0) return '0';
  const neg = x < 0;
  const { digits, dp } = roundDecimal(Math.abs(x), prec);
  const nd = digits.length;
  let eprec = prec;
  if (eprec > nd && nd >= dp) eprec = nd;
  const exp = dp - 1;
  let out: string;
  if (exp < -4 || exp >= eprec) {
    const p = Math.min(prec, nd);
    const mant = digits[0] + (p > 1 ? `.${digits.slice(1, p)}` : '');
    const e = Math.abs(exp);
    out = `${mant}e${exp < 0 ? '-' : '+'}${e < 10 ? `0${e}` : e}`;
  } else {
    const p = prec > dp ? nd : prec;
    const decimals = Math.max(p - dp, 0);
    out = fixed(digits, dp, decimals);
  }
  return neg ? `-${out}` : out;
}

/** The exact decimal digits of x (x > 0), rounded half-even to prec significant digits, trailing zeros trimmed. */
function roundDecimal(x: number, prec: number): { digits: string; dp: number } {
  // toFixed(100) is exact for every double this is used with (sizes, seconds)
  const [intPart = '0', frac = ''] = x.toFixed(100).split('.');
  let all = (intPart === '0' ? '' : intPart) + frac;
  let dp = intPart === '0' ? 0 : intPart.length;
  const lead = all.search(/[1-9]/);
  if (lead < 0) return { digits: '0', dp: 1 };
  all = all.slice(lead);
  dp -= lead;
  let kept = all.slice(0, prec).split('').map(Number);
  const rest = all.slice(prec);
  const first = Number(rest[0] ?? '0');
  const tail = rest.slice(1).replace(/0+$/, '');
  const last = kept[kept.length - 1] ?? 0;
  const up = first > 5 || (first === 5 && (tail.length > 0 || last % 2 === 1));
  if (up) {
    let i = kept.length - 1;
    while (i >= 0 && kept[i] === 9) {
      kept[i] = 0;
      i--;
    }
    if (i < 0) {
      kept = [1, ...kept.slice(0, -1)];
      dp++;
    } else kept[i] = (kept[i] ?? 0) + 1;
  }
  const digits = kept.join('').replace(/0+$/, '') || '0';
  return { digits, dp };
}

function fixed(digits: string, dp: number, decimals: number): string {
  const intDigits = dp <= 0 ? '0' : (digits.slice(0, dp) + '0'.repeat(Math.max(dp - digits.length, 0)));
  if (decimals === 0) return intDigits;
  let frac = '';
  for (let i = 0; i < decimals; i++) {
    const idx = dp + i;
    frac += idx >= 0 && idx < digits.length ? digits[idx] : '0';
  }
  return `${intDigits}.${frac}`;
}
