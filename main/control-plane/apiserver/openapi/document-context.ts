// What both document flavours need from the served resource list: the definitions
// (with per-group-version DeleteOptions/WatchEvent and stubs for undescribed kinds),
// a kind → definition resolver, and the REST operations.
import { compareStrings } from './canonical-json.js';
import { definitionForKind, definitionsFor, stubName } from './definitions.js';
import { buildPaths, groupVersionPath, referencedKinds } from './paths.js';
import type { OpenApiResource, PathModel } from './paths.js';
import type { GroupVersionKind, SchemaNode } from './schema-builder.js';

/** The Kubernetes version the documents describe (info.version). */
export const OPENAPI_KUBERNETES_VERSION = 'v1.32.0';

export interface DocumentContext {
  resources: readonly OpenApiResource[];
  defs: Readonly<Record<string, SchemaNode>>;
  paths: readonly PathModel[];
  /** 'api/v1', 'apis/apps/v1', … in sorted order */
  groupVersions: readonly string[];
}

/** Sort first so the documents (and their hashes) do not depend on registration order. */
export function documentContext(input: readonly OpenApiResource[]): DocumentContext {
  const resources = [...input].sort(
    (a, b) => compareStrings(a.group, b.group) || compareStrings(a.version, b.version) || compareStrings(a.plural, b.plural),
  );
  const defs = definitionsFor(resources, resources.flatMap(referencedKinds));
  const resolve = (gvk: GroupVersionKind) => definitionForKind(defs, gvk) ?? stubName(gvk);
  const groupVersions = [...new Set(resources.map((r) => groupVersionPath(r.group, r.version)))].sort(compareStrings);
  return { resources, defs, paths: buildPaths(resources, resolve), groupVersions };
}
