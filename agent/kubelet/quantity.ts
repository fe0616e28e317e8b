// Kubernetes resource quantities (k8s.io/apimachinery/pkg/api/resource), exact to the milli-unit.
// Values are kept as BigInt fractions so "0.1" * 1000 is 100, not 100.00000000000001.
/** A resource quantity as it travels in JSON ("500m", "128Mi", 2). */
export type Quantity = string | number;

export class QuantityError extends Error {
  override readonly name = 'QuantityError';
}

/** An exact rational value: numerator / denominator, denominator > 0. */
export interface Rational {
  num: bigint;
  den: bigint;
}

const BINARY: Record<string, bigint> = {
  Ki: 2n ** 10n, Mi: 2n ** 20n, Gi: 2n ** 30n, Ti: 2n ** 40n, Pi: 2n ** 50n, Ei: 2n ** 60n,
};
// Decimal SI suffixes as powers of ten.
const DECIMAL: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };

const QUANTITY_RE = /^([+-]?)(\d*)(?:\.(\d*))?(?:([eE][+-]?\d+)|(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE]))?$/;

/** Parses a quantity ("1.5", "250m", "64Mi", "1e3") into an exact fraction. */
export function parseQuantity(q: Quantity): Rational {
  const text = String(q).trim();
  const m = QUANTITY_RE.exec(text);
  const whole = m?.[2] ?? '';
  const frac = m?.[3] ?? '';
  if (!m || (whole === '' && frac === '')) throw new QuantityError(`quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$': ${text}`);
  let num = BigInt(`${whole}${frac}` || '0');
  let den = 10n ** BigInt(frac.length);
  if (m[1] === '-') num = -num;
  const exp = m[4] !== undefined ? Number(m[4].slice(1)) : DECIMAL[m[5] ?? ''];
  const bin = m[5] !== undefined ? BINARY[m[5]] : undefined;
  if (bin !== undefined) {
    num *= bin;
  } else if (exp !== undefined) {
    if (exp >= 0) num *= 10n ** BigInt(exp);
    else den *= 10n ** BigInt(-exp);
  }
  return { num, den };
}

/** ceil(a / b) for BigInt, b > 0. */
export function ceilDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b !== 0n && a > 0n ? q + 1n : q;
}

/** resource.Quantity.Value(): the value rounded up to an integer. */
export function quantityValue(q: Quantity): bigint {
  const r = parseQuantity(q);
  return ceilDiv(r.num, r.den);
}

/** resource.Quantity.MilliValue(): the value in milli-units, rounded up. */
export function quantityMilliValue(q: Quantity): bigint {
  const r = parseQuantity(q);
  return ceilDiv(r.num * 1000n, r.den);
}

export function isZeroQuantity(q: Quantity | undefined): boolean {
  return q === undefined || parseQuantity(q).num === 0n;
}
