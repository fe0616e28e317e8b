// Schema-driven decoding of one protobuf message into the JSON that Go's encoding/json
// would print for the decoded Go struct (see schema/types.ts for the presence rules).
import { ProtobufDecodeError } from './errors.js';
import { base64, safeInt64, utf8String, wrongWireType } from './scalars.js';
import type { CompiledSchema } from './schema/compile.js';
import type { FieldSpec, JsonObject, JsonValue, ScalarType, ValueType } from './schema/types.js';
import { decodeWellKnown } from './well-known.js';
import { toBool, toDouble, toInt32, WIRE, WireReader } from './wire-reader.js';
import type { Varint64 } from './wire-reader.js';

/** One occurrence of a field on the wire. */
interface Occurrence {
  wire: number;
  v?: Varint64;
  data?: Uint8Array;
}

function readOccurrences(bytes: Uint8Array, typeName: string): Map<number, Occurrence[]> {
  const r = new WireReader(bytes);
  const out = new Map<number, Occurrence[]>();
  while (!r.atEnd()) {
    const { field, wire } = r.tag(typeName);
    let occ: Occurrence;
    switch (wire) {
      case WIRE.varint:
        occ = { wire, v: r.varint() };
        break;
      case WIRE.bytes:
        occ = { wire, data: r.bytes() };
        break;
      case WIRE.fixed64:
        occ = { wire, data: r.fixed64() };
        break;
      case WIRE.fixed32:
        occ = { wire, data: r.fixed32() };
        break;
      default:
        // groups are not used by Kubernetes; skip them whatever their number
        r.skip(wire);
        continue;
    }
    const list = out.get(field);
    if (list) list.push(occ);
    else out.set(field, [occ]);
  }
  return out;
}

const VARINT_SCALARS: ReadonlySet<ScalarType> = new Set<ScalarType>(['int32', 'int64', 'bool']);

function scalarFromVarint(type: ScalarType, v: Varint64, json: string): JsonValue {
  if (type === 'int32') return toInt32(v);
  if (type === 'int64') return safeInt64(v, json);
  return toBool(v);
}

function double(data: Uint8Array, json: string): number {
  const d = toDouble(data);
  // encoding/json refuses NaN and ±Inf ("json: unsupported value")
  if (!Number.isFinite(d)) throw new ProtobufDecodeError(`json: unsupported value: ${d} (field ${json})`);
  return d;
}

/** All values of a scalar field; repeated numeric fields may arrive packed (wire type 2). */
function scalarValues(type: ScalarType, occs: Occurrence[], json: string): JsonValue[] {
  const out: JsonValue[] = [];
  for (const o of occs) {
    if (type === 'string' || type === 'bytes') {
      if (o.wire !== WIRE.bytes || !o.data) throw wrongWireType(o.wire, json);
      out.push(type === 'string' ? utf8String(o.data) : base64(o.data));
    } else if (o.wire === WIRE.bytes && o.data) {
      const r = new WireReader(o.data);
      while (!r.atEnd()) out.push(type === 'double' ? double(r.fixed64(), json) : scalarFromVarint(type, r.varint(), json));
    } else if (VARINT_SCALARS.has(type) && o.wire === WIRE.varint && o.v) {
      out.push(scalarFromVarint(type, o.v, json));
    } else if (type === 'double' && o.wire === WIRE.fixed64 && o.data) {
      out.push(double(o.data, json));
    } else {
      throw wrongWireType(o.wire, json);
    }
  }
  return out;
}

function zeroScalar(type: ScalarType): JsonValue {
  switch (type) {
    case 'string':
      return '';
    case 'bool':
      return false;
    case 'bytes':
      return null; // a nil []byte marshals as null
    default:
      return 0;
  }
}

function isZero(v: JsonValue): boolean {
  return v === '' || v === 0 || v === false || v === null;
}

/** Message bodies of a field; every occurrence must be length-delimited. */
function bodies(occs: Occurrence[], json: string): Uint8Array[] {
  return occs.map((o) => {
    if (o.wire !== WIRE.bytes || !o.data) throw wrongWireType(o.wire, json);
    return o.data;
  });
}

export class MessageDecoder {
  constructor(private readonly schema: CompiledSchema) {}

  decode(typeName: string, bytes: Uint8Array): JsonObject {
    const fields = this.schema.get(typeName);
    if (!fields) throw new ProtobufDecodeError(`no protobuf schema for ${typeName}`);
    const seen = readOccurrences(bytes, typeName);
    const out: JsonObject = {};
    for (const [num, spec] of fields) {
      const occs = seen.get(num) ?? [];
      if (spec.inline) {
        Object.assign(out, this.message(spec.value, occs, spec.json));
        continue;
      }
      const value = spec.map ? this.mapField(spec, occs) : spec.repeated ? this.listField(spec, occs) : this.singleField(spec, occs);
      if (value !== undefined) out[spec.json] = value;
    }
    return out;
  }

  /** A single message value: repeated occurrences merge, as protobuf (and gogo) merge them. */
  private message(value: ValueType, occs: Occurrence[], json: string): JsonObject {
    if (value.kind !== 'message') throw new ProtobufDecodeError(`${json} is not a message`);
    const parts = bodies(occs, json);
    return this.decode(value.type, parts.length === 1 ? (parts[0] ?? new Uint8Array()) : Buffer.concat(parts));
  }

  /** One element of a list or map, or a present single value. */
  private element(value: ValueType, body: Uint8Array | undefined, json: string): JsonValue {
    if (value.kind === 'wellKnown') return decodeWellKnown(value.type, body);
    if (value.kind === 'message') return this.decode(value.type, body ?? new Uint8Array());
    throw new ProtobufDecodeError(`${json} is a scalar`);
  }

  private singleField(spec: FieldSpec, occs: Occurrence[]): JsonValue | undefined {
    const { value, presence, json } = spec;
    if (value.kind === 'scalar') {
      // proto2: the last occurrence wins
      const last = scalarValues(value.type, occs, json).at(-1);
      if (last === undefined) {
        if (presence === 'always') return zeroScalar(value.type);
        return presence === 'nullable' ? null : undefined;
      }
      return presence === 'omitempty' && isZero(last) ? undefined : last;
    }
    if (occs.length === 0) {
      if (presence === 'always') return this.element(value, undefined, json);
      return presence === 'nullable' ? null : undefined;
    }
    if (value.kind === 'wellKnown') {
      // custom Unmarshal methods (Time, Quantity, ...) replace the value: last one wins
      return decodeWellKnown(value.type, bodies(occs, json).at(-1));
    }
    return this.message(value, occs, json);
  }

  private listField(spec: FieldSpec, occs: Occurrence[]): JsonValue | undefined {
    const { value, presence, json } = spec;
    const items = value.kind === 'scalar' ? scalarValues(value.type, occs, json) : bodies(occs, json).map((b) => this.element(value, b, json));
    if (items.length > 0) return items;
    // a nil slice: omitted with omitempty, null without it
    return presence === 'always' || presence === 'nullable' ? null : undefined;
  }

  /** map<string, V>: entries are messages {key = 1, value = 2}; Go prints keys sorted. */
  private mapField(spec: FieldSpec, occs: Occurrence[]): JsonValue | undefined {
    const { value, presence, json } = spec;
    const entries = new Map<string, JsonValue>();
    for (const body of bodies(occs, json)) {
      const entry = readOccurrences(body, `${json} entry`);
      const keyOccs = entry.get(1) ?? [];
      const key = scalarValues('string', keyOccs, 'key').at(-1);
      const valueOccs = entry.get(2) ?? [];
      let v: JsonValue;
      if (value.kind === 'scalar') v = scalarValues(value.type, valueOccs, 'value').at(-1) ?? zeroScalar(value.type);
      else v = this.element(value, valueOccs.length > 0 ? bodies(valueOccs, 'value').at(-1) : undefined, json);
      // gogo fills an absent []byte map value with []byte{}, which prints as ""
      if (value.kind === 'scalar' && value.type === 'bytes' && v === null) v = '';
      entries.set(typeof key === 'string' ? key : '', v);
    }
    if (entries.size === 0) return presence === 'always' || presence === 'nullable' ? null : undefined;
    const out: JsonObject = {};
    for (const k of [...entries.keys()].sort()) out[k] = entries.get(k) ?? null;
    return out;
  }
}
