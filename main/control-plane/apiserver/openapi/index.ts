// Public surface of the OpenAPI module: the API server mounts `createOpenApiService(registry)`
// on /openapi/*; server-side apply and validation may read `BASE_DEFINITIONS` directly.
export { createOpenApiService, buildOpenApiV3Index } from './handler.js';
export type { OpenApiDocumentBytes, OpenApiReply, OpenApiRequest, OpenApiService, OpenApiServiceOptions } from './handler.js';
export { buildOpenApiV2 } from './v2.js';
export { buildOpenApiV3 } from './v3.js';
export { BASE_DEFINITIONS, definitionForKind } from './definitions.js';
export { OPENAPI_KUBERNETES_VERSION } from './document-context.js';
export { groupVersionPath } from './paths.js';
export type { OpenApiResource } from './paths.js';
export type { Definitions, GroupVersionKind, SchemaNode } from './schema-builder.js';
export type { Json, JsonObject } from './render.js';
