// Mounts the OpenAPI documents (/openapi/v2, /openapi/v3[/<group-version>]) built from
// the resource registry; one service per registry, documents built once.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createOpenApiService } from './openapi/index.js';
import type { OpenApiService } from './openapi/index.js';
import type { ResourceRegistry } from './registry.js';

const services = new WeakMap<ResourceRegistry, OpenApiService>();

/** the status code written, or undefined when the path is not an OpenAPI path */
export function serveOpenApi(registry: ResourceRegistry, path: string, query: URLSearchParams, req: IncomingMessage, res: ServerResponse): number | undefined {
  let service = services.get(registry);
  if (!service) {
    service = createOpenApiService(registry.all);
    services.set(registry, service);
  }
  const reply = service.handle({ path, query, accept: req.headers.accept, ifNoneMatch: req.headers['if-none-match'] });
  if (!reply) return undefined;
  res.writeHead(reply.status, reply.headers);
  res.end(reply.body);
  return reply.status;
}
