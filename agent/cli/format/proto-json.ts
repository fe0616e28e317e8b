// CRI messages as crictl prints them with -o json|yaml: Go's protojson with
// EmitDefaultValues (cri-tools cmd/crictl/util.go protobufObjectToJSON) — fields in
// .proto declaration order, 64-bit integers as strings, enums by name, bytes in
// base64, map keys sorted, unset sub-messages left out. The field order and types
// come from the CRI proto's descriptors (see proto-schema.ts); this file is pure.
import { dump } from 'js-yaml';

export type FieldKind = 'int64' | 'bytes' | 'message' | 'map' | 'plain';

export interface FieldInfo {
  /** lowerCamelCase, as proto-loader hands messages over */
  name: string;
  /** the name in the .proto (snake_case), as crictl's config files spell it */
  protoName: string;
  kind: FieldKind;
  repeated: boolean;
  /** full name of the message type (kind 'message') */
  typeName?: string;
}

export interface ProtoSchema {
  /** the fields of a message type (e.g. 'runtime.v1.PodSandbox') in declaration order */
  fields(typeName: string): readonly FieldInfo[] | undefined;
}

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !Buffer.isBuffer(v);
}

function scalar(v: unknown, kind: FieldKind): JsonValue {
  if (kind === 'int64' && typeof v === 'number') return String(v);
  if (kind === 'int64' && typeof v === 'bigint') return v.toString();
  if (kind === 'bytes' && Buffer.isBuffer(v)) return v.toString('base64');
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  return v === undefined ? null : (v as JsonValue);
}

/** A message (plain object from proto-loader) as protojson would write it. */
export function protoJson(schema: ProtoSchema, typeName: string, msg: unknown): JsonValue {
  const fields = schema.fields(typeName);
  if (!fields || !isRecord(msg)) return (msg ?? null) as JsonValue;
  const out: Record<string, JsonValue> = {};
  for (const f of fields) {
    const v = msg[f.name];
    if (v === null || v === undefined) {
      // EmitDefaultValues: empty lists and maps are written, unset messages are not
      if (f.kind === 'map') out[f.name] = {};
      else if (f.repeated) out[f.name] = [];
      continue;
    }
    if (f.kind === 'map') {
      const m = isRecord(v) ? v : {};
      out[f.name] = Object.fromEntries(Object.keys(m).sort().map((k) => [k, String(m[k])]));
    } else if (f.repeated) {
      const list = Array.isArray(v) ? (v as unknown[]) : [];
      out[f.name] = list.map((item) => (f.kind === 'message' && f.typeName ? protoJson(schema, f.typeName, item) : scalar(item, f.kind)));
    } else if (f.kind === 'message' && f.typeName) {
      out[f.name] = protoJson(schema, f.typeName, v);
    } else {
      out[f.name] = scalar(v, f.kind);
    }
  }
  return out;
}

/** Go's json.Marshal escapes these inside strings (HTMLEscape, and the JS line separators). */
function goEscape(json: string): string {
  return json.replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** json.MarshalIndent-style text of v with two-space indent; keys in the order given. */
export function indentJson(v: JsonValue): string {
  return JSON.stringify(v, null, 2);
}

/** Recursively sorted object keys: what encoding/json does with a map[string]any. */
export function sortKeys(v: JsonValue): JsonValue {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v !== null && typeof v === 'object') {
    return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sortKeys(v[k] ?? null)]));
  }
  return v;
}

/** a value that went through map[string]any and json.Marshal + json.Indent */
export function goMapJson(v: JsonValue): string {
  return goEscape(indentJson(sortKeys(v)));
}

/** sigs.k8s.io/yaml JSONToYAML: keys sorted, block style, lists not indented under their key, "double" quotes where needed. */
export function goYaml(v: JsonValue): string {
  return dump(v, { sortKeys: true, noArrayIndent: true, lineWidth: -1, noRefs: true, quotingType: '"' });
}
