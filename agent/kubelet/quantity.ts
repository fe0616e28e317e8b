// Kubernetes resource quantities as the kubelet reads them (Value, MilliValue), on the one
// resource.Quantity implementation in main/common (exact: nano-units as BigInt).
import { quantityOf } from '../../main/common/quantity.js';

/** A resource quantity as it travels in JSON ("500m", "128Mi", 2). */
export type Quantity = string | number;

export class QuantityError extends Error {
  override readonly name = 'QuantityError';
}

const NANOS = 1_000_000_000n;

function nanos(q: Quantity): bigint {
  const parsed = quantityOf(q);
  if (!parsed) throw new QuantityError(`quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$': ${String(q)}`);
  return parsed.nanos;
}

/** ceil(a / b) for BigInt, b > 0. */
export function ceilDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b !== 0n && a > 0n ? q + 1n : q;
}

/** resource.Quantity.Value(): the value rounded up to an integer. */
export function quantityValue(q: Quantity): bigint {
  return ceilDiv(nanos(q), NANOS);
}

/** resource.Quantity.MilliValue(): the value in milli-units, rounded up. */
export function quantityMilliValue(q: Quantity): bigint {
  return ceilDiv(nanos(q), NANOS / 1000n);
}

export function isZeroQuantity(q: Quantity | undefined): boolean {
  return q === undefined || nanos(q) === 0n;
}
