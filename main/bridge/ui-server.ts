// The headless transport of the bridge: the built renderer over HTTP on 127.0.0.1 and the
// bridge over a WebSocket that needs this start's random token. The app window gets the
// same BridgeService over Electron IPC instead; only this file knows about sockets.
// Loopback is not a boundary on its own (any local page or process can connect), hence
// the token, the Host check (DNS rebinding) and the Origin check on the upgrade.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { join } from 'node:path';
import { WebSocketServer } from 'ws';
import type { WebSocket } from 'ws';
import { assetPath } from '../assets.js';
import { BRIDGE_WS_PATH } from '../common/bridge/wire.js';
import type { EventFrame, RequestFrame, ResponseFrame } from '../common/bridge/wire.js';
import { BridgeService } from './bridge-service.js';
import type { BridgeDeps } from './bridge-service.js';

export class UiServerError extends Error {
  override name = 'UiServerError';
}

export interface UiServerOptions {
  bridge: BridgeDeps;
  /** the built renderer (index.html, app.js, app.css); defaults to dist/renderer */
  rendererDir?: string;
  /** 0: a free port */
  port?: number;
}

export interface UiServer {
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

const FILES: Record<string, string> = {
  '/': 'index.html',
  '/index.html': 'index.html',
  '/app.js': 'app.js',
  '/app.css': 'app.css',
  '/app.js.map': 'app.js.map',
  '/app.css.map': 'app.css.map',
};
const TYPES: Record<string, string> = { html: 'text/html; charset=utf-8', js: 'text/javascript; charset=utf-8', css: 'text/css; charset=utf-8', map: 'application/json' };

/** no inline script or style, no eval, nothing but this origin and its bridge socket */
export function contentSecurityPolicy(port: number): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    `connect-src 'self' ws://127.0.0.1:${port}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

function sameToken(given: string | null, token: string): boolean {
  if (given === null) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

function refuse(socket: Duplex, code: number, text: string): void {
  socket.end(`HTTP/1.1 ${code} ${text}\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: ${text.length}\r\n\r\n${text}`);
}

export async function startUiServer(opts: UiServerOptions): Promise<UiServer> {
  const dir = opts.rendererDir ?? assetPath('dist/renderer');
  if (!existsSync(join(dir, 'index.html'))) throw new UiServerError(`${join(dir, 'index.html')} is missing; run \`npm run build\` first`);
  const token = randomBytes(32).toString('base64url');
  const bridge = new BridgeService(opts.bridge);
  const wss = new WebSocketServer({ noServer: true, maxPayload: 1 << 20 });
  let port = 0;
  const hostOk = (req: IncomingMessage): boolean => req.headers.host === `127.0.0.1:${port}` || req.headers.host === `localhost:${port}`;

  const server = createServer((req, res) => void serveFile(req, res));
  async function serveFile(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const file = FILES[new URL(req.url ?? '/', 'http://x').pathname];
    if (!hostOk(req)) return void res.writeHead(421).end('misdirected request\n');
    if (req.method !== 'GET' && req.method !== 'HEAD') return void res.writeHead(405, { Allow: 'GET, HEAD' }).end();
    if (!file) return void res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found\n');
    try {
      const body = await readFile(join(dir, file));
      res.writeHead(200, {
        'Content-Type': TYPES[file.split('.').pop() ?? ''] ?? 'application/octet-stream',
        'Content-Security-Policy': contentSecurityPolicy(port),
        'X-Content-Type-Options': 'nosniff',
        'Referrer-Policy': 'no-referrer',
        'X-Frame-Options': 'DENY',
        'Cache-Control': 'no-store',
      });
      res.end(req.method === 'HEAD' ? undefined : body);
    } catch {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found\n');
    }
  }

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname !== BRIDGE_WS_PATH || !hostOk(req)) return refuse(socket, 404, 'Not Found');
    if (!sameToken(url.searchParams.get('token'), token)) return refuse(socket, 401, 'Unauthorized');
    const origin = req.headers.origin;
    if (origin !== undefined && origin !== `http://127.0.0.1:${port}` && origin !== `http://localhost:${port}`) return refuse(socket, 403, 'Forbidden');
    wss.handleUpgrade(req, socket, head, (ws) => connect(ws));
  });

  function connect(ws: WebSocket): void {
    const send = (frame: ResponseFrame | EventFrame): void => {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(frame));
    };
    const session = bridge.openSession((event, payload) => send({ type: 'event', event, payload }));
    ws.on('message', (data, isBinary) => {
      const text = isBinary ? undefined : Buffer.isBuffer(data) ? data.toString('utf8') : Buffer.concat(Array.isArray(data) ? data : [Buffer.from(data)]).toString('utf8');
      const frame = parseFrame(text);
      if (!frame) return ws.close(1007, 'expected a request frame');
      void session.handle(frame.channel, frame.params).then((reply) => send({ type: 'response', id: frame.id, ...reply }));
    });
    ws.on('close', () => session.close());
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', (e) => reject(new UiServerError(`the UI server cannot listen: ${e.message}`)));
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/#token=${token}`,
    port,
    token,
    async close() {
      for (const ws of wss.clients) ws.terminate();
      bridge.stop();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    },
  };
}

/** a request frame, or undefined for anything else (the socket is then closed) */
export function parseFrame(text: string | undefined): RequestFrame | undefined {
  if (text === undefined) return undefined;
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof v !== 'object' || v === null) return undefined;
  const f = v as Partial<RequestFrame>;
  if (f.type !== 'request' || !Number.isSafeInteger(f.id) || typeof f.channel !== 'string') return undefined;
  return { type: 'request', id: f.id as number, channel: f.channel, params: f.params };
}
