// kube-apiserver's request path for k8s-lab: TLS with x509 client certificates
// (user = CN, groups = O), discovery and health, then the resource handlers.
// The API server is the only component that touches the store.
import { randomUUID } from 'node:crypto';
import { ServerResponse } from 'node:http';
import type { IncomingMessage } from 'node:http';
import { createServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { TLSSocket } from 'node:tls';
import type { KvBackend } from '../store/types.js';
import { clipBody, TraceBus } from '../trace/trace-bus.js';
import { identityFromCert } from '../pki/index.js';
import { namespaceLifecycle } from './admission/namespace-lifecycle.js';
import type { ServiceNetworkConfig } from './admission/service-allocation.js';
import { serviceAllocation } from './admission/service-allocation.js';
import { ApiError, errors } from './errors.js';
import type { ApiServices, Clock, KubeletDialer, RestRequest, UserInfo } from './handlers/context.js';
import { dispatch } from './handlers/dispatch.js';
import type { WatchConfig } from './handlers/watch.js';
import { handleWatch } from './handlers/watch.js';
import { handleNodeProxy, isUpgradeRequest } from './handlers/node-proxy.js';
import { handleNodeProxyPath } from './handlers/node-proxy-path.js';
import { readBody } from './http/body.js';
import { includeObjectPolicy, negotiate, shapeBody, TABLE_CONTENT_TYPE } from './http/negotiate.js';
import { serveNonResource } from './non-resource.js';
import { parseRequestInfo } from './request-info.js';
import { ResourceRegistry } from './registry.js';
import { builtinResources } from './resources/defs.js';
import { ObjectStore } from './storage/object-store.js';
import { bootstrapCluster } from './bootstrap.js';
import { EventLeases } from './storage/event-leases.js';
import { NamespaceCache } from './storage/namespace-cache.js';
import { startCompactor } from './storage/compactor.js';
import { buildTable } from './tables/index.js';
import { DEFAULT_TOLERATIONS } from './defaults/pod.js';
import type { TolerationSeconds } from './defaults/pod.js';

export interface ApiServerConfig {
  host?: string;
  /** 0 picks a free port */
  port: number;
  tls: { cert: Buffer; key: Buffer; clientCa: Buffer };
  backend: KvBackend;
  clock?: Clock;
  trace?: TraceBus;
  network?: Partial<ServiceNetworkConfig>;
  watch?: Partial<WatchConfig>;
  /** kube-apiserver --etcd-compaction-interval, default 5 min */
  compactionIntervalMs?: number;
  /** kube-apiserver --event-ttl, default 1 h */
  eventTtlSeconds?: number;
  /** kube-apiserver --default-not-ready-toleration-seconds / --default-unreachable-toleration-seconds (300) */
  tolerationSeconds?: TolerationSeconds;
  /** how logs/exec/attach/portforward reach kubelets (kubelet-dialer.ts); unset: those answer 503 */
  kubelet?: KubeletDialer;
}

export interface ApiServer {
  readonly url: string;
  readonly port: number;
  readonly services: ApiServices;
  close(): Promise<void>;
}

const ANONYMOUS_PATHS = new Set(['/healthz', '/livez', '/readyz', '/version']);

// a connection's certificate never changes: authenticate it once, not per request
const identities = new WeakMap<TLSSocket, UserInfo | undefined>();

function authenticate(req: IncomingMessage): UserInfo | undefined {
  const socket = req.socket as TLSSocket;
  if (identities.has(socket)) return identities.get(socket);
  const user = authenticateSocket(socket);
  identities.set(socket, user);
  return user;
}

function authenticateSocket(socket: TLSSocket): UserInfo | undefined {
  if (!socket.authorized) return undefined;
  const cert = socket.getPeerCertificate();
  if (!cert || !cert.subject) return undefined;
  try {
    const id = identityFromCert(cert);
    return { name: id.user, groups: [...id.groups, 'system:authenticated'] };
  } catch {
    return undefined; // a certificate without a CN authenticates nobody
  }
}

/** writes the answer; returns its text (the live trace shows it) */
function sendJson(res: ServerResponse, code: number, body: unknown, contentType = 'application/json', warnings: string[] = []): string {
  const text = JSON.stringify(body);
  const headers: Record<string, string | string[]> = { 'Content-Type': contentType, 'Content-Length': String(Buffer.byteLength(text)), 'Cache-Control': 'no-cache, private' };
  // RFC 7234 warning headers, as kube-apiserver sends them for dropped fields
  if (warnings.length) headers.Warning = warnings.map((w) => `299 - ${JSON.stringify(w)}`);
  res.writeHead(code, headers);
  res.end(text);
  return text;
}

/** a request body as the trace shows it: JSON/YAML text, or a note for binary (protobuf) */
function bodyText(body: Buffer | undefined, contentType: string | undefined): string | undefined {
  if (!body || body.length === 0) return undefined;
  if (contentType?.includes('protobuf')) return `<${contentType}: ${body.length} bytes>`;
  return clipBody(body.toString('utf8'));
}

/** name and uid of the object an answer carries (a POST to a collection names it only there) */
function answeredMeta(body: unknown): { name?: string; uid?: string } {
  const meta = (body as { metadata?: { name?: unknown; uid?: unknown } } | undefined)?.metadata;
  return { name: typeof meta?.name === 'string' ? meta.name : undefined, uid: typeof meta?.uid === 'string' ? meta.uid : undefined };
}

export async function startApiServer(cfg: ApiServerConfig): Promise<ApiServer> {
  const clock = cfg.clock ?? { now: () => Date.now() };
  const trace = cfg.trace ?? new TraceBus();
  const tolerationSeconds = cfg.tolerationSeconds ?? DEFAULT_TOLERATIONS;
  const registry = new ResourceRegistry(builtinResources({ tolerationSeconds }));
  const objects = new ObjectStore(cfg.backend, trace);
  const network: ServiceNetworkConfig = {
    serviceCidr: cfg.network?.serviceCidr ?? '10.96.0.0/12',
    nodePortRange: cfg.network?.nodePortRange ?? [30000, 32767],
    loadBalancerPool: cfg.network?.loadBalancerPool ?? '10.250.0.0/24',
  };
  const eventLeases = new EventLeases(cfg.backend, cfg.eventTtlSeconds ?? 3600, clock);
  const namespaces = new NamespaceCache(objects);
  const services: ApiServices = {
    registry,
    objects,
    clock,
    trace,
    admission: [namespaceLifecycle, serviceAllocation(network)],
    namespaces,
    newUid: () => randomUUID(),
    tolerationSeconds,
    eventLease: () => eventLeases.current(),
    kubelet: cfg.kubelet,
  };
  const watchCfg: WatchConfig = { bookmarkIntervalMs: cfg.watch?.bookmarkIntervalMs ?? 60_000, maxTimeoutMs: cfg.watch?.maxTimeoutMs ?? 1_800_000 };
  let serverAddress = '127.0.0.1:0';

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const started = performance.now();
    const url = new URL(req.url ?? '/', 'https://localhost');
    const method = req.method ?? 'GET';
    const user = authenticate(req);
    let code = 200;
    // only while the trace is watched: what went in and out, for the app's step details
    let requestBody: Buffer | undefined;
    let responseText: string | undefined;
    let answered: unknown;
    const info = parseRequestInfo(method, url.pathname, url.searchParams);
    try {
      if (!user && !ANONYMOUS_PATHS.has(url.pathname)) throw errors.unauthorized();
      if (info.kind === 'nonresource') {
        code = await serveNonResource(services, { path: url.pathname, query: url.searchParams, req, res, serverAddress });
        return;
      }
      const def = registry.lookup(info.group, info.version, info.resource);
      if (!def || !user) throw errors.generic(404, 'NotFound', 'the server could not find the requested resource', {});
      const negotiated = negotiate(req.headers.accept);
      // a DELETE may carry DeleteOptions, with a length or chunked
      const hasBody = Number(req.headers['content-length'] ?? '0') > 0 || req.headers['transfer-encoding'] !== undefined;
      // an upgrade (exec/attach/portforward) has no body: its socket is handed to the kubelet
      const needsBody = !isUpgradeRequest(req) && (method === 'POST' || method === 'PUT' || method === 'PATCH' || (method === 'DELETE' && hasBody));
      const body = needsBody ? await readBody(req) : undefined;
      requestBody = body;
      const rest: RestRequest = { info, def, user, query: url.searchParams, headers: req.headers, body };
      if (info.verb === 'watch' && (info.subresource === '' || info.subresource === 'status')) {
        const now = (): Date => new Date(clock.now());
        await handleWatch(services, rest, res, {
          contentType: negotiated.shape === 'table' ? TABLE_CONTENT_TYPE : 'application/json',
          encode: (obj, first) =>
            negotiated.shape === 'table'
              ? buildTable(def.table, [obj], { now: now(), includeObject: includeObjectPolicy(url.searchParams), omitHeaders: !first })
              : negotiated.shape === 'metadata'
                ? { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: obj.metadata }
                : obj,
        }, watchCfg);
        return;
      }
      if (def.kind === 'Node' && info.subresource === 'proxy') {
        code = await handleNodeProxyPath(services, rest, req, res);
        return;
      }
      if (info.subresource === 'log' || info.verb === 'connect') {
        code = await handleNodeProxy(services, rest, req, res);
        return;
      }
      const result = await dispatch(services, rest);
      code = result.code;
      answered = result.body;
      const shaped = shapeBody(def, result.body, negotiated, url.searchParams, new Date(clock.now()));
      const sent = sendJson(res, result.code, shaped, negotiated.shape === 'object' ? 'application/json' : negotiated.contentType, result.warnings);
      if (trace.active) responseText = sent;
    } catch (e) {
      const err = e instanceof ApiError ? e : errors.internal(e instanceof Error ? e.message : String(e));
      if (!(e instanceof ApiError)) console.error('apiserver: internal error', e);
      code = err.code;
      // an unread (too large) body leaves the connection unusable: close it, as Go's server does
      if (err.code === 413 && !res.headersSent) res.setHeader('Connection', 'close');
      if (!res.headersSent) {
        const sent = sendJson(res, err.code, err.status);
        if (trace.active) responseText = sent;
      } else res.end();
    } finally {
      if (trace.active) {
        const meta = answeredMeta(answered);
        trace.emit({
          kind: 'request',
          ts: Date.now(),
          user: user?.name ?? 'system:anonymous',
          groups: user?.groups,
          verb: info.kind === 'resource' ? info.verb : method.toLowerCase(),
          resource: info.kind === 'resource' ? info.resource : url.pathname,
          subresource: info.kind === 'resource' && info.subresource ? info.subresource : undefined,
          namespace: info.kind === 'resource' && info.namespace ? info.namespace : undefined,
          name: info.kind === 'resource' && info.name ? info.name : meta.name,
          uid: meta.uid,
          code,
          ms: performance.now() - started,
          userAgent: req.headers['user-agent'],
          requestBody: bodyText(requestBody, req.headers['content-type']),
          responseBody: clipBody(responseText),
        });
      }
    }
  };

  const server = createServer(
    { cert: cfg.tls.cert, key: cfg.tls.key, ca: cfg.tls.clientCa, requestCert: true, rejectUnauthorized: false },
    (req, res) => void handle(req, res),
  );
  server.keepAliveTimeout = 120_000;
  // exec/attach/portforward are HTTP upgrades: they take the same request path, with a
  // response bound to the raw socket for errors; node-proxy.ts splices the socket on success
  const upgraded = new Set<Duplex>();
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    upgraded.add(socket);
    socket.once('close', () => upgraded.delete(socket));
    socket.on('error', () => socket.destroy());
    if (head.length) socket.unshift(head);
    const res = new ServerResponse(req);
    res.shouldKeepAlive = false;
    res.assignSocket(socket as Socket);
    res.once('finish', () => socket.end());
    void handle(req, res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(cfg.port, cfg.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  serverAddress = `${cfg.host ?? '127.0.0.1'}:${port}`;
  await namespaces.start();
  await bootstrapCluster(services);
  const compactor = startCompactor(cfg.backend, cfg.compactionIntervalMs ?? 300_000);
  return {
    url: `https://${serverAddress}`,
    port,
    services,
    close: async () => {
      compactor.stop();
      namespaces.stop();
      eventLeases.stop();
      server.closeAllConnections();
      for (const s of upgraded) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
