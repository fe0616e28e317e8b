// resource.Quantity (apimachinery/pkg/api/resource): parse "100m", "1Gi",
// "500Mi", "1e3", compare, add, and print in the canonical form the API server
// stores and returns ("1024Mi" comes back as "1Gi", "0.5" as "500m", "1000" as
// "1k"). Values are kept exactly as a count of nano-units (bigint), rounded up
// at the nano scale as ParseQuantity does.

export type QuantityFormat = 'DecimalSI' | 'BinarySI' | 'DecimalExponent';

export interface Quantity {
  /** value × 10^9 */
  readonly nanos: bigint;
  readonly format: QuantityFormat;
}

/** the message of resource.ErrFormatWrong, which the decoder returns for a bad quantity */
export const QUANTITY_FORMAT_ERROR =
  "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";

const DECIMAL_SUFFIXES: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const BINARY_SUFFIXES: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const SHAPE = /^([+-]?)([0-9]*)(?:\.([0-9]*))?([eEinumkKMGTP]*[-+]?[0-9]*)$/;
const NANO = 1_000_000_000n;

function pow(base: bigint, exp: number): bigint {
  return base ** BigInt(exp);
}

/** ceiling division for non-negative operands: kube rounds sub-nano values up */
function divCeil(a: bigint, b: bigint): bigint {
  return (a + b - 1n) / b;
}

interface Suffix {
  base: 2 | 10;
  exp: number;
  format: QuantityFormat;
}

function interpretSuffix(s: string): Suffix | undefined {
  const dec = DECIMAL_SUFFIXES[s];
  if (dec !== undefined) return { base: 10, exp: dec, format: 'DecimalSI' };
  const bin = BINARY_SUFFIXES[s];
  if (bin !== undefined) return { base: 2, exp: bin, format: 'BinarySI' };
  const m = /^[eE]([-+]?[0-9]+)$/.exec(s);
  if (m?.[1] !== undefined) return { base: 10, exp: Number.parseInt(m[1], 10), format: 'DecimalExponent' };
  return undefined;
}

/** ParseQuantity; undefined for anything the Go parser rejects */
export function parseQuantity(input: string): Quantity | undefined {
  // the JSON decoder trims surrounding space before parsing
  const text = input.trim();
  const m = SHAPE.exec(text);
  if (!m || text.length === 0) return undefined;
  const [, sign = '', whole = '', frac = '', suffixText = ''] = m;
  if (whole === '' && frac === '' && !text.includes('.')) return undefined;
  const suffix = interpretSuffix(suffixText);
  if (!suffix) return undefined;
  const digits = BigInt(`${whole}${frac}` || '0');
  let nanos: bigint;
  if (suffix.base === 10) {
    const scale = suffix.exp - frac.length + 9;
    nanos = scale >= 0 ? digits * pow(10n, scale) : divCeil(digits, pow(10n, -scale));
  } else {
    nanos = divCeil(digits * pow(2n, suffix.exp) * NANO, pow(10n, frac.length));
  }
  let format = suffix.format;
  // a binary quantity below one unit cannot be shown in Ki and falls back to decimal
  if (format === 'BinarySI' && nanos < NANO && nanos > 0n) format = 'DecimalSI';
  return { nanos: sign === '-' ? -nanos : nanos, format };
}

export function isQuantity(input: unknown): input is string | number {
  if (typeof input === 'number') return Number.isFinite(input);
  return typeof input === 'string' && parseQuantity(input) !== undefined;
}

/** a JSON quantity: strings are parsed, numbers are taken as decimal values (Go accepts both) */
export function quantityOf(v: unknown): Quantity | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) return parseQuantity(String(v).replace(/^(-?)(\d+(?:\.\d+)?)e\+?/, '$1$2e'));
  return typeof v === 'string' ? parseQuantity(v) : undefined;
}

const SI_BY_EXP: Record<number, string> = { [-9]: 'n', [-6]: 'u', [-3]: 'm', 0: '', 3: 'k', 6: 'M', 9: 'G', 12: 'T', 15: 'P', 18: 'E' };
const BIN_BY_EXP = ['', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'];

function canonicalDecimal(nanos: bigint, format: QuantityFormat): string {
  let mantissa = nanos;
  let exp = -9;
  while (mantissa % 10n === 0n) {
    mantissa /= 10n;
    exp += 1;
  }
  // bring the exponent down to a multiple of three, as AsCanonicalBytes does
  const rem = ((exp % 3) + 3) % 3;
  mantissa *= pow(10n, rem);
  exp -= rem;
  if (format === 'DecimalExponent') return exp === 0 ? `${mantissa}` : `${mantissa}e${exp}`;
  const suffix = SI_BY_EXP[exp];
  return suffix === undefined ? `${mantissa}e${exp}` : `${mantissa}${suffix}`;
}

function canonicalBinary(nanos: bigint): string {
  let value = nanos / NANO;
  let e = 0;
  while (value % 1024n === 0n && e < BIN_BY_EXP.length - 1) {
    value /= 1024n;
    e += 1;
  }
  return `${value}${BIN_BY_EXP[e] ?? ''}`;
}

/** Quantity.String(): the canonical form the server serializes */
export function formatQuantity(q: Quantity): string {
  if (q.nanos === 0n) return '0';
  const negative = q.nanos < 0n;
  const abs = negative ? -q.nanos : q.nanos;
  let text: string;
  if (q.format === 'BinarySI' && abs >= 1024n * NANO && abs % NANO === 0n) text = canonicalBinary(abs);
  else text = canonicalDecimal(abs, q.format === 'BinarySI' ? 'DecimalSI' : q.format);
  return negative ? `-${text}` : text;
}

/** the canonical form of a quantity string, or undefined when it does not parse */
export function canonicalQuantity(input: unknown): string | undefined {
  const q = quantityOf(input);
  return q ? formatQuantity(q) : undefined;
}

/** Quantity.RoundUp(resource.Milli): SetDefaults_ResourceList rounds every request/limit to milli units */
export function roundUpToMilli(q: Quantity): Quantity {
  const unit = 1_000_000n;
  const rem = q.nanos % unit;
  if (rem === 0n) return q;
  const rounded = q.nanos > 0n ? q.nanos - rem + unit : q.nanos - rem - unit;
  return { nanos: rounded, format: q.format };
}

export function compareQuantities(a: Quantity, b: Quantity): -1 | 0 | 1 {
  return a.nanos < b.nanos ? -1 : a.nanos > b.nanos ? 1 : 0;
}

/** Quantity.Add keeps the receiver's format */
export function addQuantities(a: Quantity, b: Quantity): Quantity {
  return { nanos: a.nanos + b.nanos, format: a.format };
}

export function subtractQuantities(a: Quantity, b: Quantity): Quantity {
  return { nanos: a.nanos - b.nanos, format: a.format };
}

export const ZERO_QUANTITY: Quantity = { nanos: 0n, format: 'DecimalSI' };

function ceilDiv(n: bigint, d: bigint): bigint {
  const q = n / d;
  return n % d !== 0n && n > 0n ? q + 1n : q;
}

/** Quantity.MilliValue(): rounded up, as kube does (100m cpu = 100) */
export function milliValue(q: Quantity): number {
  return Number(ceilDiv(q.nanos, 1_000_000n));
}

/** Quantity.Value(): rounded up to a whole unit (bytes for memory) */
export function quantityValue(q: Quantity): number {
  return Number(ceilDiv(q.nanos, NANO));
}

/** the value as a float, for ratios and percentages */
export function quantityToNumber(q: Quantity): number {
  return Number(q.nanos) / 1e9;
}

/** a Quantity from an integer count of milli-units (e.g. summed cpu requests) */
export function quantityFromMilli(milli: number, format: QuantityFormat = 'DecimalSI'): Quantity {
  return { nanos: BigInt(Math.round(milli)) * 1_000_000n, format };
}

export function quantityFromValue(value: number, format: QuantityFormat = 'DecimalSI'): Quantity {
  return { nanos: BigInt(Math.round(value)) * NANO, format };
}
