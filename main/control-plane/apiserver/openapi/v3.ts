// OpenAPI 3.0 documents, one per group-version (GET /openapi/v3/api/v1?hash=…),
// each carrying only the schemas its operations reach, like kube-apiserver.
import { documentContext, OPENAPI_KUBERNETES_VERSION } from './document-context.js';
import type { DocumentContext } from './document-context.js';
import { DELETE_OPTIONS, PATCH } from './definitions.js';
import { ALWAYS_REFERENCED, PATCH_CONTENT_TYPES } from './paths.js';
import type { OpenApiResource, OperationModel, PathModel } from './paths.js';
import type { ParamModel } from './params.js';
import { closure, refPointer, renderSchema } from './render.js';
import type { JsonObject } from './render.js';

const MEDIA = ['application/json', 'application/yaml', 'application/vnd.kubernetes.protobuf'];
const WATCH_MEDIA = [...MEDIA, 'application/json;stream=watch', 'application/vnd.kubernetes.protobuf;stream=watch'];

/** gvPath is 'api/v1' or 'apis/<group>/<version>'; undefined when nothing is served there. */
export function buildOpenApiV3(resources: readonly OpenApiResource[], gvPath: string): JsonObject | undefined {
  return buildOpenApiV3FromContext(documentContext(resources), gvPath);
}

export function buildOpenApiV3FromContext(ctx: DocumentContext, gvPath: string): JsonObject | undefined {
  if (!ctx.groupVersions.includes(gvPath)) return undefined;
  const prefix = `/${gvPath}/`;
  const ownPaths = ctx.paths.filter((p) => p.path.startsWith(prefix));
  const roots = new Set<string>(ALWAYS_REFERENCED);
  for (const p of ownPaths) {
    for (const op of p.ops) {
      for (const r of op.responses) if (r.schema !== 'string') roots.add(r.schema);
      if (op.body?.kind === 'object') roots.add(op.body.schema);
    }
  }
  const schemas: JsonObject = {};
  for (const name of closure(roots, ctx.defs)) {
    const node = ctx.defs[name];
    if (node) schemas[name] = renderSchema(node, 'v3');
  }
  const paths: JsonObject = {};
  for (const p of ownPaths) paths[p.path] = renderPath(p);
  return {
    openapi: '3.0.0',
    info: { title: 'Kubernetes', version: OPENAPI_KUBERNETES_VERSION },
    paths,
    components: {
      schemas,
      securitySchemes: { BearerToken: { type: 'apiKey', name: 'authorization', in: 'header', description: 'Bearer Token authentication' } },
    },
  };
}

function renderPath(p: PathModel): JsonObject {
  const out: JsonObject = { parameters: p.params.map(renderParam) };
  for (const op of p.ops) out[op.method] = renderOperation(op);
  return out;
}

function renderParam(p: ParamModel): JsonObject {
  return { name: p.name, in: p.in, description: p.description, schema: { type: p.type, uniqueItems: true }, ...(p.required ? { required: true } : {}) };
}

const refTo = (name: string): JsonObject => (name === 'string' ? { type: 'string' } : { $ref: refPointer(name, 'v3') });

function content(types: readonly string[], name: string): JsonObject {
  const out: JsonObject = {};
  for (const t of types) out[t] = { schema: refTo(name) };
  return out;
}

function requestBody(op: OperationModel): JsonObject | undefined {
  switch (op.body?.kind) {
    case 'object':
      return { content: content(['*/*'], op.body.schema), required: true };
    case 'patch':
      return { content: content(PATCH_CONTENT_TYPES, PATCH), required: true };
    case 'delete':
      return { content: content(['*/*'], DELETE_OPTIONS) };
    default:
      return undefined;
  }
}

function renderOperation(op: OperationModel): JsonObject {
  const responses: JsonObject = {};
  for (const r of op.responses) {
    const types = r.schema === 'string' ? ['*/*'] : r.watchable ? WATCH_MEDIA : MEDIA;
    responses[r.code] = { description: r.description, content: content(types, r.schema) };
  }
  responses['401'] = { description: 'Unauthorized' };
  const body = requestBody(op);
  return {
    description: op.description,
    operationId: op.operationId,
    tags: [op.tag],
    ...(op.params.length > 0 ? { parameters: op.params.map(renderParam) } : {}),
    ...(body ? { requestBody: body } : {}),
    responses,
    'x-kubernetes-action': op.action,
    'x-kubernetes-group-version-kind': { group: op.gvk.group, kind: op.gvk.kind, version: op.gvk.version },
  };
}
