// Resolves (apiVersion, kind, field path) to the merge semantics of the tables in
// core-v1.ts and workloads.ts. Kinds outside the tables (custom resources) are read the
// way a structural CRD schema without list extensions reads: objects are structs with
// named fields and lists are atomic, so strategic merge patch merges maps and replaces
// lists (merge-patch semantics) and server-side apply owns lists whole.
import { CORE_V1 } from './core-v1.js';
import type { FieldDef, ListType, StructDef, StructTable } from './types.js';
import { WORKLOADS } from './workloads.js';
import { isObject } from '../json-value.js';
import type { JsonObject } from '../json-value.js';

const STRUCTS: StructTable = { ...CORE_V1, ...WORKLOADS };

/** apiVersion/kind → root struct. PodTemplateSpec inside workloads comes from the tables. */
const KINDS: Readonly<Record<string, string>> = {
  'v1/Pod': 'Pod',
  'v1/PodTemplate': 'PodTemplate',
  'v1/ReplicationController': 'ReplicationController',
  'v1/Service': 'Service',
  'v1/Endpoints': 'Endpoints',
  'v1/Node': 'Node',
  'v1/Namespace': 'Namespace',
  'v1/ConfigMap': 'ConfigMap',
  'v1/Secret': 'Secret',
  'v1/ServiceAccount': 'ServiceAccount',
  'v1/Event': 'Event',
  'apps/v1/Deployment': 'Deployment',
  'apps/v1/ReplicaSet': 'ReplicaSet',
  'apps/v1/DaemonSet': 'DaemonSet',
  'apps/v1/StatefulSet': 'StatefulSet',
  'batch/v1/Job': 'Job',
  'batch/v1/CronJob': 'CronJob',
  'coordination.k8s.io/v1/Lease': 'Lease',
  'events.k8s.io/v1/Event': 'EventsV1Event',
  'autoscaling/v1/Scale': 'Scale',
};

export type SchemaNode =
  | { kind: 'struct'; def: StructDef | undefined }
  | { kind: 'map'; atomic: boolean; elem: SchemaNode }
  | { kind: 'list'; listType: ListType; keys: readonly string[]; keyDefaults: Readonly<Record<string, string | number>>; elem: SchemaNode }
  | { kind: 'leaf' };

const LEAF: SchemaNode = { kind: 'leaf' };
const UNKNOWN_STRUCT: SchemaNode = { kind: 'struct', def: undefined };

export function isKnownKind(apiVersion: string | undefined, kind: string | undefined): boolean {
  return KINDS[`${apiVersion ?? ''}/${kind ?? ''}`] !== undefined;
}

/** The root schema node for an object of this apiVersion/kind. */
export function schemaFor(apiVersion: string | undefined, kind: string | undefined): SchemaNode {
  const root = KINDS[`${apiVersion ?? ''}/${kind ?? ''}`];
  return root === undefined ? UNKNOWN_STRUCT : structNode(root);
}

function structNode(name: string): SchemaNode {
  const def = STRUCTS[name];
  if (def?.atomic) return LEAF;
  return { kind: 'struct', def };
}

function unknownNode(value: unknown): SchemaNode {
  if (isObject(value)) return UNKNOWN_STRUCT;
  if (Array.isArray(value)) return { kind: 'list', listType: 'atomic', keys: [], keyDefaults: {}, elem: LEAF };
  return LEAF;
}

function fromDef(fd: FieldDef, value: unknown): SchemaNode {
  if (fd.list !== undefined || fd.patchMergeKey !== undefined || fd.patchStrategy === 'merge') {
    const listType: ListType = fd.list ?? (fd.patchMergeKey ? 'map' : 'set');
    const elem = fd.type ? structNode(fd.type) : fd.patchMergeKey || listType === 'map' ? UNKNOWN_STRUCT : LEAF;
    return { kind: 'list', listType, keys: fd.keys ?? (fd.patchMergeKey ? [fd.patchMergeKey] : []), keyDefaults: fd.keyDefaults ?? {}, elem };
  }
  if (fd.map !== undefined) return { kind: 'map', atomic: fd.map === 'atomic', elem: fd.type ? structNode(fd.type) : LEAF };
  if (fd.type !== undefined) return structNode(fd.type);
  return unknownNode(value);
}

/** The declaration of `key` when `parent` is a struct from the tables. */
export function fieldDef(parent: SchemaNode, key: string): FieldDef | undefined {
  return parent.kind === 'struct' ? parent.def?.fields[key] : undefined;
}

/** Schema of the child `key` (a field, or a map entry) holding `value`. */
export function childNode(parent: SchemaNode, key: string, value: unknown): SchemaNode {
  switch (parent.kind) {
    case 'struct': {
      const fd = fieldDef(parent, key);
      return fd ? fromDef(fd, value) : unknownNode(value);
    }
    case 'map':
    case 'list':
      return parent.elem;
    default:
      return LEAF;
  }
}

/** Whether a child of `parent` is a named struct field (vs a map entry), as
 *  structured-merge-diff's EnsureNamedFieldsAreMembers and ToFieldSet distinguish. */
export function isNamedField(parent: SchemaNode): boolean {
  return parent.kind === 'struct';
}

/** Atomic values are owned and replaced as a whole: scalars, atomic lists/maps/structs. */
export function isLeaf(node: SchemaNode): boolean {
  return node.kind === 'leaf' || (node.kind === 'list' && node.listType === 'atomic') || (node.kind === 'map' && node.atomic);
}

/** The object the field manager diffs a create against: Go's zero value of the kind,
 *  whose non-pointer structs are present and whose non-omitempty fields are null. */
export function zeroValue(node: SchemaNode): JsonObject {
  const out: JsonObject = {};
  if (node.kind !== 'struct' || !node.def) return out;
  for (const [name, fd] of Object.entries(node.def.fields)) {
    if (fd.zero === 'null') out[name] = null;
    else if (fd.zero === 'object') out[name] = zeroValue(fromDef(fd, {}));
  }
  return out;
}

export interface PatchMeta {
  patchStrategy?: string;
  patchMergeKey?: string;
}

/** Flattened view of the tables for one kind: field path (list elements as `[]`) →
 *  strategic merge patch tags. Only fields carrying a patchStrategy are listed. */
export function patchMetaTable(apiVersion: string, kind: string): Record<string, PatchMeta> {
  const out: Record<string, PatchMeta> = {};
  const root = KINDS[`${apiVersion}/${kind}`];
  const walk = (typeName: string, prefix: string, depth: number): void => {
    const def = STRUCTS[typeName];
    if (!def || depth > 12) return;
    for (const [name, fd] of Object.entries(def.fields)) {
      const path = prefix ? `${prefix}.${name}` : name;
      if (fd.patchStrategy) out[path] = { patchStrategy: fd.patchStrategy, ...(fd.patchMergeKey ? { patchMergeKey: fd.patchMergeKey } : {}) };
      if (fd.type) walk(fd.type, fd.list ? `${path}[]` : path, depth + 1);
    }
  };
  if (root) walk(root, '', 0);
  return out;
}
