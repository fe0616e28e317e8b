// Turns flavour-neutral SchemaNodes into swagger 2.0 or OpenAPI 3.0 JSON, the way
// kube-openapi emits them: v2 puts `description` beside `$ref`; v3 wraps a described
// reference in `allOf` (kubectl explain's typeGuess unwraps a single allOf) and uses
// `oneOf` for IntOrString/Quantity so explain prints <IntOrString>, <Quantity>.
import type { SchemaNode } from './schema-builder.js';

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };
export type Flavour = 'v2' | 'v3';

export function refPointer(name: string, flavour: Flavour): string {
  return flavour === 'v2' ? `#/definitions/${name}` : `#/components/schemas/${name}`;
}

export function renderSchema(node: SchemaNode, flavour: Flavour): JsonObject {
  if (node.ref !== undefined) return renderRef(node, node.ref, flavour);
  const out: JsonObject = {};
  if (flavour === 'v3' && node.oneOfV3) {
    out['oneOf'] = node.oneOfV3.map((alt) => renderSchema(alt, flavour));
  } else if (node.type) {
    out['type'] = node.type;
  }
  if (node.format) out['format'] = node.format;
  if (node.description) out['description'] = node.description;
  if (node.enum) out['enum'] = [...node.enum];
  if (node.properties) {
    const props: JsonObject = {};
    for (const [key, value] of Object.entries(node.properties)) props[key] = renderSchema(value, flavour);
    out['properties'] = props;
  }
  if (node.required && node.required.length > 0) out['required'] = [...node.required];
  if (node.items) out['items'] = renderSchema(node.items, flavour);
  if (node.additionalProperties) out['additionalProperties'] = renderSchema(node.additionalProperties, flavour);
  addExtensions(out, node);
  return out;
}

function renderRef(node: SchemaNode, name: string, flavour: Flavour): JsonObject {
  const pointer = { $ref: refPointer(name, flavour) };
  let out: JsonObject;
  if (flavour === 'v2' || node.description === undefined) {
    out = node.description === undefined ? pointer : { ...pointer, description: node.description };
  } else {
    out = { allOf: [pointer], description: node.description };
  }
  addExtensions(out, node);
  return out;
}

function addExtensions(out: JsonObject, node: SchemaNode): void {
  if (node.gvk) out['x-kubernetes-group-version-kind'] = node.gvk.map((g) => ({ group: g.group, kind: g.kind, version: g.version }));
  if (node.listType) out['x-kubernetes-list-type'] = node.listType;
  if (node.listMapKeys) out['x-kubernetes-list-map-keys'] = [...node.listMapKeys];
  if (node.mapType) out['x-kubernetes-map-type'] = node.mapType;
  if (node.patchStrategy) out['x-kubernetes-patch-strategy'] = node.patchStrategy;
  if (node.patchMergeKey) out['x-kubernetes-patch-merge-key'] = node.patchMergeKey;
  if (node.preserveUnknownFields) out['x-kubernetes-preserve-unknown-fields'] = true;
}

/** Every definition name a node references, directly or through items/properties. */
export function collectRefs(node: SchemaNode, into: Set<string>): void {
  if (node.ref !== undefined) into.add(node.ref);
  for (const child of Object.values(node.properties ?? {})) collectRefs(child, into);
  if (node.items) collectRefs(node.items, into);
  if (node.additionalProperties) collectRefs(node.additionalProperties, into);
}

/** The definitions reachable from `roots` (the closure a per-group-version v3 document carries). */
export function closure(roots: Iterable<string>, defs: Readonly<Record<string, SchemaNode>>): string[] {
  const seen = new Set<string>();
  const stack = [...roots];
  while (stack.length > 0) {
    const name = stack.pop();
    if (name === undefined || seen.has(name)) continue;
    const node = defs[name];
    if (!node) continue;
    seen.add(name);
    const refs = new Set<string>();
    collectRefs(node, refs);
    stack.push(...refs);
  }
  return [...seen].sort();
}
