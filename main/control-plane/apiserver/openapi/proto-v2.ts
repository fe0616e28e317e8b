// Swagger 2.0 → gnostic openapi_v2.Document protobuf (github.com/google/gnostic
// openapiv2/OpenAPIv2.proto), the only form kubectl's v2 client accepts
// (Accept: application/com.github.proto-openapi.spec.v2@v1.0+protobuf).
// kubectl needs it for client-side validation of `kind: List` manifests (a List never
// passes the fieldValidation probe, so `--validate=strict` validates its items locally)
// and for `kubectl explain --output plaintext-openapiv2`.
// Field numbers below are those of OpenAPIv2.proto; only what kubectl reads is encoded.
import type { Json, JsonObject } from './render.js';

/** Minimal protobuf writer: length-delimited fields and varints, nothing more. */
class Writer {
  private readonly parts: Uint8Array[] = [];

  private varint(value: number): void {
    const bytes: number[] = [];
    let v = value >>> 0;
    while (v > 0x7f) {
      bytes.push((v & 0x7f) | 0x80);
      v >>>= 7;
    }
    bytes.push(v);
    this.parts.push(Uint8Array.from(bytes));
  }

  bytes(field: number, data: Uint8Array): this {
    this.varint((field << 3) | 2);
    this.varint(data.length);
    this.parts.push(data);
    return this;
  }

  string(field: number, value: string | undefined): this {
    if (value === undefined || value === '') return this;
    return this.bytes(field, Buffer.from(value, 'utf8'));
  }

  strings(field: number, values: readonly string[] | undefined): this {
    for (const v of values ?? []) this.bytes(field, Buffer.from(v, 'utf8'));
    return this;
  }

  bool(field: number, value: boolean | undefined): this {
    if (!value) return this;
    this.varint(field << 3);
    this.varint(1);
    return this;
  }

  message(field: number, build: (w: Writer) => void): this {
    const inner = new Writer();
    build(inner);
    return this.bytes(field, inner.finish());
  }

  finish(): Uint8Array {
    return Buffer.concat(this.parts);
  }
}

const obj = (v: Json | undefined): JsonObject | undefined => (v !== null && typeof v === 'object' && !Array.isArray(v) ? v : undefined);
const str = (v: Json | undefined): string | undefined => (typeof v === 'string' ? v : undefined);
const strs = (v: Json | undefined): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
const entries = (v: Json | undefined): [string, Json][] => Object.entries(obj(v) ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

/** NamedAny{name=1, value=2 Any{yaml=2}}: vendor extensions carry their value as YAML (JSON is YAML). */
function vendorExtensions(w: Writer, field: number, node: JsonObject): void {
  for (const [key, value] of entries(node)) {
    if (!key.startsWith('x-')) continue;
    w.message(field, (n) => n.string(1, key).message(2, (a) => a.string(2, JSON.stringify(value))));
  }
}

function schema(w: Writer, s: JsonObject): void {
  w.string(1, str(s['$ref'])).string(2, str(s['format'])).string(4, str(s['description']));
  w.bool(16, s['uniqueItems'] === true);
  w.strings(19, strs(s['required']));
  for (const e of Array.isArray(s['enum']) ? s['enum'] : []) w.message(20, (a) => a.string(2, JSON.stringify(e)));
  const additional = obj(s['additionalProperties']);
  if (additional) w.message(21, (a) => a.message(1, (x) => schema(x, additional)));
  const type = str(s['type']);
  if (type) w.message(22, (t) => t.string(1, type));
  const items = obj(s['items']);
  if (items) w.message(23, (i) => i.message(1, (x) => schema(x, items)));
  for (const sub of Array.isArray(s['allOf']) ? s['allOf'] : []) {
    const o = obj(sub);
    if (o) w.message(24, (x) => schema(x, o));
  }
  const props = entries(s['properties']);
  if (props.length > 0) {
    w.message(25, (p) => {
      for (const [name, value] of props) {
        const o = obj(value);
        if (o) p.message(1, (n) => n.string(1, name).message(2, (x) => schema(x, o)));
      }
    });
  }
  vendorExtensions(w, 31, s);
}

function parameter(w: Writer, p: JsonObject): void {
  // ParametersItem{parameter=1 Parameter{body_parameter=1 | non_body_parameter=2}}
  w.message(1, (param) => {
    const body = obj(p['schema']);
    if (p['in'] === 'body' && body) {
      param.message(1, (b) => b.string(1, str(p['description'])).string(2, str(p['name'])).string(3, 'body').bool(4, p['required'] === true).message(5, (x) => schema(x, body)));
      return;
    }
    const isPath = p['in'] === 'path';
    // query_parameter_sub_schema=3 (type=6, unique_items=20); path_parameter_sub_schema=4 (type=5, unique_items=19)
    param.message(2, (nb) => nb.message(isPath ? 4 : 3, (q) => {
      q.bool(1, p['required'] === true).string(2, str(p['in'])).string(3, str(p['description'])).string(4, str(p['name']));
      q.string(isPath ? 5 : 6, str(p['type'])).bool(isPath ? 19 : 20, p['uniqueItems'] === true);
    }));
  });
}

function operation(w: Writer, op: JsonObject): void {
  w.strings(1, strs(op['tags'])).string(3, str(op['description'])).string(5, str(op['operationId']));
  w.strings(6, strs(op['produces'])).strings(7, strs(op['consumes']));
  for (const p of Array.isArray(op['parameters']) ? op['parameters'] : []) {
    const o = obj(p);
    if (o) w.message(8, (x) => parameter(x, o));
  }
  w.message(9, (responses) => {
    for (const [code, value] of entries(op['responses'])) {
      const r = obj(value) ?? {};
      const s = obj(r['schema']);
      responses.message(1, (n) => n.string(1, code).message(2, (rv) => rv.message(1, (resp) => {
        resp.string(1, str(r['description']));
        if (s) resp.message(2, (si) => si.message(1, (x) => schema(x, s)));
      })));
    }
  });
  w.strings(10, strs(op['schemes']));
  vendorExtensions(w, 13, op);
}

const PATH_ITEM_FIELDS: Readonly<Record<string, number>> = { get: 2, put: 3, post: 4, delete: 5, patch: 8 };

export function encodeOpenApiV2Proto(doc: JsonObject): Uint8Array {
  const w = new Writer();
  w.string(1, str(doc['swagger']));
  const info = obj(doc['info']) ?? {};
  w.message(2, (i) => i.string(1, str(info['title'])).string(2, str(info['version'])));
  w.message(8, (paths) => {
    for (const [path, value] of entries(doc['paths'])) {
      const item = obj(value) ?? {};
      paths.message(2, (n) => n.string(1, path).message(2, (pi) => {
        for (const [method, field] of Object.entries(PATH_ITEM_FIELDS)) {
          const op = obj(item[method]);
          if (op) pi.message(field, (x) => operation(x, op));
        }
        for (const p of Array.isArray(item['parameters']) ? item['parameters'] : []) {
          const o = obj(p);
          if (o) pi.message(9, (x) => parameter(x, o));
        }
      }));
    }
  });
  w.message(9, (defs) => {
    for (const [name, value] of entries(doc['definitions'])) {
      const s = obj(value);
      if (s) defs.message(1, (n) => n.string(1, name).message(2, (x) => schema(x, s)));
    }
  });
  // security=12 / security_definitions=13: the BearerToken apiKey scheme kube-apiserver publishes
  w.message(12, (sr) => sr.message(1, (n) => n.string(1, 'BearerToken').message(2, () => undefined)));
  w.message(13, (sd) => sd.message(1, (n) => n.string(1, 'BearerToken').message(2, (item) => item.message(2, (k) =>
    k.string(1, 'apiKey').string(2, 'authorization').string(3, 'header').string(4, 'Bearer Token authentication')))));
  return w.finish();
}
