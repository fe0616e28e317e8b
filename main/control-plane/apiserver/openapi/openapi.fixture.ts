// Test support: the resources the lab serves (mirroring resources/defs.ts) and a
// throwaway discovery + OpenAPI HTTP server for driving the real kubectl.
import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createOpenApiService } from './handler.js';
import type { OpenApiResource } from './paths.js';

const ALL = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];
const NO_COLLECTION_DELETE = ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'];

const r = (group: string, kind: string, plural: string, namespaced: boolean, subresources: string[] = [], verbs = ALL): OpenApiResource => ({
  group, version: 'v1', kind, plural, namespaced, verbs, subresources,
});

export const LAB_RESOURCES: readonly OpenApiResource[] = [
  r('', 'Namespace', 'namespaces', false, ['status', 'finalize'], NO_COLLECTION_DELETE),
  r('', 'Pod', 'pods', true, ['status', 'binding', 'eviction', 'log', 'exec', 'attach', 'portforward', 'ephemeralcontainers']),
  r('', 'Node', 'nodes', false, ['status', 'proxy']),
  r('', 'Service', 'services', true, ['status', 'proxy']),
  r('', 'Endpoints', 'endpoints', true),
  r('', 'Event', 'events', true),
  r('', 'ReplicationController', 'replicationcontrollers', true, ['status', 'scale']),
  r('', 'ConfigMap', 'configmaps', true),
  r('', 'Secret', 'secrets', true),
  r('', 'ServiceAccount', 'serviceaccounts', true, ['token']),
  r('', 'Binding', 'bindings', true, [], ['create']),
  r('apps', 'ReplicaSet', 'replicasets', true, ['status', 'scale']),
  r('apps', 'Deployment', 'deployments', true, ['status', 'scale']),
  r('apps', 'DaemonSet', 'daemonsets', true, ['status']),
  r('apps', 'ControllerRevision', 'controllerrevisions', true),
  r('coordination.k8s.io', 'Lease', 'leases', true),
  r('discovery.k8s.io', 'EndpointSlice', 'endpointslices', true),
  r('events.k8s.io', 'Event', 'events', true),
];

export interface RecordedRequest {
  method: string;
  url: string;
  accept: string;
  contentType: string;
  body: string;
}

export interface StubServer {
  url: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

const singular = (kind: string) => kind.toLowerCase();

/** Legacy (unaggregated) discovery documents for the resources. */
function discovery(resources: readonly OpenApiResource[], path: string): unknown {
  const groups = [...new Set(resources.filter((x) => x.group !== '').map((x) => x.group))].sort();
  if (path === '/version') return { major: '1', minor: '32', gitVersion: 'v1.32.0', platform: 'linux/amd64' };
  if (path === '/api') return { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: '127.0.0.1' }] };
  if (path === '/apis') {
    return {
      kind: 'APIGroupList', apiVersion: 'v1',
      groups: groups.map((name) => ({ name, versions: [{ groupVersion: `${name}/v1`, version: 'v1' }], preferredVersion: { groupVersion: `${name}/v1`, version: 'v1' } })),
    };
  }
  const group = path === '/api/v1' ? '' : groups.find((g) => path === `/apis/${g}/v1`);
  if (group === undefined) return undefined;
  const list = resources.filter((x) => x.group === group).flatMap((x) => [
    { name: x.plural, singularName: singular(x.kind), namespaced: x.namespaced, kind: x.kind, verbs: x.verbs },
    ...x.subresources.map((s) => ({ name: `${x.plural}/${s}`, singularName: '', namespaced: x.namespaced, kind: x.kind, verbs: ['get', 'patch', 'update'] })),
  ]);
  return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: group === '' ? 'v1' : `${group}/v1`, resources: list };
}

/** Plain HTTP on 127.0.0.1 with a random port. POST stores the object at
 *  <collection>/<name>, GET of that path returns it, PATCH is recorded and answered
 *  with the stored object: just enough for kubectl create and apply. */
export async function startStubServer(resources: readonly OpenApiResource[]): Promise<StubServer> {
  const openapi = createOpenApiService(resources);
  const requests: RecordedRequest[] = [];
  const objects = new Map<string, string>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      requests.push({ method: req.method ?? 'GET', url: req.url ?? '/', accept: req.headers.accept ?? '', contentType: req.headers['content-type'] ?? '', body });
      route(req, res, body);
    });
  });
  const json = (res: http.ServerResponse, status: number, body: string) => res.writeHead(status, { 'Content-Type': 'application/json' }).end(body);
  const route = (req: http.IncomingMessage, res: http.ServerResponse, body: string) => {
    const url = new URL(req.url ?? '/', 'http://stub');
    const reply = openapi.handle({ path: url.pathname, query: url.searchParams, accept: req.headers.accept, ifNoneMatch: req.headers['if-none-match'] });
    if (reply) {
      res.writeHead(reply.status, reply.headers).end(reply.body);
      return;
    }
    if (req.method === 'POST') {
      const name = (JSON.parse(body) as { metadata?: { name?: string } }).metadata?.name ?? '';
      objects.set(`${url.pathname}/${name}`, body);
      json(res, 201, body);
      return;
    }
    const stored = objects.get(url.pathname);
    if (stored !== undefined && (req.method === 'GET' || req.method === 'PATCH')) {
      json(res, 200, stored);
      return;
    }
    const doc = req.method === 'GET' ? discovery(resources, url.pathname) : undefined;
    if (doc === undefined) {
      json(res, 404, JSON.stringify({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', reason: 'NotFound', code: 404 }));
      return;
    }
    json(res, 200, JSON.stringify(doc));
  };
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve()))),
  };
}
