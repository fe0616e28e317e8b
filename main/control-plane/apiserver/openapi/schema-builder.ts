// A small vocabulary for writing Kubernetes OpenAPI definitions as data.
// Definitions are written once, flavour-neutral: a reference is the full definition
// name, and renderers turn it into `#/definitions/…` (swagger 2.0) or
// `#/components/schemas/…` (OpenAPI 3.0, wrapped in allOf like kube-openapi does).

export interface GroupVersionKind {
  group: string;
  version: string;
  kind: string;
}

export type ListType = 'atomic' | 'set' | 'map';

/** One schema node, before rendering. Field names are ours; `render.ts` maps them
 *  to the `x-kubernetes-*` extensions that kubectl and server-side apply read. */
export interface SchemaNode {
  type?: 'object' | 'string' | 'integer' | 'number' | 'boolean' | 'array';
  format?: string;
  description?: string;
  enum?: readonly string[];
  properties?: Readonly<Record<string, SchemaNode>>;
  required?: readonly string[];
  items?: SchemaNode;
  additionalProperties?: SchemaNode;
  /** full definition name, e.g. io.k8s.api.core.v1.PodSpec */
  ref?: string;
  /** OpenAPI v3 only: union of primitive types (IntOrString, Quantity). v2 keeps `type`. */
  oneOfV3?: readonly SchemaNode[];
  gvk?: readonly GroupVersionKind[];
  patchStrategy?: string;
  patchMergeKey?: string;
  listType?: ListType;
  listMapKeys?: readonly string[];
  mapType?: 'atomic' | 'granular';
  preserveUnknownFields?: boolean;
}

export type Definitions = Readonly<Record<string, SchemaNode>>;

/** Go packages the definitions live in, by the short prefix used in `ref('core.Pod')`. */
export const PACKAGES = {
  meta: 'io.k8s.apimachinery.pkg.apis.meta.v1',
  resource: 'io.k8s.apimachinery.pkg.api.resource',
  intstr: 'io.k8s.apimachinery.pkg.util.intstr',
  runtime: 'io.k8s.apimachinery.pkg.runtime',
  core: 'io.k8s.api.core.v1',
  apps: 'io.k8s.api.apps.v1',
  autoscaling: 'io.k8s.api.autoscaling.v1',
  coordination: 'io.k8s.api.coordination.v1',
  discovery: 'io.k8s.api.discovery.v1',
  events: 'io.k8s.api.events.v1',
  policy: 'io.k8s.api.policy.v1',
} as const;

export type PackageAlias = keyof typeof PACKAGES;

/** 'core.PodSpec' → 'io.k8s.api.core.v1.PodSpec' */
export function defName(short: string): string {
  const dot = short.indexOf('.');
  const alias = short.slice(0, dot);
  if (dot < 1 || !(alias in PACKAGES)) throw new Error(`openapi: unknown package alias in ${short}`);
  return `${PACKAGES[alias as PackageAlias]}.${short.slice(dot + 1)}`;
}

/** Prefix every key of a group of definitions with its package name. */
export function defs(alias: PackageAlias, entries: Record<string, SchemaNode>): Definitions {
  const out: Record<string, SchemaNode> = {};
  for (const [name, node] of Object.entries(entries)) out[`${PACKAGES[alias]}.${name}`] = node;
  return out;
}

// ---- primitives -------------------------------------------------------------

export const str = (description: string, values?: readonly string[]): SchemaNode =>
  values ? { type: 'string', description, enum: values } : { type: 'string', description };
export const int32 = (description: string): SchemaNode => ({ type: 'integer', format: 'int32', description });
export const int64 = (description: string): SchemaNode => ({ type: 'integer', format: 'int64', description });
export const bool = (description: string): SchemaNode => ({ type: 'boolean', description });
export const double = (description: string): SchemaNode => ({ type: 'number', format: 'double', description });
/** []byte fields serialise as base64 strings */
export const bytes = (description: string): SchemaNode => ({ type: 'string', format: 'byte', description });

// ---- references and containers ---------------------------------------------

/** A field whose type is another definition, e.g. ref('core.PodSpec', 'Specification …'). */
export const ref = (short: string, description?: string): SchemaNode =>
  description === undefined ? { ref: defName(short) } : { ref: defName(short), description };

export const time = (description: string): SchemaNode => ref('meta.Time', description);
export const intOrString = (description: string): SchemaNode => ref('intstr.IntOrString', description);

export interface ListOptions {
  /** x-kubernetes-patch-strategy, e.g. 'merge' or 'merge,retainKeys' */
  patch?: string;
  /** x-kubernetes-patch-merge-key */
  key?: string;
  /** x-kubernetes-list-type; omitted means 'atomic', what 1.30+ declares for plain lists */
  list?: ListType | 'none';
  /** x-kubernetes-list-map-keys (list type 'map') */
  keys?: readonly string[];
}

export function arr(items: SchemaNode, description: string, opts: ListOptions = {}): SchemaNode {
  const node: SchemaNode = { type: 'array', description, items };
  const listType = opts.list ?? 'atomic';
  return {
    ...node,
    ...(listType === 'none' ? {} : { listType }),
    ...(opts.keys ? { listMapKeys: opts.keys } : {}),
    ...(opts.patch ? { patchStrategy: opts.patch } : {}),
    ...(opts.key ? { patchMergeKey: opts.key } : {}),
  };
}

export const strArr = (description: string, opts?: ListOptions): SchemaNode =>
  arr({ type: 'string' }, description, opts);

/** list-type map keyed by `keys`, merged by strategic merge patch on the first key */
export const mergeList = (items: SchemaNode, description: string, keys: readonly string[], patch = 'merge'): SchemaNode =>
  arr(items, description, { list: 'map', keys, patch, key: keys[0] });

export const map = (values: SchemaNode, description: string, mapType?: 'atomic'): SchemaNode =>
  mapType ? { type: 'object', description, additionalProperties: values, mapType } : { type: 'object', description, additionalProperties: values };
export const strMap = (description: string, mapType?: 'atomic'): SchemaNode => map({ type: 'string' }, description, mapType);
export const quantityMap = (description: string): SchemaNode => map(ref('resource.Quantity'), description);

export interface ObjectOptions {
  required?: readonly string[];
  /** x-kubernetes-map-type: atomic marks structs replaced as a whole by apply */
  atomic?: boolean;
}

export function obj(description: string, properties: Record<string, SchemaNode>, opts: ObjectOptions = {}): SchemaNode {
  return {
    type: 'object',
    description,
    properties,
    ...(opts.required ? { required: opts.required } : {}),
    ...(opts.atomic ? { mapType: 'atomic' as const } : {}),
  };
}

// ---- top-level kinds ---------------------------------------------------------

const API_VERSION_DESC =
  'APIVersion defines the versioned schema of this representation of an object. Servers should convert recognized schemas to the latest internal value, and may reject unrecognized values. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#resources';
const KIND_DESC =
  'Kind is a string value representing the REST resource this object represents. Servers may infer this from the endpoint the client submits requests to. Cannot be updated. In CamelCase. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds';
export const OBJECT_META_DESC =
  "Standard object's metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata";
const LIST_META_DESC =
  'Standard list metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds';

export const typeMetaFields = (): Record<string, SchemaNode> => ({
  apiVersion: str(API_VERSION_DESC),
  kind: str(KIND_DESC),
});

/** "group/version" → GVK parts; the core group is written 'v1'. */
function parseGV(gv: string): { group: string; version: string } {
  const slash = gv.indexOf('/');
  return slash < 0 ? { group: '', version: gv } : { group: gv.slice(0, slash), version: gv.slice(slash + 1) };
}

/** A persisted kind: apiVersion, kind, metadata (ObjectMeta) plus its own fields, tagged with its GVK. */
export function kind(
  groupVersion: string,
  kindName: string,
  description: string,
  fields: Record<string, SchemaNode>,
  opts: ObjectOptions = {},
): SchemaNode {
  return {
    ...obj(description, { ...typeMetaFields(), metadata: ref('meta.ObjectMeta', OBJECT_META_DESC), ...fields }, opts),
    gvk: [{ ...parseGV(groupVersion), kind: kindName }],
  };
}

/** A kind that carries no ObjectMeta (Scale and Eviction do; Status and WatchEvent do not). */
export function bareKind(groupVersion: string, kindName: string, description: string, fields: Record<string, SchemaNode>, opts: ObjectOptions = {}): SchemaNode {
  return { ...obj(description, { ...typeMetaFields(), ...fields }, opts), gvk: [{ ...parseGV(groupVersion), kind: kindName }] };
}

/** The <Kind>List that every listable kind has. */
export function listKind(groupVersion: string, itemShort: string, description: string, itemsDescription: string): SchemaNode {
  const itemKind = itemShort.slice(itemShort.indexOf('.') + 1);
  return {
    ...obj(
      description,
      {
        ...typeMetaFields(),
        items: arr(ref(itemShort), itemsDescription, { list: 'none' }),
        metadata: ref('meta.ListMeta', LIST_META_DESC),
      },
      { required: ['items'] },
    ),
    gvk: [{ ...parseGV(groupVersion), kind: `${itemKind}List` }],
  };
}

/** Tag an existing definition with a GVK (for kinds without the usual TypeMeta fields). */
export function withGvk(groupVersion: string, kindName: string, node: SchemaNode): SchemaNode {
  return { ...node, gvk: [{ ...parseGV(groupVersion), kind: kindName }] };
}
