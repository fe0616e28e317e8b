// HTTP/1.1 on a raw socket: upgrade requests leave Node's response machinery behind,
// so their answers (errors before the switch, or the upgrade towards containerd)
// are written and read here by hand.
import { STATUS_CODES } from 'node:http';
import { connect } from 'node:net';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { KubeletServerError } from './errors.js';

/** a plain-text answer, as the kubelet's http.Error / go-restful WriteError, then close */
export function writeRawError(socket: Duplex, code: number, message: string): void {
  if (!socket.writable) return;
  const body = Buffer.from(message);
  socket.end(
    `HTTP/1.1 ${code} ${STATUS_CODES[code] ?? 'Error'}\r\n` +
      'Content-Type: text/plain; charset=utf-8\r\n' +
      'X-Content-Type-Options: nosniff\r\n' +
      `Content-Length: ${body.length}\r\nConnection: close\r\n\r\n${body.toString()}`,
  );
}

export interface UpgradeResponse {
  statusCode: number;
  /** lowercase name → values */
  headers: Record<string, string[]>;
  /** the status line and headers as received, through the blank line */
  rawHead: Buffer;
  socket: Socket;
}

const MAX_HEAD = 64 * 1024;

/**
 * Sends an upgrade request to an http:// URL (containerd's streaming server) and reads
 * the response head. Bytes after the head are pushed back into the socket. For an
 * answer other than 101 the body is read and thrown as a KubeletServerError.
 */
export async function upgradeRequest(url: string, method: string, headers: [string, string][], timeoutMs = 30_000): Promise<UpgradeResponse> {
  const u = new URL(url);
  if (u.protocol !== 'http:') throw new KubeletServerError(500, `streaming server URL ${url}: only http:// is supported`);
  const socket = connect(Number(u.port || 80), u.hostname);
  socket.setNoDelay(true);
  const lines = [`${method} ${u.pathname}${u.search} HTTP/1.1`, `Host: ${u.host}`, ...headers.map(([k, v]) => `${k}: ${v}`)];
  socket.write(`${lines.join('\r\n')}\r\n\r\n`);
  const head = await new Promise<{ raw: Buffer; rest: Buffer }>((resolve, reject) => {
    let buf = Buffer.alloc(0);
    const timer = setTimeout(() => fail(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
    function cleanup(): void {
      clearTimeout(timer);
      socket.off('data', onData);
      socket.off('error', fail);
      socket.off('close', onClose);
    }
    function fail(err: Error): void {
      cleanup();
      socket.destroy();
      reject(new KubeletServerError(500, `error dialing the container runtime's streaming server ${u.host}: ${err.message}`));
    }
    function onClose(): void {
      fail(new Error('connection closed before the response'));
    }
    function onData(chunk: Buffer): void {
      buf = Buffer.concat([buf, chunk]);
      const end = buf.indexOf('\r\n\r\n');
      if (end < 0) {
        if (buf.length > MAX_HEAD) fail(new Error('response head too large'));
        return;
      }
      cleanup();
      socket.pause();
      resolve({ raw: buf.subarray(0, end + 4), rest: buf.subarray(end + 4) });
    }
    socket.on('data', onData);
    socket.on('error', fail);
    socket.on('close', onClose);
  });
  const [statusLine = '', ...headerLines] = head.raw.toString('latin1').split('\r\n');
  const statusCode = Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine)?.[1] ?? 0);
  const parsed: Record<string, string[]> = {};
  for (const l of headerLines) {
    const i = l.indexOf(':');
    if (i <= 0) continue;
    const name = l.slice(0, i).trim().toLowerCase();
    (parsed[name] ??= []).push(l.slice(i + 1).trim());
  }
  if (statusCode !== 101) {
    const body = await readBody(socket, head.rest, Number(parsed['content-length']?.[0] ?? NaN));
    socket.destroy();
    throw new KubeletServerError(statusCode >= 400 ? statusCode : 500, body.trim() || `upgrade refused: ${statusLine}`);
  }
  if (head.rest.length) socket.unshift(head.rest);
  return { statusCode, headers: parsed, rawHead: head.raw, socket };
}

function readBody(socket: Socket, first: Buffer, length: number): Promise<string> {
  return new Promise((resolve) => {
    let buf = first;
    const done = (): void => {
      clearTimeout(timer);
      socket.removeAllListeners('data');
      resolve(buf.subarray(0, Number.isNaN(length) ? buf.length : length).toString());
    };
    const timer = setTimeout(done, 5000);
    if (!Number.isNaN(length) && buf.length >= length) return done();
    socket.on('data', (c: Buffer) => {
      buf = Buffer.concat([buf, c]);
      if (!Number.isNaN(length) && buf.length >= length) done();
    });
    socket.once('end', done);
    socket.once('error', done);
    socket.resume();
  });
}
