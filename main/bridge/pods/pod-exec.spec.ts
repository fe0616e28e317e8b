// The exec client against a loopback WebSocket server that answers as the API server's
// exec does (handshake, channel frames, the Status at the end): what goes on the wire.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import type { WebSocket } from 'ws';
import { ApiClient, ApiClientError } from '../../common/client/api-client.js';
import { openExec } from './pod-exec.js';
import type { ExecExit } from './exec-frames.js';

const closers: (() => void)[] = [];
afterEach(() => closers.splice(0).forEach((c) => c()));

async function server(protocols: string[] | 'refuse', onConn: (ws: WebSocket, url: string) => void): Promise<ApiClient> {
  const http = createServer((_req, res) => {
    res.writeHead(404, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'pods "nope" not found', reason: 'NotFound', code: 404 }));
  });
  const wss = new WebSocketServer({ noServer: true, handleProtocols: (offered) => (protocols === 'refuse' ? false : (protocols.find((p) => offered.has(p)) ?? false)) });
  http.on('upgrade', (req, socket, head) => {
    if (protocols === 'refuse') return void socket.end('HTTP/1.1 404 Not Found\r\nContent-Type: application/json\r\n\r\n{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"pods \\"nope\\" not found","reason":"NotFound","code":404}');
    wss.handleUpgrade(req, socket, head, (ws) => onConn(ws, req.url ?? ''));
  });
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
  closers.push(() => {
    wss.close();
    http.close();
    http.closeAllConnections();
  });
  const { port } = http.address() as AddressInfo;
  return new ApiClient({ server: `http://127.0.0.1:${port}`, caPem: '', certPem: '', keyPem: '' });
}

describe('openExec', () => {
  it('speaks v5: the size first, stdin on channel 0, output decoded, the Status as the exit code', async () => {
    const seen: Buffer[] = [];
    let path = '';
    const admin = await server(['v5.channel.k8s.io'], (ws, url) => {
      path = url;
      ws.send(Buffer.from([1])); // the server's first, empty frame
      ws.on('message', (m: Buffer) => {
        seen.push(m);
        if (m[0] === 0 && m.subarray(1).toString() === 'exit 3\r') {
          ws.send(Buffer.concat([Buffer.from([1]), Buffer.from('bye ')]));
          ws.send(Buffer.concat([Buffer.from([1]), Buffer.from([0xed, 0x95])])); // a character split across frames
          ws.send(Buffer.concat([Buffer.from([1]), Buffer.from([0x9c])]));
          ws.send(Buffer.concat([Buffer.from([3]), Buffer.from(JSON.stringify({ metadata: {}, status: 'Failure', reason: 'NonZeroExitCode', details: { causes: [{ reason: 'ExitCode', message: '3' }] } }))]));
          ws.close(1000);
        }
      });
    });
    let text = '';
    const exit = new Promise<ExecExit>((resolve) => {
      void openExec(admin, { namespace: 'default', pod: 'web', command: ['sh'], cols: 90, rows: 30 }, { onData: (t) => (text += t), onExit: resolve }).then((h) => {
        expect(h.protocol).toBe('v5.channel.k8s.io');
        h.resize(100, 40);
        h.write('exit 3\r');
      });
    });
    expect(await exit).toEqual({ code: 3, reason: 'command terminated with exit code 3' });
    expect(text).toBe('bye 한');
    expect(path).toBe('/api/v1/namespaces/default/pods/web/exec?command=sh&stdin=true&stdout=true&stderr=false&tty=true');
    expect(seen.map((m) => [m[0], m.subarray(1).toString()])).toEqual([
      [4, '{"Width":90,"Height":30}'],
      [4, '{"Width":100,"Height":40}'],
      [0, 'exit 3\r'],
    ]);
  });

  it('falls back to v4 and closes without the v5 close frame', async () => {
    const seen: Buffer[] = [];
    const admin = await server(['v4.channel.k8s.io'], (ws) => ws.on('message', (m: Buffer) => seen.push(m)));
    const h = await openExec(admin, { namespace: 'n', pod: 'p', command: ['sh'], cols: 80, rows: 24 }, { onData: () => undefined, onExit: () => undefined });
    expect(h.protocol).toBe('v4.channel.k8s.io');
    h.close();
    await new Promise((r) => setTimeout(r, 100));
    expect(seen.map((m) => m[0])).toEqual([4]);
  });

  it("turns the API server's refusal into its Status", async () => {
    const admin = await server('refuse', () => undefined);
    const e = await openExec(admin, { namespace: 'n', pod: 'nope', command: ['sh'], cols: 80, rows: 24 }, { onData: () => undefined, onExit: () => undefined }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ApiClientError);
    expect((e as ApiClientError).status).toMatchObject({ code: 404, reason: 'NotFound', message: 'pods "nope" not found' });
  });
});
