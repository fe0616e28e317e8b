// How the API server reaches a node's kubelet (kube-apiserver --kubelet-client-certificate,
// --kubelet-certificate-authority, --kubelet-preferred-address-types): TLS to the
// node's address on status.daemonEndpoints.kubeletEndpoint.Port, presenting the
// apiserver-kubelet-client certificate and verifying the kubelet's serving
// certificate against the cluster CA.
import type { IncomingMessage } from 'node:http';
import { request } from 'node:https';
import { checkServerIdentity, connect } from 'node:tls';
import type { TLSSocket } from 'node:tls';
import type { KubeObject } from '../../common/kube-types.js';
import type { KubeletDialer } from './handlers/context.js';

export interface KubeletDialerOptions {
  /** the cluster CA, which signs kubelet serving certificates */
  caPem: string;
  /** apiserver-kubelet-client.crt / .key */
  certPem: string;
  keyPem: string;
  /** default 10 s */
  connectTimeoutMs?: number;
  /** where to dial instead of the node's address (a VM node's kubelet behind a forward on 127.0.0.1) */
  route?: KubeletRoute;
}

/**
 * The address to dial for a node, when it is not the node's own: the kubelet's serving
 * certificate is still checked against the node's address, as if dialed directly.
 */
export type KubeletRoute = (nodeName: string) => { host: string; port: number } | undefined;

/** a node without a usable address or port */
export class KubeletDialError extends Error {
  override readonly name = 'KubeletDialError';
}

interface NodeStatus {
  addresses?: { type?: string; address?: string }[];
  daemonEndpoints?: { kubeletEndpoint?: { Port?: number } };
}

/** the lab's order of --kubelet-preferred-address-types (nodes here always have an InternalIP) */
const ADDRESS_TYPES = ['InternalIP', 'Hostname', 'InternalDNS', 'ExternalIP', 'ExternalDNS'];

export function kubeletAddress(node: KubeObject): { host: string; port: number } {
  const status = (node.status ?? {}) as NodeStatus;
  const addrs = status.addresses ?? [];
  let host: string | undefined;
  for (const t of ADDRESS_TYPES) {
    host = addrs.find((a) => a.type === t && a.address)?.address;
    if (host) break;
  }
  // pkg/util/node GetPreferredNodeAddress's message
  if (!host) throw new KubeletDialError(`no preferred addresses found; known addresses: [${addrs.map((a) => `{${a.type ?? ''} ${a.address ?? ''}}`).join(' ')}]`);
  const port = status.daemonEndpoints?.kubeletEndpoint?.Port || 10250;
  return { host, port };
}

/** Go's wording of dial errors, which kubectl users see in kube-apiserver's messages */
export function dialErrorMessage(host: string, port: number, err: Error): string {
  const code = (err as NodeJS.ErrnoException).code;
  const why: Record<string, string> = {
    ECONNREFUSED: 'connect: connection refused',
    EHOSTUNREACH: 'connect: no route to host',
    ENETUNREACH: 'connect: network is unreachable',
    ETIMEDOUT: 'i/o timeout',
    ECONNRESET: 'read: connection reset by peer',
  };
  return `dial tcp ${host}:${port}: ${(code && why[code]) ?? err.message}`;
}

export function createKubeletDialer(opts: KubeletDialerOptions): KubeletDialer {
  const timeout = opts.connectTimeoutMs ?? 10_000;
  const tls = { ca: opts.caPem, cert: opts.certPem, key: opts.keyPem };
  // the node's address names the kubelet (certificate, messages); the route says where to dial
  const target = (node: KubeObject): { host: string; port: number; dial: { host: string; port: number } } => {
    const addr = kubeletAddress(node);
    return { ...addr, dial: opts.route?.(node.metadata.name ?? '') ?? addr };
  };
  const identity = (host: string) => ({ checkServerIdentity: (_name: string, cert: Parameters<typeof checkServerIdentity>[1]) => checkServerIdentity(host, cert) });
  return {
    get(node, path) {
      const { host, port, dial } = target(node);
      return new Promise<IncomingMessage>((resolve, reject) => {
        const req = request({ host: dial.host, port: dial.port, path, method: 'GET', ...tls, ...identity(host), agent: false, timeout }, (res) => {
          // the timeout bounds the dial and the answer's head, never a followed log
          req.setTimeout(0);
          resolve(res);
        });
        req.on('timeout', () => req.destroy(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' })));
        req.on('error', (err) => reject(new KubeletDialError(`Get "https://${host}:${port}${path}": ${dialErrorMessage(host, port, err)}`)));
        req.end();
      });
    },
    connect(node) {
      const { host, port, dial } = target(node);
      return new Promise<TLSSocket>((resolve, reject) => {
        // HTTP/1.1 only: an upgrade cannot ride HTTP/2
        const socket = connect({ host: dial.host, port: dial.port, ...tls, ...identity(host), ALPNProtocols: ['http/1.1'], servername: /^[\d.:]+$/.test(host) ? undefined : host });
        const timer = setTimeout(() => socket.destroy(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' })), timeout);
        socket.once('secureConnect', () => {
          clearTimeout(timer);
          resolve(socket);
        });
        socket.once('error', (err: Error) => {
          clearTimeout(timer);
          reject(new KubeletDialError(dialErrorMessage(host, port, err)));
        });
      });
    },
  };
}
