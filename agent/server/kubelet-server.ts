// The kubelet's HTTPS server (port 10250) for what the API server proxies to nodes:
// container logs, exec, attach and port-forward. Clients must present a certificate
// of the cluster CA (the API server's apiserver-kubelet-client), as with the kubelet's
// --client-ca-file; then an authorizer decides, standing in for the kubelet's webhook
// authorization (subresource nodes/proxy).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { TLSSocket } from 'node:tls';
import { WebSocketServer } from 'ws';
import { KubeletServerError } from './errors.js';
import { serveCriTrace } from './cri-trace-handler.js';
import { serveContainerLogs } from './log-handler.js';
import { writeRawError } from './raw-http.js';
import { parseRoute } from './routes.js';
import type { KubeletRoute } from './routes.js';
import type { KubeletServer, KubeletServerOptions, KubeletUser } from './types.js';
import { offeredProtocols, serveStreamUpgrade, supportedProtocols } from './upgrade-handler.js';
import { chooseProtocol, unescapeProtocol } from './ws/channel-protocol.js';

/** kubeadm's identity of the API server towards kubelets, and cluster admins */
export function defaultAuthorize(user: KubeletUser): boolean {
  return user.name === 'kube-apiserver-kubelet-client' || user.groups.includes('system:masters');
}

function userOf(socket: TLSSocket): KubeletUser | undefined {
  if (!socket.authorized) return undefined;
  const subject = socket.getPeerCertificate().subject as Record<string, string | string[] | undefined> | undefined;
  const cn = subject?.CN;
  const o = subject?.O;
  const name = Array.isArray(cn) ? cn[0] : cn;
  if (!name) return undefined;
  return { name, groups: o === undefined ? [] : Array.isArray(o) ? o : [o] };
}

/** the kubelet's authorizer message (server.go authorize) */
function forbidden(user: KubeletUser, verb: string): KubeletServerError {
  return new KubeletServerError(403, `Forbidden (user=${user.name}, verb=${verb}, resource=nodes, subresource=proxy)`);
}

function errorOf(err: unknown): KubeletServerError {
  if (err instanceof KubeletServerError) return err;
  return new KubeletServerError(500, err instanceof Error ? err.message : String(err));
}

export async function startKubeletServer(opts: KubeletServerOptions): Promise<KubeletServer> {
  const authorize = opts.authorize ?? defaultAuthorize;
  const pollMs = opts.followPollMs ?? 250;
  const sockets = new Set<Duplex>();
  const wss = new WebSocketServer({
    noServer: true,
    clientTracking: false,
    perMessageDeflate: false,
    handleProtocols: (protocols, req) => {
      const route = parseRoute(new URL(req.url ?? '/', 'https://kubelet').pathname);
      if (!route || (route.kind !== 'exec' && route.kind !== 'attach' && route.kind !== 'portForward')) return false;
      return chooseProtocol([...protocols].map(unescapeProtocol), supportedProtocols(route)) ?? false;
    },
  });

  const check = (socket: TLSSocket, verb: string, route: KubeletRoute | undefined): void => {
    const user = userOf(socket);
    if (!user) throw new KubeletServerError(401, 'Unauthorized');
    if (route?.kind !== 'healthz' && !authorize(user)) throw forbidden(user, verb);
  };

  const onRequest = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'https://kubelet');
    const route = parseRoute(url.pathname);
    try {
      check(req.socket as TLSSocket, (req.method ?? 'GET') === 'GET' ? 'get' : 'create', route);
      if (!route) throw new KubeletServerError(404, '404 page not found');
      if (route.kind === 'healthz') {
        res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8' }).end('ok');
      } else if (route.kind === 'pods') {
        if (!opts.runtime.listPods) throw new KubeletServerError(404, '404 page not found');
        const body = JSON.stringify(await opts.runtime.listPods());
        res.writeHead(200, { 'Content-Type': 'application/json' }).end(body);
      } else if (route.kind === 'criTrace') {
        await serveCriTrace(opts.criTrace, url.searchParams, req, res);
      } else if (route.kind === 'containerLogs') {
        await serveContainerLogs(opts.runtime, { ...route, query: url.searchParams }, req, res, pollMs);
      } else {
        throw new KubeletServerError(400, 'Upgrade request required');
      }
    } catch (err) {
      const e = errorOf(err);
      if (e.code >= 500) opts.log?.(`kubelet server: ${req.method ?? ''} ${url.pathname}: ${e.message}`);
      if (!res.headersSent) res.writeHead(e.code, { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' }).end(e.message);
      else res.end();
    }
  };

  const onUpgrade = async (req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    const url = new URL(req.url ?? '/', 'https://kubelet');
    const route = parseRoute(url.pathname);
    try {
      check(socket as TLSSocket, 'create', route);
      if (!route || (route.kind !== 'exec' && route.kind !== 'attach' && route.kind !== 'portForward')) throw new KubeletServerError(404, '404 page not found');
      opts.log?.(`kubelet server: ${route.kind} ${route.namespace}/${route.pod} (${[req.headers.upgrade ?? "", ...offeredProtocols(req)].join(" ")})`);
      await serveStreamUpgrade({ runtime: opts.runtime, wss, log: opts.log }, route, req, socket, head);
    } catch (err) {
      const e = errorOf(err);
      opts.log?.(`kubelet server: ${url.pathname}: ${e.code} ${e.message}`);
      writeRawError(socket, e.code, e.message);
    }
  };

  const server = createServer(
    { cert: opts.tls.cert, key: opts.tls.key, ca: opts.tls.clientCa, requestCert: true, rejectUnauthorized: true },
    (req, res) => void onRequest(req, res),
  );
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => void onUpgrade(req, socket, head));
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.once('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host ?? '0.0.0.0', () => {
      server.off('error', reject);
      resolve();
    });
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const s of sockets) s.destroy();
      wss.close();
      await closed;
    },
  };
}
