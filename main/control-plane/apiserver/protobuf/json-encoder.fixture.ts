// Test-only: writes a Go-typed JSON object (as kubectl prints it) back into protobuf with
// the same schema tables. Used only where kubectl itself sends JSON (kubectl run), to check
// the json names and the Go presence rules against kubectl's own typed output; an object
// key the tables do not know is an error, so gaps in the tables show up.
import type { CompiledSchema } from './schema/compile.js';
import type { FieldSpec, JsonObject, JsonValue, ValueType } from './schema/types.js';
import { ProtoWriter } from './proto-writer.fixture.js';

/** A JSON scalar as text; objects and arrays are a test bug. */
export function text(v: JsonValue | undefined): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  throw new Error(`expected a scalar, got ${JSON.stringify(v)}`);
}

function wellKnown(w: ProtoWriter, field: number, type: string, v: JsonValue): void {
  w.message(field, (m) => {
    if (type === 'Time' || type === 'MicroTime') {
      const ms = Date.parse(text(v));
      m.int(1, Math.floor(ms / 1000));
      const micros = /\.(\d{6})Z$/.exec(text(v))?.[1];
      if (micros) m.int(2, Number(micros) * 1000);
    } else if (type === 'Quantity') m.string(1, text(v));
    else if (type === 'IntOrString') {
      if (typeof v === 'number') m.int(1, 0).int(2, v);
      else m.int(1, 1).string(3, text(v));
    } else if (type === 'FieldsV1' || type === 'RawExtension') m.string(1, JSON.stringify(v));
    else throw new Error(`cannot encode ${type}`);
  });
}

export class JsonEncoder {
  constructor(private readonly schema: CompiledSchema) {}

  encode(typeName: string, obj: JsonObject): Buffer {
    const consumed = new Set<string>();
    const w = new ProtoWriter();
    this.fields(w, typeName, obj, consumed);
    const unknown = Object.keys(obj).filter((k) => !consumed.has(k));
    if (unknown.length > 0) throw new Error(`${typeName} has no field ${unknown.join(', ')}`);
    return w.finish();
  }

  private fields(w: ProtoWriter, typeName: string, obj: JsonObject, consumed: Set<string>): void {
    const fields = this.schema.get(typeName);
    if (!fields) throw new Error(`no message ${typeName}`);
    for (const [num, spec] of fields) {
      if (spec.inline && spec.value.kind === 'message') {
        const type = spec.value.type;
        w.message(num, (inner) => this.fields(inner, type, obj, consumed));
        continue;
      }
      if (!(spec.json in obj)) continue;
      consumed.add(spec.json);
      this.value(w, num, spec, obj[spec.json] ?? null);
    }
  }

  private value(w: ProtoWriter, num: number, spec: FieldSpec, v: JsonValue): void {
    if (v === null) return; // nil pointer, nil slice or zero time: nothing on the wire
    if (spec.map) {
      for (const [key, item] of Object.entries(v as JsonObject)) {
        w.message(num, (e) => {
          e.string(1, key);
          this.single(e, 2, spec.value, item);
        });
      }
    } else if (spec.repeated) {
      for (const item of v as JsonValue[]) this.single(w, num, spec.value, item);
    } else this.single(w, num, spec.value, v);
  }

  private single(w: ProtoWriter, num: number, value: ValueType, v: JsonValue): void {
    if (value.kind === 'wellKnown') return wellKnown(w, num, value.type, v);
    if (value.kind === 'message') {
      w.bytesField(num, this.encode(value.type, v as JsonObject));
      return;
    }
    switch (value.type) {
      case 'string':
        w.string(num, text(v));
        break;
      case 'bytes':
        w.bytesField(num, Buffer.from(text(v), 'base64'));
        break;
      case 'bool':
        w.int(num, v === true);
        break;
      case 'int32':
      case 'int64':
        w.int(num, Number(v));
        break;
      case 'double': {
        const b = Buffer.alloc(8);
        b.writeDoubleLE(Number(v));
        w.tag(num, 1).raw(b);
        break;
      }
    }
  }
}
