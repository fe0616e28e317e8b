// Swagger 2.0 document (GET /openapi/v2 with Accept: application/json).
// kubectl's own v2 client asks for protobuf only; see handler.ts for why JSON is enough.
import { documentContext, OPENAPI_KUBERNETES_VERSION } from './document-context.js';
import { DELETE_OPTIONS, PATCH } from './definitions.js';
import { PATCH_CONTENT_TYPES } from './paths.js';
import type { OpenApiResource, OperationModel, PathModel } from './paths.js';
import type { ParamModel } from './params.js';
import { refPointer, renderSchema } from './render.js';
import type { Json, JsonObject } from './render.js';

const PRODUCES = ['application/json', 'application/yaml', 'application/vnd.kubernetes.protobuf'];
const WATCH_PRODUCES = [...PRODUCES, 'application/json;stream=watch', 'application/vnd.kubernetes.protobuf;stream=watch'];

export function buildOpenApiV2(resources: readonly OpenApiResource[]): JsonObject {
  const ctx = documentContext(resources);
  const definitions: JsonObject = {};
  for (const name of Object.keys(ctx.defs).sort()) {
    const node = ctx.defs[name];
    if (node) definitions[name] = renderSchema(node, 'v2');
  }
  const paths: JsonObject = {};
  for (const p of ctx.paths) paths[p.path] = renderPath(p);
  return {
    swagger: '2.0',
    info: { title: 'Kubernetes', version: OPENAPI_KUBERNETES_VERSION },
    paths,
    definitions,
    securityDefinitions: { BearerToken: { type: 'apiKey', name: 'authorization', in: 'header', description: 'Bearer Token authentication' } },
    security: [{ BearerToken: [] }],
  };
}

function renderPath(p: PathModel): JsonObject {
  const out: JsonObject = { parameters: p.params.map(renderParam) };
  for (const op of p.ops) out[op.method] = renderOperation(op);
  return out;
}

function renderParam(p: ParamModel): JsonObject {
  return { name: p.name, in: p.in, type: p.type, uniqueItems: true, description: p.description, ...(p.required ? { required: true } : {}) };
}

function schemaOf(name: string): JsonObject {
  return name === 'string' ? { type: 'string' } : { $ref: refPointer(name, 'v2') };
}

function renderOperation(op: OperationModel): JsonObject {
  const params: Json[] = op.params.map(renderParam);
  let consumes: string[] = ['*/*'];
  if (op.body?.kind === 'object') params.push({ name: 'body', in: 'body', required: true, schema: schemaOf(op.body.schema) });
  if (op.body?.kind === 'delete') params.push({ name: 'body', in: 'body', schema: schemaOf(DELETE_OPTIONS) });
  if (op.body?.kind === 'patch') {
    params.push({ name: 'body', in: 'body', required: true, schema: schemaOf(PATCH) });
    consumes = [...PATCH_CONTENT_TYPES];
  }
  const responses: JsonObject = {};
  let watchable = false;
  for (const r of op.responses) {
    responses[r.code] = { description: r.description, schema: schemaOf(r.schema) };
    watchable ||= r.watchable === true;
  }
  responses['401'] = { description: 'Unauthorized' };
  const plainText = op.responses.every((r) => r.schema === 'string');
  return {
    description: op.description,
    operationId: op.operationId,
    tags: [op.tag],
    consumes,
    produces: plainText ? ['*/*'] : watchable ? WATCH_PRODUCES : PRODUCES,
    schemes: ['https'],
    ...(params.length > 0 ? { parameters: params } : {}),
    responses,
    'x-kubernetes-action': op.action,
    'x-kubernetes-group-version-kind': { group: op.gvk.group, kind: op.gvk.kind, version: op.gvk.version },
  };
}
