// The node switch over real unix sockets, each client speaking QEMU's stream framing
// (4-byte big-endian length, then the Ethernet frame) as a VM's NIC does.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import type { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EthernetSwitch, frameHeader, readFrames } from './switch.js';

const BROADCAST = 'ff:ff:ff:ff:ff:ff';

function ethernet(dst: string, src: string, payload: string): Buffer {
  const mac = (m: string): Buffer => Buffer.from(m.replace(/:/g, ''), 'hex');
  return Buffer.concat([mac(dst), mac(src), Buffer.from([0x08, 0x00]), Buffer.from(payload)]);
}

/** A NIC on the switch: sends framed frames, collects the frames it receives. */
class Nic {
  readonly received: Buffer[] = [];
  private buffer = Buffer.alloc(0);
  readonly closed: Promise<void>;

  private constructor(readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => {
      const { frames, rest } = readFrames(Buffer.concat([this.buffer, chunk]));
      this.buffer = Buffer.from(rest);
      this.received.push(...frames.map((f) => Buffer.from(f)));
    });
    socket.on('error', () => undefined);
    this.closed = new Promise((resolve) => socket.once('close', () => resolve()));
  }

  static async plug(path: string): Promise<Nic> {
    const socket = connect(path);
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', reject);
    });
    return new Nic(socket);
  }

  send(frame: Buffer): void {
    this.socket.write(Buffer.concat([frameHeader(frame.length), frame]));
  }

  payloads(): string[] {
    return this.received.map((f) => f.subarray(14).toString());
  }
}

/** lets the switch read and forward what was written (unix sockets deliver within a few ticks) */
async function settle(check: () => boolean, ms = 2_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
}

let dir: string;
let sw: EthernetSwitch;
let nics: Nic[];

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'k8s-lab-switch-'));
  sw = await EthernetSwitch.start(join(dir, 'lab', 'switch.sock'));
  nics = [];
});

afterEach(async () => {
  for (const n of nics) n.socket.destroy();
  await sw.close();
  rmSync(dir, { recursive: true, force: true });
});

async function plug(count: number): Promise<Nic[]> {
  for (let i = 0; i < count; i++) nics.push(await Nic.plug(sw.socketPath));
  await settle(() => sw.stats().length === count);
  expect(sw.stats()).toHaveLength(count);
  return nics;
}

describe('readFrames', () => {
  it('splits length-prefixed frames and keeps a partial one for later', () => {
    const a = Buffer.from('aaaaaaaaaaaaaaaa');
    const b = Buffer.from('bbbbbbbbbbbbbbbbbb');
    const stream = Buffer.concat([frameHeader(a.length), a, frameHeader(b.length), b.subarray(0, 5)]);
    const { frames, rest, error } = readFrames(stream);
    expect(error).toBeUndefined();
    expect(frames.map((f) => f.toString())).toEqual([a.toString()]);
    expect(rest).toEqual(Buffer.concat([frameHeader(b.length), b.subarray(0, 5)]));
  });

  it('writes the length as 4 bytes big-endian', () => {
    expect(frameHeader(0x0102)).toEqual(Buffer.from([0, 0, 1, 2]));
  });

  it('refuses a zero or oversized length', () => {
    expect(readFrames(frameHeader(0)).error).toBe('bad frame length 0');
    expect(readFrames(Buffer.from([0xff, 0xff, 0xff, 0xff])).error).toMatch(/bad frame length 4294967295/);
  });
});

describe('EthernetSwitch', () => {
  it('floods an unknown unicast to every other port, framed with a 4-byte big-endian length', async () => {
    const [a, b, c] = await plug(3);
    // watch the raw bytes B receives: exactly the header and the frame
    const raw: Buffer[] = [];
    b!.socket.on('data', (d: Buffer) => raw.push(d));
    const frame = ethernet('52:54:00:00:00:0b', '52:54:00:00:00:0a', 'hello');
    a!.send(frame);
    await settle(() => b!.received.length === 1 && c!.received.length === 1);
    expect(b!.payloads()).toEqual(['hello']);
    expect(c!.payloads()).toEqual(['hello']);
    expect(a!.received).toEqual([]);
    expect(Buffer.concat(raw)).toEqual(Buffer.concat([Buffer.from([0, 0, 0, frame.length]), frame]));
  });

  it('sends to a learned MAC only through its port', async () => {
    const [a, b, c] = await plug(3);
    // B speaks first: the switch learns where 52:54:00:00:00:0b lives
    b!.send(ethernet(BROADCAST, '52:54:00:00:00:0b', 'arp'));
    await settle(() => a!.received.length === 1 && c!.received.length === 1);
    a!.send(ethernet('52:54:00:00:00:0b', '52:54:00:00:00:0a', 'to-b'));
    await settle(() => b!.received.length === 1);
    // give a wrong flood time to arrive before asserting it did not
    await new Promise((r) => setTimeout(r, 100));
    expect(b!.payloads()).toEqual(['to-b']);
    expect(c!.payloads()).toEqual(['arp']);
    // per port [received from its NIC, sent to it]: C got the broadcast only
    expect(sw.stats().sort((x, y) => x.id - y.id).map((s) => [s.rxFrames, s.txFrames])).toEqual([[1, 1], [1, 1], [0, 1]]);
  });

  it('sends a broadcast to every port but the sender', async () => {
    const [a, b, c, d] = await plug(4);
    c!.send(ethernet(BROADCAST, '52:54:00:00:00:0c', 'who-has'));
    await settle(() => [a, b, d].every((n) => n!.received.length === 1));
    expect([a, b, d].map((n) => n!.payloads())).toEqual([['who-has'], ['who-has'], ['who-has']]);
    expect(c!.received).toEqual([]);
  });

  it('disconnects only the port that sends a bad length', async () => {
    const lines: string[] = [];
    await sw.close();
    sw = await EthernetSwitch.start(join(dir, 'lab', 'switch.sock'), (l) => lines.push(l));
    const [a, b, c] = await plug(3);
    a!.socket.write(Buffer.from([0xff, 0xff, 0xff, 0xff, 1, 2, 3]));
    await a!.closed;
    await settle(() => sw.stats().length === 2);
    expect(sw.stats()).toHaveLength(2);
    expect(lines.join('\n')).toMatch(/switch port \d+: bad frame length 4294967295; disconnecting/);
    b!.send(ethernet(BROADCAST, '52:54:00:00:00:0b', 'still-up'));
    await settle(() => c!.received.length === 1);
    expect(c!.payloads()).toEqual(['still-up']);
  });

  it('removes its socket and empty directory when closed', async () => {
    const [a] = await plug(1);
    expect(existsSync(sw.socketPath)).toBe(true);
    await sw.close();
    await a!.closed;
    expect(existsSync(sw.socketPath)).toBe(false);
    expect(existsSync(join(dir, 'lab'))).toBe(false);
    // a fresh switch for afterEach to close
    sw = await EthernetSwitch.start(join(dir, 'lab', 'switch.sock'));
  });
});
