// The running lab's control socket (<data>/lab.sock, owner-only): `k8s-lab node add|
// remove|stop|start|crash` from another shell ask the `k8s-lab up` process, which owns
// the node processes. One JSON request per connection, one JSON answer.
import { createConnection, createServer } from 'node:net';
import type { Server } from 'node:net';
import { chmod, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { CliError } from './errors.js';

export const CONTROL_SOCKET = 'lab.sock';

export interface ControlRequest {
  verb: string;
  args: string[];
}

export type ControlAnswer = { result: string } | { error: { code: string; message: string } };

export async function serveControl(dataDir: string, handle: (req: ControlRequest) => Promise<string>): Promise<{ close(): Promise<void> }> {
  const path = join(dataDir, CONTROL_SOCKET);
  await rm(path, { force: true });
  const server: Server = createServer((sock) => {
    let buf = '';
    sock.on('data', (d: Buffer) => {
      buf += d.toString();
      const nl = buf.indexOf('\n');
      if (nl < 0) return;
      let req: ControlRequest;
      try {
        req = JSON.parse(buf.slice(0, nl)) as ControlRequest;
        if (typeof req.verb !== 'string' || !Array.isArray(req.args)) throw new Error('expected {verb, args}');
      } catch (e) {
        sock.end(JSON.stringify({ error: { code: 'BadRequest', message: String(e) } }) + '\n');
        return;
      }
      handle(req).then(
        (result) => sock.end(JSON.stringify({ result }) + '\n'),
        (e: unknown) => sock.end(JSON.stringify({ error: { code: (e as { code?: string }).code ?? 'Failed', message: e instanceof Error ? e.message : String(e) } }) + '\n'),
      );
    });
    sock.on('error', () => undefined);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(path, () => resolve());
  });
  await chmod(path, 0o600);
  return { close: () => new Promise<void>((r) => server.close(() => void rm(path, { force: true }).then(() => r()))) };
}

export function callControl(dataDir: string, req: ControlRequest): Promise<string> {
  return new Promise((resolve, reject) => {
    const sock = createConnection(join(dataDir, CONTROL_SOCKET));
    let buf = '';
    sock.on('connect', () => sock.write(JSON.stringify(req) + '\n'));
    sock.on('data', (d: Buffer) => (buf += d.toString()));
    sock.on('end', () => {
      try {
        const a = JSON.parse(buf) as ControlAnswer;
        if ('error' in a) reject(new CliError(a.error.message, a.error.code === 'NotFound' || a.error.code === 'Invalid' ? 2 : 1));
        else resolve(a.result);
      } catch {
        reject(new CliError(`the lab in ${dataDir} gave no answer`));
      }
    });
    sock.on('error', (e: NodeJS.ErrnoException) =>
      reject(new CliError(e.code === 'ENOENT' || e.code === 'ECONNREFUSED' ? `no lab is running from ${dataDir}; start one with: k8s-lab up --data-dir ${dataDir}` : e.message)),
    );
  });
}
