// Scalar conversions shared by the message decoder and the well-known types.
import { ProtobufDecodeError } from './errors.js';
import { toBigInt64 } from './wire-reader.js';
import type { Varint64 } from './wire-reader.js';

// ignoreBOM keeps a leading U+FEFF, as a Go string would; bad UTF-8 becomes U+FFFD,
// which is also what encoding/json writes for invalid bytes in a string.
const utf8 = new TextDecoder('utf-8', { ignoreBOM: true });

export function utf8String(bytes: Uint8Array): string {
  return utf8.decode(bytes);
}

export function base64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

/**
 * int64 as a JSON number. JavaScript numbers are exact only up to 2^53, so a larger
 * value is refused instead of being rounded (or turned into a string that validation
 * would reject as "must be an integer"): no field of the kinds a lab stores carries
 * such values, and a clear 400 beats silently storing a different number.
 */
export function safeInt64(v: Varint64, field: string): number {
  const big = toBigInt64(v);
  if (big > BigInt(Number.MAX_SAFE_INTEGER) || big < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw new ProtobufDecodeError(`int64 value ${big} of field ${field} is beyond what JSON numbers here hold exactly (2^53-1)`);
  }
  return Number(big);
}

/** The Go field name gogo puts into its messages ("proto: wrong wireType = 2 for field Replicas"). */
export function goFieldName(json: string): string {
  return json.charAt(0).toUpperCase() + json.slice(1);
}

export function wrongWireType(wire: number, json: string): ProtobufDecodeError {
  return new ProtobufDecodeError(`proto: wrong wireType = ${wire} for field ${goFieldName(json)}`);
}
