// Unknown and duplicate-free fields, as kube-apiserver's decoder handles them
// (fieldValidation=Strict|Warn|Ignore, default Warn since 1.27): fields the schema does
// not know are dropped from what is stored; Strict refuses the request with
// `strict decoding error: unknown field "spec.contianers"`, Warn answers with a
// Warning header per field. The schemas are the ones served as OpenAPI.
import type { KubeObject } from '../../common/kube-types.js';
import { errors } from './errors.js';
import { BASE_DEFINITIONS, definitionForKind } from './openapi/index.js';
import type { SchemaNode } from './openapi/index.js';
import type { ResourceDef } from './resources/types.js';

export type FieldValidation = 'Strict' | 'Warn' | 'Ignore';

export function fieldValidationMode(query: URLSearchParams): FieldValidation {
  const v = query.get('fieldValidation');
  if (v === null || v === '') return 'Warn';
  if (v === 'Strict' || v === 'Warn' || v === 'Ignore') return v;
  throw errors.badRequest(`fieldValidation parameter unsupported: ${v}`);
}

const rootCache = new Map<string, SchemaNode | undefined>();

function rootSchema(def: ResourceDef): SchemaNode | undefined {
  const key = `${def.group}/${def.version}/${def.kind}`;
  if (!rootCache.has(key)) {
    const name = definitionForKind(BASE_DEFINITIONS, { group: def.group, version: def.version, kind: def.kind });
    rootCache.set(key, name ? BASE_DEFINITIONS[name] : undefined);
  }
  return rootCache.get(key);
}

function resolve(node: SchemaNode): SchemaNode {
  let n = node;
  for (let i = 0; n.ref && i < 16; i++) {
    const target = BASE_DEFINITIONS[n.ref];
    if (!target) break;
    n = target;
  }
  return n;
}

/** removes unknown fields in place and returns their paths (kube's JSON-path spelling) */
function prune(value: unknown, node: SchemaNode, path: string, out: string[]): void {
  const schema = resolve(node);
  if (schema.preserveUnknownFields) return;
  if (Array.isArray(value)) {
    if (schema.items) value.forEach((item, i) => prune(item, schema.items as SchemaNode, `${path}[${i}]`, out));
    return;
  }
  if (value === null || typeof value !== 'object') return;
  const obj = value as Record<string, unknown>;
  if (schema.properties) {
    for (const key of Object.keys(obj)) {
      const child = schema.properties[key];
      const childPath = path ? `${path}.${key}` : key;
      if (!child) {
        out.push(childPath);
        delete obj[key];
      } else prune(obj[key], child, childPath, out);
    }
  } else if (schema.additionalProperties) {
    for (const [key, v] of Object.entries(obj)) prune(v, schema.additionalProperties, path ? `${path}.${key}` : key, out);
  }
}

/**
 * Applies the request's field validation to an incoming object. Returns the warnings to
 * send (Warn), throws 400 (Strict); the object keeps only known fields in every mode.
 */
export function validateFields(def: ResourceDef, obj: KubeObject, mode: FieldValidation): string[] {
  const schema = rootSchema(def);
  if (!schema) return [];
  const unknown: string[] = [];
  prune(obj, schema, '', unknown);
  if (unknown.length === 0 || mode === 'Ignore') return [];
  if (mode === 'Strict') {
    // the decoder's wording: `Pod in version "v1" cannot be handled as a Pod: strict decoding error: …`
    throw errors.badRequest(`${def.kind} in version "${def.version}" cannot be handled as a ${def.kind}: strict decoding error: ${unknown.map((f) => `unknown field "${f}"`).join(', ')}`);
  }
  return unknown.map((f) => `unknown field "${f}"`);
}
