// The QMP client's framing and error paths. The peer here is a small scripted QMP
// server on a real unix socket, not QEMU: it stands in for QEMU only to drive our
// client through cases QEMU will not produce on demand (a bad greeting, a reply split
// across reads, the connection dropping mid-command). The client against the real
// QEMU is covered by test/integration/qemu-bad-input.test.ts and qemu-nodes.test.ts.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import type { Server, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { QmpClient, QmpError } from './qmp.js';
import type { QmpEvent } from './qmp.js';

const GREETING = '{"QMP": {"version": {"qemu": {"micro": 0, "minor": 2, "major": 7}, "package": "Debian 1:7.2+dfsg-7"}, "capabilities": ["oob"]}}\r\n';

interface Command {
  execute: string;
  arguments?: Record<string, unknown>;
  id: number;
}

/** The scripted peer: records every command and lets the test answer it. */
class FakeQmpPeer {
  readonly commands: Command[] = [];
  private waiters: (() => void)[] = [];
  socket: Socket | undefined;

  private constructor(readonly server: Server) {}

  static async listen(path: string, greeting: string | undefined, answerCapabilities = true): Promise<FakeQmpPeer> {
    const server = createServer();
    const peer = new FakeQmpPeer(server);
    server.on('connection', (socket) => {
      peer.socket = socket;
      let buf = '';
      socket.on('data', (d: Buffer) => {
        buf += d.toString();
        let nl: number;
        while ((nl = buf.indexOf('\n')) >= 0) {
          const cmd = JSON.parse(buf.slice(0, nl)) as Command;
          buf = buf.slice(nl + 1);
          peer.commands.push(cmd);
          if (cmd.execute === 'qmp_capabilities' && answerCapabilities) socket.write(`{"return": {}, "id": ${cmd.id}}\r\n`);
          for (const w of peer.waiters.splice(0)) w();
        }
      });
      socket.on('error', () => undefined);
      if (greeting !== undefined) socket.write(greeting);
    });
    await new Promise<void>((resolve) => server.listen(path, resolve));
    return peer;
  }

  /** waits for the n-th command (1-based) */
  async command(n: number): Promise<Command> {
    while (this.commands.length < n) await new Promise<void>((r) => this.waiters.push(r));
    const cmd = this.commands[n - 1];
    if (!cmd) throw new Error(`no command ${n}`);
    return cmd;
  }

  send(text: string): void {
    this.socket?.write(text);
  }

  async close(): Promise<void> {
    this.socket?.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

let dir: string;
let path: string;
let peer: FakeQmpPeer | undefined;
let client: QmpClient | undefined;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'k8s-lab-qmp-'));
  path = join(dir, 'vm.qmp');
});

afterEach(async () => {
  client?.close();
  client = undefined;
  await peer?.close();
  peer = undefined;
  rmSync(dir, { recursive: true, force: true });
});

async function connected(): Promise<{ peer: FakeQmpPeer; client: QmpClient }> {
  peer = await FakeQmpPeer.listen(path, GREETING);
  client = await QmpClient.connect(path);
  return { peer, client };
}

describe('QmpClient', () => {
  it('reads the greeting and leaves negotiation mode with qmp_capabilities first', async () => {
    const { peer } = await connected();
    expect(peer.commands).toEqual([{ execute: 'qmp_capabilities', id: 1 }]);
  });

  it('resolves a command with its return and sends arguments as QMP does', async () => {
    const { peer, client } = await connected();
    const status = client.execute<{ status: string; running: boolean }>('query-status');
    const hmp = client.hmp('info network');
    const [q, h] = [await peer.command(2), await peer.command(3)];
    expect(q).toEqual({ execute: 'query-status', id: 2 });
    expect(h).toEqual({ execute: 'human-monitor-command', arguments: { 'command-line': 'info network' }, id: 3 });
    // replies out of order, one split across two writes, both matched by id
    peer.send(`{"return": "net0: index=0,type=user\\r\\n", "id": 3}\r\n{"return": {"status": "runn`);
    peer.send(`ing", "running": true}, "id": 2}\r\n`);
    expect(await status).toEqual({ status: 'running', running: true });
    expect(await hmp).toBe('net0: index=0,type=user\r\n');
  });

  it('rejects a command QEMU answers with an error, keeping its class and description', async () => {
    const { peer, client } = await connected();
    const del = client.execute('device_del', { id: 'nope' });
    const cmd = await peer.command(2);
    peer.send(`{"error": {"class": "DeviceNotFound", "desc": "Device 'nope' not found"}, "id": ${cmd.id}}\r\n`);
    const err = await del.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(QmpError);
    expect((err as QmpError).message).toBe("device_del: Device 'nope' not found");
    expect((err as QmpError).errorClass).toBe('DeviceNotFound');
  });

  it('hands events to listeners between replies, until they unsubscribe', async () => {
    const { peer, client } = await connected();
    const seen: QmpEvent[] = [];
    const off = client.onEvent((e) => seen.push(e));
    const status = client.execute('query-status');
    await peer.command(2);
    peer.send('{"timestamp": {"seconds": 1, "microseconds": 2}, "event": "STOP"}\r\n{"return": {"status": "paused"}, "id": 2}\r\n');
    expect(await status).toEqual({ status: 'paused' });
    expect(seen).toEqual([{ event: 'STOP', data: undefined }]);
    off();
    const again = client.execute('query-status');
    await peer.command(3);
    peer.send('{"event": "SHUTDOWN", "data": {"guest": true, "reason": "guest-shutdown"}}\r\n{"return": {"status": "shutdown"}, "id": 3}\r\n');
    await again;
    expect(seen).toHaveLength(1);
  });

  it('rejects pending commands when the connection closes, and every command after', async () => {
    const { peer, client } = await connected();
    const pending = client.execute('query-status');
    await peer.command(2);
    await peer.close();
    await expect(pending).rejects.toThrow(/QMP connection closed during query-status/);
    await expect(client.execute('quit')).rejects.toThrow(/QMP connection closed \(quit\)/);
  });

  it('refuses a peer that is not QMP', async () => {
    peer = await FakeQmpPeer.listen(path, 'SSH-2.0-OpenSSH_9.2\r\n');
    const err = await QmpClient.connect(path).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(QmpError);
    expect((err as Error).message).toMatch(/not a QMP greeting on .*vm\.qmp: SSH-2\.0/);
  });

  it('gives up on a silent peer after the timeout', async () => {
    peer = await FakeQmpPeer.listen(path, undefined);
    const t0 = Date.now();
    await expect(QmpClient.connect(path, 200)).rejects.toThrow(/no QMP greeting on .*vm\.qmp within 200 ms/);
    expect(Date.now() - t0).toBeLessThan(2_000);
  });

  it('names the socket when there is nothing to connect to', async () => {
    await expect(QmpClient.connect(join(dir, 'missing.qmp'))).rejects.toThrow(/QMP socket .*missing\.qmp: connect ENOENT/);
  });

  it('fails to connect when qmp_capabilities is refused', async () => {
    peer = await FakeQmpPeer.listen(path, GREETING, false);
    const connecting = QmpClient.connect(path);
    const cmd = await peer.command(1);
    peer.send(`{"error": {"class": "CommandNotFound", "desc": "Capabilities negotiation is already complete"}, "id": ${cmd.id}}\r\n`);
    await expect(connecting).rejects.toThrow(/qmp_capabilities: Capabilities negotiation is already complete/);
  });
});
