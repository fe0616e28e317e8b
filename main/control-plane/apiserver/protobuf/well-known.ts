// apimachinery types whose JSON is hand-written (MarshalJSON) rather than field by field:
//   metav1.Time {seconds=1, nanos=2}      → "2006-01-02T15:04:05Z" (seconds only), zero → null
//   metav1.MicroTime {seconds=1, nanos=2} → "2006-01-02T15:04:05.000000Z", zero → null
//   metav1.Duration {duration=1}          → Go time.Duration.String(), e.g. "1h0m0s"
//   resource.Quantity {string=1}          → canonical quantity string, zero → "0"
//   intstr.IntOrString {type=1, intVal=2, strVal=3} → number or string
//   metav1.FieldsV1 {Raw=1}, runtime.RawExtension {raw=1} → the embedded JSON itself
import { canonicalQuantity, QUANTITY_FORMAT_ERROR } from '../../../common/quantity.js';
import { ProtobufDecodeError } from './errors.js';
import { safeInt64, utf8String, wrongWireType } from './scalars.js';
import type { JsonValue, WellKnownType } from './schema/types.js';
import { toBigInt64, toInt32, WIRE, WireReader } from './wire-reader.js';
import type { Varint64 } from './wire-reader.js';

type Field = { wire: number; v?: Varint64; data?: Uint8Array };

/** Reads a small message into field number → last occurrence, checking wire types. */
function readSmall(bytes: Uint8Array, name: string, expect: Readonly<Record<number, { wire: number; json: string }>>): Map<number, Field> {
  const r = new WireReader(bytes);
  const out = new Map<number, Field>();
  while (!r.atEnd()) {
    const { field, wire } = r.tag(name);
    const want = expect[field];
    if (!want) {
      r.skip(wire);
      continue;
    }
    if (wire !== want.wire) throw wrongWireType(wire, want.json);
    out.set(field, wire === WIRE.varint ? { wire, v: r.varint() } : { wire, data: r.bytes() });
  }
  return out;
}

const TIMESTAMP = { 1: { wire: WIRE.varint, json: 'seconds' }, 2: { wire: WIRE.varint, json: 'nanos' } };
// time.Time{}.Unix(): Go's zero time, 0001-01-01T00:00:00Z
const GO_ZERO_SECONDS = -62135596800n;
const MIN_SECONDS = -62167219200n; // 0000-01-01T00:00:00Z
const MAX_SECONDS = 253402300799n; // 9999-12-31T23:59:59Z

function timestamp(bytes: Uint8Array, name: string): { seconds: bigint; nanos: number } {
  const f = readSmall(bytes, name, TIMESTAMP);
  const s = f.get(1)?.v;
  const n = f.get(2)?.v;
  let seconds = s ? toBigInt64(s) : 0n;
  let nanos = n ? toInt32(n) : 0;
  // time.Unix normalises nanos outside [0, 1e9) into the seconds
  seconds += BigInt(Math.floor(nanos / 1e9));
  nanos = ((nanos % 1e9) + 1e9) % 1e9;
  return { seconds, nanos };
}

function isoSeconds(seconds: bigint, name: string): string {
  if (seconds < MIN_SECONDS || seconds > MAX_SECONDS) {
    throw new ProtobufDecodeError(`${name}: seconds ${seconds} is outside the years 0000-9999 that RFC 3339 can show`);
  }
  return new Date(Number(seconds) * 1000).toISOString().slice(0, 19);
}

/** metav1.Time.Unmarshal keeps whole seconds only (time.Unix(p.Seconds, 0)). */
function time(bytes: Uint8Array | undefined): JsonValue {
  if (!bytes || bytes.length === 0) return null;
  const { seconds } = timestamp(bytes, 'Timestamp');
  if (seconds === GO_ZERO_SECONDS) return null;
  return `${isoSeconds(seconds, 'Time')}Z`;
}

/** metav1.MicroTime keeps microseconds (Truncate(time.Microsecond)). */
function microTime(bytes: Uint8Array | undefined): JsonValue {
  if (!bytes || bytes.length === 0) return null;
  const { seconds, nanos } = timestamp(bytes, 'Timestamp');
  const micros = Math.floor(nanos / 1000);
  if (seconds === GO_ZERO_SECONDS && micros === 0) return null;
  return `${isoSeconds(seconds, 'MicroTime')}.${String(micros).padStart(6, '0')}Z`;
}

/** Go's fmtFrac: the fraction of v / 10^prec without trailing zeros (and no dot if none). */
function fraction(v: bigint, prec: number): { rest: bigint; text: string } {
  const scale = 10n ** BigInt(prec);
  const digits = String(v % scale).padStart(prec, '0').replace(/0+$/, '');
  return { rest: v / scale, text: digits ? `.${digits}` : '' };
}

/** time.Duration.String() for a count of nanoseconds. */
export function goDuration(ns: bigint): string {
  if (ns === 0n) return '0s';
  const neg = ns < 0n;
  const u = neg ? -ns : ns;
  let text: string;
  if (u < 1_000_000_000n) {
    const [prec, unit] = u < 1000n ? [0, 'ns'] : u < 1_000_000n ? [3, 'µs'] : [6, 'ms'];
    const { rest, text: frac } = fraction(u, prec);
    text = `${rest}${frac}${unit}`;
  } else {
    const { rest: secs, text: frac } = fraction(u, 9);
    text = `${secs % 60n}${frac}s`;
    const mins = secs / 60n;
    if (mins > 0n) {
      text = `${mins % 60n}m${text}`;
      const hours = mins / 60n;
      if (hours > 0n) text = `${hours}h${text}`;
    }
  }
  return neg ? `-${text}` : text;
}

function duration(bytes: Uint8Array | undefined): JsonValue {
  if (!bytes) return '0s';
  const v = readSmall(bytes, 'Duration', { 1: { wire: WIRE.varint, json: 'duration' } }).get(1)?.v;
  return goDuration(v ? toBigInt64(v) : 0n);
}

function quantity(bytes: Uint8Array | undefined): JsonValue {
  if (!bytes) return '0';
  const data = readSmall(bytes, 'Quantity', { 1: { wire: WIRE.bytes, json: 'string' } }).get(1)?.data;
  if (!data) return '0';
  // resource.Quantity.Unmarshal runs ParseQuantity; the JSON is the canonical form
  const canonical = canonicalQuantity(utf8String(data));
  if (canonical === undefined) throw new ProtobufDecodeError(QUANTITY_FORMAT_ERROR);
  return canonical;
}

function intOrString(bytes: Uint8Array | undefined): JsonValue {
  if (!bytes) return 0;
  const f = readSmall(bytes, 'IntOrString', {
    1: { wire: WIRE.varint, json: 'type' },
    2: { wire: WIRE.varint, json: 'intVal' },
    3: { wire: WIRE.bytes, json: 'strVal' },
  });
  const typeField = f.get(1)?.v;
  const type = typeField ? safeInt64(typeField, 'type') : 0;
  if (type === 0) {
    const iv = f.get(2)?.v;
    return iv ? toInt32(iv) : 0;
  }
  if (type === 1) {
    const sv = f.get(3)?.data;
    return sv ? utf8String(sv) : '';
  }
  throw new ProtobufDecodeError('impossible IntOrString.Type');
}

/** FieldsV1 and RawExtension marshal their raw bytes as the JSON value itself. */
function rawJson(bytes: Uint8Array | undefined, goType: string): JsonValue {
  if (!bytes) return null;
  const raw = readSmall(bytes, goType, { 1: { wire: WIRE.bytes, json: 'raw' } }).get(1)?.data;
  if (!raw) return null;
  try {
    return JSON.parse(utf8String(raw)) as JsonValue;
  } catch (e) {
    throw new ProtobufDecodeError(`json: error calling MarshalJSON for type *${goType}: ${(e as Error).message}`);
  }
}

/** bytes is the field's message body, or undefined when the field was absent. */
export function decodeWellKnown(type: WellKnownType, bytes: Uint8Array | undefined): JsonValue {
  switch (type) {
    case 'Time':
      return time(bytes);
    case 'MicroTime':
      return microTime(bytes);
    case 'Duration':
      return duration(bytes);
    case 'Quantity':
      return quantity(bytes);
    case 'IntOrString':
      return intOrString(bytes);
    case 'FieldsV1':
      return rawJson(bytes, 'v1.FieldsV1');
    case 'RawExtension':
      return rawJson(bytes, 'runtime.RawExtension');
  }
}
