// The etcd v3 gRPC facade: serves KV, Watch, Lease, Maintenance and Cluster over any
// KvBackend, so `etcdctl` (and any etcd v3 client) can talk to the embedded store as
// it would to a one-member etcd cluster, mutual TLS included.
import { Server as NetServer } from 'node:net';
import type { Socket } from 'node:net';
import { Server, ServerCredentials } from '@grpc/grpc-js';
import type { ServiceDefinition, UntypedServiceImplementation, sendUnaryData, ServerUnaryCall } from '@grpc/grpc-js';
import type { KvBackend } from '../types.js';
import { createFacadeContext } from './facade-context.js';
import { kvService } from './kv-service.js';
import { leaseService } from './lease-service.js';
import { clusterService, maintenanceService } from './maintenance-service.js';
import { etcdService } from './proto.js';
import type { EtcdServiceName } from './proto.js';
import { watchService } from './watch-service.js';

export interface FacadeTraceOp {
  service: string;
  method: string;
  key?: string;
  revision?: number;
  ms: number;
}

export interface EtcdFacadeOptions {
  backend: KvBackend;
  /** default 127.0.0.1 */
  host?: string;
  /** default 2379; 0 picks a free port */
  port?: number;
  /** server certificate and the CA client certificates must chain to; absent: plaintext */
  tls: { ca: Buffer; cert: Buffer; key: Buffer } | undefined;
  /** member name in `etcdctl member list`, and the seed of the cluster id; default k8s-lab */
  clusterName?: string;
  /** called after each unary call (the desktop app draws them); absent: no wrapping at all */
  trace?: (op: FacadeTraceOp) => void;
}

export interface EtcdFacade {
  port: number;
  /** e.g. https://127.0.0.1:2379 */
  url: string;
  close(): Promise<void>;
}

/**
 * etcd's --max-request-bytes default (1.5 MiB) plus the 512 KiB gRPC overhead it allows
 * on top: a Kubernetes object at its size limit still fits.
 */
const MAX_REQUEST_BYTES = 1.5 * 1024 * 1024 + 512 * 1024;

interface WithKeyAndHeader {
  key?: unknown;
  header?: { revision?: unknown } | null;
}

function traced(
  service: string,
  definition: ServiceDefinition,
  implementation: UntypedServiceImplementation,
  trace: (op: FacadeTraceOp) => void,
): UntypedServiceImplementation {
  const out: UntypedServiceImplementation = { ...implementation };
  for (const [method, handler] of Object.entries(implementation)) {
    const def = definition[method];
    if (!def || def.requestStream || def.responseStream) continue;
    const run = handler as (call: ServerUnaryCall<WithKeyAndHeader, WithKeyAndHeader>, cb: sendUnaryData<WithKeyAndHeader>) => void;
    out[method] = (call: ServerUnaryCall<WithKeyAndHeader, WithKeyAndHeader>, callback: sendUnaryData<WithKeyAndHeader>) => {
      const started = performance.now();
      run(call, (error, value, ...rest) => {
        const op: FacadeTraceOp = { service, method, ms: performance.now() - started };
        const key = call.request.key;
        if (Buffer.isBuffer(key) && key.length > 0) op.key = key.toString('utf8');
        const revision = value?.header?.revision;
        if (revision !== undefined && revision !== null) op.revision = Number(revision);
        try {
          trace(op);
        } finally {
          callback(error, value, ...rest);
        }
      });
    };
  }
  return out;
}

/**
 * grpc-js disables Nagle's algorithm on the sockets it connects but not on those its
 * server accepts: a response written as several small frames (headers, data,
 * trailers) can then wait for the client's delayed ACK, up to 40 ms on Linux. etcd
 * (Go) disables Nagle on every TCP connection. grpc-js has no option for it, so this
 * reaches the HTTP/2 servers it created; if a grpc-js release renames the field, the
 * facade keeps working, just with Nagle on.
 */
function disableNagle(server: Server): void {
  const servers = (server as unknown as { http2Servers?: unknown }).http2Servers;
  if (!(servers instanceof Map)) return;
  for (const http2Server of servers.keys()) {
    if (http2Server instanceof NetServer) http2Server.on('connection', (socket: Socket) => socket.setNoDelay(true));
  }
}

function bind(server: Server, address: string, credentials: ServerCredentials): Promise<number> {
  return new Promise((resolve, reject) => {
    server.bindAsync(address, credentials, (error, port) => (error ? reject(error) : resolve(port)));
  });
}

export async function startEtcdFacade(options: EtcdFacadeOptions): Promise<EtcdFacade> {
  const { backend, trace } = options;
  const host = options.host ?? '127.0.0.1';
  const clusterName = options.clusterName ?? 'k8s-lab';
  const ctx = createFacadeContext(backend, await backend.status(), clusterName);

  // Streams (watch, keep-alive) outlive any request: close() has to stop them itself.
  const streams = new Set<() => void>();
  const track = (stop: () => void): (() => void) => {
    streams.add(stop);
    return () => streams.delete(stop);
  };

  const server = new Server({
    'grpc.max_receive_message_length': MAX_REQUEST_BYTES,
    'grpc.max_send_message_length': -1,
  });
  const services: [EtcdServiceName, UntypedServiceImplementation][] = [
    ['KV', kvService(ctx)],
    ['Watch', watchService(ctx, track)],
    ['Lease', leaseService(ctx, track)],
    ['Maintenance', maintenanceService(ctx)],
    ['Cluster', clusterService(ctx)],
  ];
  for (const [name, implementation] of services) {
    const definition = etcdService(name);
    server.addService(definition, trace ? traced(name, definition, implementation, trace) : implementation);
  }

  // With TLS, a client must present a certificate signed by the CA, as etcd does with
  // --client-cert-auth: etcdctl without --cert/--key is refused at the handshake.
  const credentials = options.tls
    ? ServerCredentials.createSsl(options.tls.ca, [{ cert_chain: options.tls.cert, private_key: options.tls.key }], true)
    : ServerCredentials.createInsecure();
  const bracketed = host.includes(':') ? `[${host}]` : host;
  const port = await bind(server, `${bracketed}:${options.port ?? 2379}`, credentials);
  disableNagle(server);
  const url = `${options.tls ? 'https' : 'http'}://${bracketed}:${port}`;
  ctx.clientUrl = url;

  let closing: Promise<void> | undefined;
  return {
    port,
    url,
    close() {
      closing ??= new Promise<void>((resolve) => {
        for (const stop of [...streams]) stop();
        streams.clear();
        // Open watch streams never finish by themselves: cut them rather than wait.
        server.forceShutdown();
        resolve();
      });
      return closing;
    },
  };
}
