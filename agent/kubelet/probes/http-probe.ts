// pkg/probe/http: one GET with Go net/http client semantics as the kubelet configures it
// (no keep-alive, no proxy, TLS without verification, redirects followed only to the
// same host, 10 KiB of body read, the whole exchange bounded by timeoutSeconds).
import http from 'node:http';
import https from 'node:https';
import type { Socket } from 'node:net';
import { connErrorText, dialErrorText, errnoCode, errorMessage, joinHostPort } from './go-text.js';
import type { ProbeHttpHeader, ProbeOutcome } from './types.js';

/** User-Agent the kubelet sends: "kube-probe/<major>.<minor>" of the kubelet (we act as 1.32) */
export const PROBE_USER_AGENT = 'kube-probe/1.32';
/** maxRespBodyLength in pkg/probe/http/http.go */
export const MAX_PROBE_BODY_BYTES = 10 * 1024;
/** net/http's default redirect limit, kept by the kubelet's RedirectChecker */
const MAX_REDIRECTS = 10;

export interface HttpGetOptions {
  host: string;
  port: number;
  path?: string;
  /** HTTP or HTTPS (any case) */
  scheme?: string;
  httpHeaders?: ProbeHttpHeader[];
  timeoutMs: number;
}

/** formatURL in pkg/probe/http/request.go: scheme://host:port + the path as written */
export function probeUrl(scheme: string, host: string, port: number, path: string | undefined): URL {
  const p = path === undefined || path === '' ? '/' : path.startsWith('/') ? path : `/${path}`;
  return new URL(`${scheme}://${joinHostPort(host, port)}${p}`);
}

/** newProbeRequest: user headers win; User-Agent and Accept get defaults; an empty Accept removes it */
export function probeHeaders(list: ProbeHttpHeader[] | undefined): Record<string, string | string[]> {
  const headers = new Map<string, { name: string; values: string[] }>();
  for (const h of list ?? []) {
    const key = h.name.toLowerCase();
    const entry = headers.get(key) ?? { name: h.name, values: [] };
    entry.values.push(h.value);
    headers.set(key, entry);
  }
  if (!headers.has('user-agent')) headers.set('user-agent', { name: 'User-Agent', values: [PROBE_USER_AGENT] });
  const accept = headers.get('accept');
  if (!accept) headers.set('accept', { name: 'Accept', values: ['*/*'] });
  else if ((accept.values[0] ?? '') === '') headers.delete('accept');
  const out: Record<string, string | string[]> = {};
  for (const { name, values } of headers.values()) out[name] = values.length === 1 ? (values[0] ?? '') : values;
  return out;
}

interface Exchange {
  status: number;
  location: string | undefined;
  body: string;
  bodyError?: string;
}

class HttpProbeFailure extends Error {
  override readonly name = 'HttpProbeFailure';
}

/**
 * DoHTTPProbe: 200 ≤ code < 400 succeeds; a 3xx that was not followed (another host,
 * or no Location) is a success with a warning; anything else fails with
 * "HTTP probe failed with statuscode: N" (never the body: kubernetes#99425). A transport
 * error fails with Go's `Get "url": …` text.
 */
export async function runHttpGet(opts: HttpGetOptions): Promise<ProbeOutcome> {
  const scheme = (opts.scheme ?? 'HTTP').toLowerCase();
  let url: URL;
  try {
    url = probeUrl(scheme, opts.host, opts.port, opts.path);
  } catch (e) {
    return { result: 'unknown', output: '', error: errorMessage(e) };
  }
  const headers = probeHeaders(opts.httpHeaders);
  const deadline = Date.now() + opts.timeoutMs;
  const originalHost = url.hostname;
  for (let redirects = 0; ; redirects++) {
    let ex: Exchange;
    try {
      ex = await exchange(url, headers, deadline);
    } catch (e) {
      return { result: 'failure', output: `Get ${JSON.stringify(url.href)}: ${errorMessage(e)}` };
    }
    const follow = [301, 302, 303, 307, 308].includes(ex.status) && ex.location !== undefined;
    if (follow && ex.location !== undefined) {
      let next: URL;
      try {
        next = new URL(ex.location, url);
      } catch {
        return { result: 'failure', output: `Get ${JSON.stringify(ex.location)}: failed to parse Location header` };
      }
      // RedirectChecker(followNonLocalRedirects=false): another host ends the chain here
      if (next.hostname === originalHost) {
        // CheckRedirect sees the requests so far: the 10th redirect is refused
        if (redirects + 1 >= MAX_REDIRECTS) {
          return { result: 'failure', output: `Get ${JSON.stringify(next.href)}: stopped after ${MAX_REDIRECTS} redirects` };
        }
        url = next;
        continue;
      }
    }
    if (ex.bodyError !== undefined) return { result: 'failure', output: '', error: ex.bodyError };
    if (ex.status >= 200 && ex.status < 400) {
      if (ex.status >= 300) return { result: 'warning', output: `Probe terminated redirects, Response body: ${ex.body}` };
      return { result: 'success', output: ex.body };
    }
    return { result: 'failure', output: `HTTP probe failed with statuscode: ${ex.status}` };
  }
}

function exchange(url: URL, headers: Record<string, string | string[]>, deadline: number): Promise<Exchange> {
  return new Promise<Exchange>((resolve, reject) => {
    const port = Number(url.port) || (url.protocol === 'https:' ? 443 : 80);
    const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
    const hasHost = Object.keys(headers).some((k) => k.toLowerCase() === 'host');
    const options: https.RequestOptions = {
      method: 'GET',
      host,
      port,
      path: `${url.pathname}${url.search}`,
      // DisableKeepAlives: true; each probe opens and closes its own connection
      agent: false,
      headers: hasHost ? headers : { ...headers, Host: joinHostPort(host, port) },
      rejectUnauthorized: false,
    };
    let connected = false;
    let settled = false;
    let socket: Socket | undefined;
    const finish = (fn: () => void): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      fn();
    };
    const req = (url.protocol === 'https:' ? https : http).request(options);
    // Go's Client.Timeout covers the whole exchange; its text says how far it got
    let onTimeout = (): void => {
      finish(() => reject(new HttpProbeFailure('context deadline exceeded (Client.Timeout exceeded while awaiting headers)')));
      req.destroy();
    };
    const timer = setTimeout(() => onTimeout(), Math.max(0, deadline - Date.now()));
    req.on('socket', (s: Socket) => {
      socket = s;
      s.once('connect', () => {
        connected = true;
      });
    });
    req.on('error', (err) => {
      finish(() => reject(new HttpProbeFailure(transportErrorText(err, connected, host, port, socket))));
    });
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      const done = (bodyError?: string): void => {
        const body = Buffer.concat(chunks).subarray(0, MAX_PROBE_BODY_BYTES).toString('utf8');
        finish(() => resolve({ status: res.statusCode ?? 0, location: res.headers.location, body, bodyError }));
        res.destroy();
        req.destroy();
      };
      onTimeout = () => done('context deadline exceeded (Client.Timeout or context cancellation while reading body)');
      res.on('data', (chunk: Buffer) => {
        chunks.push(chunk);
        size += chunk.length;
        // ReadAtMost: a longer body is truncated, not an error
        if (size >= MAX_PROBE_BODY_BYTES) done();
      });
      res.on('end', () => done());
      res.on('error', () => done('unexpected EOF'));
      res.on('aborted', () => done('unexpected EOF'));
    });
    req.end();
  });
}

function transportErrorText(err: unknown, connected: boolean, host: string, port: number, socket: Socket | undefined): string {
  if (!connected) return dialErrorText(err, host, port);
  const code = errnoCode(err);
  // the server closed the connection without answering: Go's transport reports io.EOF
  if (code === 'ECONNRESET' && errorMessage(err) === 'socket hang up') return 'EOF';
  if (code === 'ECONNRESET' || code === 'EPIPE') {
    const local = socket?.localAddress !== undefined ? joinHostPort(socket.localAddress, socket.localPort ?? 0) : '?';
    return connErrorText(err, code === 'EPIPE' ? 'write' : 'read', local, joinHostPort(host, port));
  }
  if (code?.startsWith('HPE_')) return `net/http: HTTP/1.x transport connection broken: ${errorMessage(err)}`;
  return errorMessage(err);
}
