// The lab's image registry: OCI distribution API v2, read-only, serving the OCI image
// layout the image builder writes (vm-images/out/images). Every node's containerd
// resolves docker.io, registry.k8s.io, ghcr.io, … only to this registry (hosts.toml,
// `server` = our URL, no fallback), so `image: nginx` pulls for real and
// `image: busybox777` fails for real with the registry's NAME_UNKNOWN.
//
// Plain HTTP on purpose: the registry listens only on loopback or on the lab's internal
// bridge address, which no other machine can reach; containerd talks HTTP to it because
// hosts.toml names an http:// server. A wildcard address is refused for that reason.

import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { RegistryError } from './errors.js';
import { readLayoutContent } from './oci-layout.js';
import type { LayoutContent } from './oci-layout.js';
import { route } from './routes.js';

export interface RegistryOptions {
  /** An OCI image layout: oci-layout, index.json (ref.name annotations), blobs/. */
  layoutDir: string;
  /** Loopback (default) or the lab bridge's address; never a wildcard. */
  host?: string;
  /** 0 (default) picks a free port. */
  port?: number;
  /** One line per request: method, path, status, bytes sent. */
  log?: (line: string) => void;
}

export interface RegistryHandle {
  /** http://host:port, what hosts.toml's `server` takes. */
  url: string;
  host: string;
  port: number;
  /** Re-reads the layout (after an image build); requests in flight finish on the old one. */
  reload(): Promise<void>;
  close(): Promise<void>;
}

const WILDCARDS = new Set(['', '0.0.0.0', '::', '[::]', '::0']);

export async function startRegistry(opts: RegistryOptions): Promise<RegistryHandle> {
  const host = opts.host ?? '127.0.0.1';
  if (WILDCARDS.has(host)) {
    throw new RegistryError('InvalidOption', `refusing to serve plain HTTP on the wildcard address ${JSON.stringify(host)}`);
  }
  const log = opts.log ?? (() => undefined);
  let content: LayoutContent = await readLayoutContent(opts.layoutDir);

  const server = createServer((req, res) => {
    handle(req, res, content, log).catch((err: unknown) => {
      log(`${req.method ?? '?'} ${req.url ?? ''} internal error: ${(err as Error).message}`);
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain' }).end('internal error\n');
      else res.destroy();
    });
  });
  // skopeo --tls-verify=false tries TLS first and falls back to HTTP: its ClientHello
  // arrives here as a malformed request. Answer 400 and close, as Go's server does.
  server.on('clientError', (err, socket) => {
    log(`client error (not HTTP: a TLS probe?): ${err.message}`);
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    else socket.destroy();
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const urlHost = host.includes(':') ? `[${host}]` : host;

  return {
    url: `http://${urlHost}:${port}`,
    host,
    port,
    async reload() {
      content = await readLayoutContent(opts.layoutDir);
    },
    close() {
      return new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      });
    },
  };
}

async function handle(req: IncomingMessage, res: ServerResponse, content: LayoutContent, log: (line: string) => void): Promise<void> {
  const reply = await route(req, res, content);
  let logged = false;
  const done = () => {
    if (logged) return;
    logged = true;
    const cut = res.writableFinished ? '' : ' (cut short)';
    log(`${req.method ?? '?'} ${req.url ?? ''} ${res.statusCode} ${reply.bytes}${cut}`);
  };
  if (res.writableFinished || res.destroyed) {
    done();
  } else {
    res.once('finish', done);
    res.once('close', done);
  }
}
