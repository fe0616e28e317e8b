// Paths outside the resource tree: health, version, discovery, OpenAPI.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { aggregatedDiscovery, AGGREGATED_CONTENT_TYPE, apiGroup, apiGroupList, apiResourceList, apiVersions, wantsAggregated } from './discovery.js';
import { errors } from './errors.js';
import type { ApiServices } from './handlers/context.js';
import { serveOpenApi } from './openapi-routes.js';

export const KUBE_VERSION = {
  major: '1',
  minor: '32',
  gitVersion: 'v1.32.4',
  gitCommit: 'k8s-lab',
  gitTreeState: 'clean',
  buildDate: '2026-01-01T00:00:00Z',
  goVersion: `node${process.versions.node}`,
  compiler: 'k8s-lab',
  platform: `${process.platform}/${process.arch === 'x64' ? 'amd64' : process.arch}`,
};

const HEALTH_CHECKS = ['ping', 'log', 'etcd', 'poststarthook/start-apiserver-admission-initializer', 'poststarthook/bootstrap-controller'];

interface Ctx {
  path: string;
  query: URLSearchParams;
  req: IncomingMessage;
  res: ServerResponse;
  serverAddress: string;
}

function json(res: ServerResponse, body: unknown, contentType = 'application/json'): number {
  const text = JSON.stringify(body);
  res.writeHead(200, { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
  return 200;
}

async function health(api: ApiServices, ctx: Ctx): Promise<number> {
  let etcdOk = true;
  try {
    await api.objects.currentRevision();
  } catch {
    etcdOk = false;
  }
  const name = ctx.path.slice(1);
  const lines = HEALTH_CHECKS.map((c) => (c === 'etcd' && !etcdOk ? `[-]${c} failed: reason withheld` : `[+]${c} ok`));
  const code = etcdOk ? 200 : 500;
  const text = ctx.query.has('verbose') ? `${lines.join('\n')}\n${name} check ${etcdOk ? 'passed' : 'failed'}\n` : etcdOk ? 'ok' : `${lines.join('\n')}\n${name} check failed\n`;
  ctx.res.writeHead(code, { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' });
  ctx.res.end(text);
  return code;
}

export async function serveNonResource(api: ApiServices, ctx: Ctx): Promise<number> {
  const { path, req, res } = ctx;
  if (path === '/healthz' || path === '/livez' || path === '/readyz') return health(api, ctx);
  if (path === '/version') return json(res, KUBE_VERSION);
  if (path === '/api') {
    if (wantsAggregated(req.headers.accept)) return json(res, aggregatedDiscovery(api.registry, true), AGGREGATED_CONTENT_TYPE);
    return json(res, apiVersions(ctx.serverAddress));
  }
  if (path === '/apis') {
    if (wantsAggregated(req.headers.accept)) return json(res, aggregatedDiscovery(api.registry, false), AGGREGATED_CONTENT_TYPE);
    return json(res, apiGroupList(api.registry));
  }
  const parts = path.split('/').filter(Boolean);
  if (parts[0] === 'api' && parts.length === 2) {
    const list = apiResourceList(api.registry, '', parts[1] ?? '');
    if (list) return json(res, list);
  }
  if (parts[0] === 'apis' && parts.length === 2) {
    const g = apiGroup(api.registry, parts[1] ?? '');
    if (g) return json(res, g);
  }
  if (parts[0] === 'apis' && parts.length === 3) {
    const list = apiResourceList(api.registry, parts[1] ?? '', parts[2] ?? '');
    if (list) return json(res, list);
  }
  if (parts[0] === 'openapi') {
    const served = serveOpenApi(api.registry, path, ctx.query, req, res);
    if (served) return served;
  }
  throw errors.generic(404, 'NotFound', 'the server could not find the requested resource', {});
}
