// Turns the table notation (see types.ts) into FieldSpecs once, and checks that every
// referenced message exists, so a typo in a table fails at load and in the unit tests.
import type { FieldSpec, MessageTable, Presence, ScalarType, SchemaTables, ValueType, WellKnownType } from './types.js';

const SCALARS: ReadonlySet<string> = new Set<ScalarType>(['string', 'int32', 'int64', 'bool', 'double', 'bytes']);
const WELL_KNOWN: ReadonlySet<string> = new Set<WellKnownType>(['Time', 'MicroTime', 'Duration', 'Quantity', 'IntOrString', 'FieldsV1', 'RawExtension']);

const SPEC = /^(?:\.\.\.([A-Za-z][\w.]*)|([A-Za-z]\w*):(\[|\{)?([A-Za-z][\w.]*)(\]|\})?([?!~])?)$/;

export type CompiledMessage = ReadonlyMap<number, FieldSpec>;
export type CompiledSchema = ReadonlyMap<string, CompiledMessage>;

export class SchemaError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SchemaError';
  }
}

function valueType(name: string): ValueType {
  if (SCALARS.has(name)) return { kind: 'scalar', type: name as ScalarType };
  if (WELL_KNOWN.has(name)) return { kind: 'wellKnown', type: name as WellKnownType };
  return { kind: 'message', type: name };
}

export function parseFieldSpec(spec: string, where: string): FieldSpec {
  const m = SPEC.exec(spec);
  if (!m) throw new SchemaError(`${where}: cannot read field spec '${spec}'`);
  const [, inlineType, json, open, typeName, close, mark] = m;
  if (inlineType !== undefined) {
    return { json: '', value: valueType(inlineType), repeated: false, map: false, inline: true, presence: 'always' };
  }
  if ((open === '[' && close !== ']') || (open === '{' && close !== '}') || (open === undefined && close !== undefined)) {
    throw new SchemaError(`${where}: unbalanced brackets in '${spec}'`);
  }
  const presence: Presence = mark === '?' ? 'pointer' : mark === '!' ? 'always' : mark === '~' ? 'nullable' : 'omitempty';
  return {
    json: json ?? '',
    value: valueType(typeName ?? ''),
    repeated: open === '[',
    map: open === '{',
    inline: false,
    presence,
  };
}

function compileMessage(name: string, table: MessageTable): Map<number, FieldSpec> {
  const fields = new Map<number, FieldSpec>();
  const seen = new Set<string>();
  for (const [num, spec] of Object.entries(table)) {
    const field = Number(num);
    if (!Number.isInteger(field) || field <= 0) throw new SchemaError(`${name}: bad field number ${num}`);
    const parsed = parseFieldSpec(spec, `${name}.${num}`);
    if (!parsed.inline) {
      if (seen.has(parsed.json)) throw new SchemaError(`${name}: json name '${parsed.json}' used twice`);
      seen.add(parsed.json);
    }
    if (parsed.inline && parsed.value.kind !== 'message') throw new SchemaError(`${name}.${num}: only messages can be inlined`);
    fields.set(field, parsed);
  }
  // field-number order: the order the JSON object gets its keys in
  return new Map([...fields.entries()].sort((a, b) => a[0] - b[0]));
}

export function compileSchema(...groups: SchemaTables[]): CompiledSchema {
  const out = new Map<string, CompiledMessage>();
  for (const group of groups) {
    for (const [name, table] of Object.entries(group)) {
      if (out.has(name)) throw new SchemaError(`message ${name} defined twice`);
      out.set(name, compileMessage(name, table));
    }
  }
  for (const [name, fields] of out) {
    for (const [num, f] of fields) {
      if (f.value.kind === 'message' && !out.has(f.value.type)) {
        throw new SchemaError(`${name}.${num} refers to unknown message ${f.value.type}`);
      }
    }
  }
  return out;
}
