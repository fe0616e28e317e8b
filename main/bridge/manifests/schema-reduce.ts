// Reduces the API server's own OpenAPI v3 documents (/openapi/v3/<group-version>) to the
// compact field tree the editor lints and completes with: one entry per named object type,
// each field with its type and the first sentence of its description. Only the types the
// served kinds reach are kept (~10× smaller than the documents), and references stay names,
// so recursive types cannot loop. Pure: the fetching is ManifestsService's job.
import type { FieldType, ManifestSchema, SchemaField, SchemaKind, SchemaType } from '../../common/bridge/manifests.js';

/** the parts of an OpenAPI v3 schema object this reduction reads */
export interface OpenApiSchema {
  description?: string;
  type?: string;
  format?: string;
  enum?: unknown[];
  properties?: Record<string, OpenApiSchema>;
  required?: string[];
  items?: OpenApiSchema;
  additionalProperties?: OpenApiSchema | boolean;
  allOf?: OpenApiSchema[];
  oneOf?: OpenApiSchema[];
  $ref?: string;
  'x-kubernetes-group-version-kind'?: { group: string; version: string; kind: string }[];
  'x-kubernetes-preserve-unknown-fields'?: boolean;
}

export interface OpenApiDocument {
  components?: { schemas?: Record<string, OpenApiSchema> };
}

/** what discovery says about a kind (see rest-mapper.ts) */
export interface KindMapping {
  apiVersion: string;
  kind: string;
  resource: string;
  namespaced: boolean;
}

const MAX_DESCRIPTION = 240;

/** the first sentence, short: completion shows it beside the field name */
export function shortDescription(text: string | undefined): string | undefined {
  if (!text) return undefined;
  const flat = text.replace(/\s+/g, ' ').trim();
  const end = flat.search(/\.(\s|$)/);
  const first = end >= 0 ? flat.slice(0, end + 1) : flat;
  return first.length > MAX_DESCRIPTION ? `${first.slice(0, MAX_DESCRIPTION - 1)}…` : first;
}

function refName(s: OpenApiSchema): string | undefined {
  const ref = s.$ref ?? s.allOf?.find((a) => a.$ref)?.$ref;
  return ref?.replace(/^#\/components\/schemas\//, '');
}

/** a primitive wearing a type name (IntOrString, Quantity, Time) or an open object (RawExtension) */
function aliasType(s: OpenApiSchema): FieldType | undefined {
  if (s.format === 'int-or-string') return { t: 'int-or-string' };
  if (s.oneOf && s.oneOf.some((o) => o.type === 'number') && s.oneOf.some((o) => o.type === 'string')) return { t: 'quantity' };
  if (s.properties) return undefined;
  if (s['x-kubernetes-preserve-unknown-fields']) return { t: 'any' };
  if (s.additionalProperties && typeof s.additionalProperties === 'object') return undefined; // a map: see fieldType
  if (s.type === 'object' || s.type === undefined) return { t: 'any' };
  return primitive(s);
}

function primitive(s: OpenApiSchema): FieldType {
  const values = s.enum?.filter((v): v is string => typeof v === 'string');
  const withEnum = values && values.length > 0 ? { enum: values } : {};
  switch (s.type) {
    case 'string':
      return { t: 'string', ...withEnum };
    case 'integer':
      return { t: 'integer' };
    case 'number':
      return { t: 'number' };
    case 'boolean':
      return { t: 'boolean' };
    default:
      return { t: 'any' };
  }
}

class Reducer {
  readonly types: Record<string, SchemaType> = {};
  private readonly queue: string[] = [];

  constructor(private readonly schemas: Record<string, OpenApiSchema>) {}

  fieldType(s: OpenApiSchema): FieldType {
    const name = refName(s);
    if (name !== undefined) {
      const target = this.schemas[name];
      if (!target) return { t: 'any' };
      const alias = aliasType(target);
      if (alias) return alias;
      if (!target.properties) return this.fieldType({ type: 'object', additionalProperties: target.additionalProperties ?? false });
      this.want(name);
      return { t: 'object', ref: name };
    }
    if (s.format === 'int-or-string') return { t: 'int-or-string' };
    if (s['x-kubernetes-preserve-unknown-fields']) return { t: 'any' };
    if (s.type === 'array') return { t: 'array', items: s.items ? this.fieldType(s.items) : { t: 'any' } };
    if (s.type === 'object' || s.additionalProperties !== undefined) {
      const ap = s.additionalProperties;
      return ap && typeof ap === 'object' ? { t: 'map', values: this.fieldType(ap) } : { t: 'any' };
    }
    return primitive(s);
  }

  want(name: string): void {
    if (this.types[name] !== undefined || this.queue.includes(name)) return;
    this.queue.push(name);
  }

  drain(): void {
    for (let name = this.queue.shift(); name !== undefined; name = this.queue.shift()) {
      const s = this.schemas[name];
      if (!s || this.types[name]) continue;
      const required = new Set(s.required ?? []);
      const fields: Record<string, SchemaField> = {};
      this.types[name] = { ...(s.description ? { description: shortDescription(s.description) } : {}), fields };
      for (const [key, prop] of Object.entries(s.properties ?? {})) {
        const description = shortDescription(prop.description);
        fields[key] = { type: this.fieldType(prop), ...(description ? { description } : {}), ...(required.has(key) ? { required: true } : {}) };
      }
    }
  }
}

function apiVersionOf(gvk: { group: string; version: string }): string {
  return gvk.group ? `${gvk.group}/${gvk.version}` : gvk.version;
}

/** the kinds discovery lists, each with the type tree its OpenAPI schema reaches */
export function reduceOpenApi(documents: readonly OpenApiDocument[], mappings: readonly KindMapping[]): ManifestSchema {
  const schemas: Record<string, OpenApiSchema> = {};
  for (const d of documents) Object.assign(schemas, d.components?.schemas ?? {});
  const reducer = new Reducer(schemas);
  const kinds: SchemaKind[] = [];
  for (const [name, s] of Object.entries(schemas)) {
    for (const gvk of s['x-kubernetes-group-version-kind'] ?? []) {
      const m = mappings.find((x) => x.apiVersion === apiVersionOf(gvk) && x.kind === gvk.kind);
      // List kinds and option kinds (DeleteOptions…) carry a GVK too but are no resource
      if (!m || kinds.some((k) => k.apiVersion === m.apiVersion && k.kind === m.kind)) continue;
      if (s.properties) reducer.want(name);
      kinds.push({ ...m, type: s.properties ? name : '' });
    }
  }
  reducer.drain();
  kinds.sort((a, b) => a.kind.localeCompare(b.kind) || a.apiVersion.localeCompare(b.apiVersion));
  return { kinds, types: reducer.types };
}
