// The REST operations of each served resource, as a flavour-neutral model that
// v2.ts and v3.ts render. kubectl depends on three details here:
//  - explain finds a resource's GVK from the x-kubernetes-group-version-kind of the
//    operations on /api[s]/…/<plural>[/{name}] (plaintext.tmpl), not from the schemas;
//  - create/apply/edit ask for server-side field validation only if the PATCH operation
//    of that GVK lists a `fieldValidation` query parameter (query_param_verifier_v3.go);
//    otherwise `--validate=strict` falls back to client-side validation, which needs
//    protobuf OpenAPI v2;
//  - client-side apply uses strategic merge patch only if that PATCH operation's
//    requestBody offers application/strategic-merge-patch+json (apply/patcher.go).
import type { GroupVersionKind } from './schema-builder.js';
import { DELETE_OPTIONS, PATCH, STATUS } from './definitions.js';
import { PARAMS } from './params.js';
import type { ParamModel } from './params.js';

/** What the API server's resource registry knows about a served resource
 *  (structurally a subset of ResourceDef, so the registry can be passed as is). */
export interface OpenApiResource {
  group: string;
  version: string;
  kind: string;
  plural: string;
  namespaced: boolean;
  verbs: readonly string[];
  subresources: readonly string[];
  listKind?: string;
}

export type Method = 'get' | 'put' | 'post' | 'delete' | 'patch';

export type Body = { kind: 'object'; schema: string } | { kind: 'patch' } | { kind: 'delete' };

export interface Response {
  code: '200' | '201' | '202';
  description: string;
  /** definition name, or 'string' for plain-text responses (logs, connect) */
  schema: string;
  /** list operations also stream watch events */
  watchable?: boolean;
}

export interface OperationModel {
  method: Method;
  operationId: string;
  description: string;
  tag: string;
  action: string;
  gvk: GroupVersionKind;
  params: readonly ParamModel[];
  body?: Body;
  responses: Response[];
}

export interface PathModel {
  path: string;
  params: readonly ParamModel[];
  ops: OperationModel[];
}

export const PATCH_CONTENT_TYPES = [
  'application/apply-patch+yaml',
  'application/json-patch+json',
  'application/merge-patch+json',
  'application/strategic-merge-patch+json',
] as const;

/** groups[i] + version → path prefix: '' → /api/v1, 'apps' → /apis/apps/v1 */
export function groupVersionPath(group: string, version: string): string {
  return group === '' ? `api/${version}` : `apis/${group}/${version}`;
}

/** 'rbac.authorization.k8s.io' → 'RbacAuthorization', '' → 'Core' (kube-openapi operation ids) */
function groupWord(group: string): string {
  if (group === '') return 'Core';
  return group.replace(/\.k8s\.io$/, '').split(/[.-]/).map((w) => (w ? w[0]?.toUpperCase() + w.slice(1) : '')).join('');
}

const cap = (s: string) => (s ? s.charAt(0).toUpperCase() + s.slice(1) : s);

interface SubresourceSpec {
  methods: readonly Method[];
  /** GVK of the request/response body; 'self' means the resource's own kind */
  kind: 'self' | GroupVersionKind;
  /** schema-less operations: logs and streaming connects */
  connect?: { params: readonly ParamModel[]; kindName?: string };
}

const SCALE: GroupVersionKind = { group: 'autoscaling', version: 'v1', kind: 'Scale' };
const SUBRESOURCES: Readonly<Record<string, SubresourceSpec>> = {
  status: { methods: ['get', 'put', 'patch'], kind: 'self' },
  scale: { methods: ['get', 'put', 'patch'], kind: SCALE },
  ephemeralcontainers: { methods: ['get', 'put', 'patch'], kind: 'self' },
  finalize: { methods: ['put'], kind: 'self' },
  binding: { methods: ['post'], kind: { group: '', version: 'v1', kind: 'Binding' } },
  eviction: { methods: ['post'], kind: { group: 'policy', version: 'v1', kind: 'Eviction' } },
  log: { methods: ['get'], kind: 'self', connect: { params: PARAMS.log } },
  exec: { methods: ['get', 'post'], kind: 'self', connect: { params: PARAMS.exec, kindName: 'PodExecOptions' } },
  attach: { methods: ['get', 'post'], kind: 'self', connect: { params: PARAMS.attach, kindName: 'PodAttachOptions' } },
  portforward: { methods: ['get', 'post'], kind: 'self', connect: { params: PARAMS.portforward, kindName: 'PodPortForwardOptions' } },
  proxy: { methods: ['get', 'post', 'put', 'delete'], kind: 'self', connect: { params: PARAMS.proxy, kindName: 'ProxyOptions' } },
};

/** Kinds whose schemas the operations of `r` reference (for stubs and v3 closures). */
export function referencedKinds(r: OpenApiResource): GroupVersionKind[] {
  const self = { group: r.group, version: r.version, kind: r.kind };
  const out: GroupVersionKind[] = [self];
  if (r.verbs.includes('list')) out.push({ ...self, kind: listKindOf(r) });
  for (const sub of r.subresources) {
    const spec = SUBRESOURCES[sub];
    if (spec && !spec.connect && spec.kind !== 'self') out.push(spec.kind);
  }
  return out;
}

const listKindOf = (r: OpenApiResource) => r.listKind ?? `${r.kind}List`;

/** Resolve a GVK to the definition name serving as its schema. */
export type KindResolver = (gvk: GroupVersionKind) => string;

export function buildPaths(resources: readonly OpenApiResource[], resolve: KindResolver): PathModel[] {
  const paths = new Map<string, PathModel>();
  const add = (path: string, params: readonly ParamModel[], op: OperationModel) => {
    const existing = paths.get(path) ?? { path, params, ops: [] };
    existing.ops.push(op);
    paths.set(path, existing);
  };
  for (const r of resources) addResource(r, resolve, add);
  return [...paths.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

type Adder = (path: string, params: readonly ParamModel[], op: OperationModel) => void;

function addResource(r: OpenApiResource, resolve: KindResolver, add: Adder): void {
  const gvk: GroupVersionKind = { group: r.group, version: r.version, kind: r.kind };
  const prefix = `/${groupVersionPath(r.group, r.version)}`;
  const scope = r.namespaced ? 'Namespaced' : '';
  const word = `${groupWord(r.group)}${cap(r.version)}`;
  const tag = `${r.group === '' ? 'core' : groupWord(r.group).charAt(0).toLowerCase() + groupWord(r.group).slice(1)}_${r.version}`;
  const collection = r.namespaced ? `${prefix}/namespaces/{namespace}/${r.plural}` : `${prefix}/${r.plural}`;
  const item = `${collection}/{name}`;
  const scopeParams = r.namespaced ? [PARAMS.namespace] : [];
  const self = resolve(gvk);
  const list = resolve({ ...gvk, kind: listKindOf(r) });
  const has = (verb: string) => r.verbs.includes(verb);
  const op = (method: Method, verb: string, action: string, what: string, rest: Omit<OperationModel, 'method' | 'operationId' | 'description' | 'tag' | 'action' | 'gvk'>, opGvk = gvk): OperationModel => ({
    method, operationId: `${verb}${word}${what}`, description: `${verb} ${r.kind}`, tag, action, gvk: opGvk, ...rest,
  });
  const ok = (schema: string): Response[] => [{ code: '200', description: 'OK', schema }];
  const created = (schema: string): Response[] => [
    { code: '200', description: 'OK', schema },
    { code: '201', description: 'Created', schema },
    { code: '202', description: 'Accepted', schema },
  ];

  const collectionParams = [...scopeParams, PARAMS.pretty];
  if (has('list')) {
    add(collection, collectionParams, op('get', 'list', 'list', `${scope}${r.kind}`, { params: PARAMS.list, responses: [{ ...ok(list)[0]!, watchable: true }] }));
    if (r.namespaced) {
      add(`${prefix}/${r.plural}`, [PARAMS.pretty], op('get', 'list', 'list', `${r.kind}ForAllNamespaces`, { params: PARAMS.list, responses: [{ ...ok(list)[0]!, watchable: true }] }));
    }
  }
  if (has('create')) add(collection, collectionParams, op('post', 'create', 'post', `${scope}${r.kind}`, { params: PARAMS.write, body: { kind: 'object', schema: self }, responses: created(self) }));
  if (has('deletecollection')) {
    add(collection, collectionParams, op('delete', 'delete', 'deletecollection', `Collection${scope}${r.kind}`, { params: [...PARAMS.delete, ...PARAMS.list], body: { kind: 'delete' }, responses: ok(STATUS) }));
  }

  const itemParams = [PARAMS.name(r.kind), ...scopeParams, PARAMS.pretty];
  if (has('get')) add(item, itemParams, op('get', 'read', 'get', `${scope}${r.kind}`, { params: [], responses: ok(self) }));
  if (has('update')) add(item, itemParams, op('put', 'replace', 'put', `${scope}${r.kind}`, { params: PARAMS.write, body: { kind: 'object', schema: self }, responses: created(self).slice(0, 2) }));
  if (has('patch')) add(item, itemParams, op('patch', 'patch', 'patch', `${scope}${r.kind}`, { params: PARAMS.patch, body: { kind: 'patch' }, responses: created(self).slice(0, 2) }));
  if (has('delete')) add(item, itemParams, op('delete', 'delete', 'delete', `${scope}${r.kind}`, { params: PARAMS.delete, body: { kind: 'delete' }, responses: [{ code: '200', description: 'OK', schema: self }, { code: '202', description: 'Accepted', schema: self }] }));

  for (const sub of r.subresources) {
    const spec = SUBRESOURCES[sub];
    if (!spec) continue; // a subresource we cannot describe is simply not published
    const path = `${item}/${sub}`;
    const params = [PARAMS.name(r.kind), ...scopeParams, ...(spec.connect ? [] : [PARAMS.pretty])];
    const subKind = spec.kind === 'self' ? gvk : spec.kind;
    const schema = resolve(subKind);
    const what = `${scope}${r.kind}${cap(sub)}`;
    for (const method of spec.methods) {
      if (spec.connect) {
        const kindName = spec.connect.kindName === 'ProxyOptions' ? `${r.kind}ProxyOptions` : spec.connect.kindName;
        const connectGvk = kindName ? { group: r.group, version: r.version, kind: kindName } : gvk;
        const verb = kindName ? `connect${cap(method)}` : 'read';
        add(path, params, {
          method, operationId: `${verb}${word}${what}`, description: kindName ? `connect ${method.toUpperCase()} requests to ${sub} of ${r.kind}` : `read ${sub} of the specified ${r.kind}`,
          tag, action: kindName ? 'connect' : 'get', gvk: connectGvk, params: [...spec.connect.params], responses: ok('string'),
        });
        continue;
      }
      if (method === 'get') add(path, params, op('get', 'read', 'get', what, { params: [], responses: ok(schema) }, subKind));
      if (method === 'put') add(path, params, op('put', 'replace', 'put', what, { params: PARAMS.write, body: { kind: 'object', schema }, responses: created(schema).slice(0, 2) }, subKind));
      if (method === 'patch') add(path, params, op('patch', 'patch', 'patch', what, { params: PARAMS.patch, body: { kind: 'patch' }, responses: created(schema).slice(0, 2) }, subKind));
      if (method === 'post') add(path, params, op('post', 'create', 'post', what, { params: PARAMS.write, body: { kind: 'object', schema }, responses: created(schema) }, subKind));
    }
  }
}

/** Definition names every document needs regardless of resources (bodies of delete and patch). */
export const ALWAYS_REFERENCED = [DELETE_OPTIONS, PATCH, STATUS] as const;
