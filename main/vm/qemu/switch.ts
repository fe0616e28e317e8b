// The lab's private node network: a learning Ethernet switch in the main process that
// every node VM plugs into with `-netdev stream,addr.type=unix,addr.path=<socket>`
// (QEMU ≥ 7.2). On such a stream each Ethernet frame travels as a 4-byte big-endian
// length followed by the frame (net/stream.c, the same framing as the older
// `-netdev socket`). Chosen over vde2 because it is one small module with no extra
// package, lives and dies with the lab, and lets the app count traffic per node.
import { createServer } from 'node:net';
import type { Server, Socket } from 'node:net';
import { mkdirSync, rmdirSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';

/** Largest frame accepted: jumbo frames are not used; 64 KiB covers QEMU's NET_BUFSIZE-sized packets. */
const MAX_FRAME = 69_632;
/** How long a learned MAC address stays bound to a port without traffic from it (like a switch's aging time). */
const MAC_AGING_MS = 300_000;

export interface SwitchPortStats {
  id: number;
  rxFrames: number;
  txFrames: number;
  rxBytes: number;
  txBytes: number;
}

export class SwitchError extends Error {
  override readonly name = 'SwitchError';
}

interface Port {
  id: number;
  socket: Socket;
  buffer: Buffer;
  stats: SwitchPortStats;
}

/** Splits a stream into frames; returns the frames and the unconsumed rest. */
export function readFrames(buffer: Buffer): { frames: Buffer[]; rest: Buffer; error?: string } {
  const frames: Buffer[] = [];
  let offset = 0;
  while (buffer.length - offset >= 4) {
    const len = buffer.readUInt32BE(offset);
    if (len === 0 || len > MAX_FRAME) return { frames, rest: Buffer.alloc(0), error: `bad frame length ${len}` };
    if (buffer.length - offset - 4 < len) break;
    frames.push(buffer.subarray(offset + 4, offset + 4 + len));
    offset += 4 + len;
  }
  return { frames, rest: buffer.subarray(offset) };
}

export function frameHeader(length: number): Buffer {
  const head = Buffer.alloc(4);
  head.writeUInt32BE(length);
  return head;
}

export class EthernetSwitch {
  private readonly ports = new Map<number, Port>();
  private readonly macs = new Map<string, { port: number; seen: number }>();
  private nextId = 1;

  private constructor(
    private readonly server: Server,
    readonly socketPath: string,
    private readonly log: (line: string) => void,
  ) {}

  static async start(socketPath: string, log: (line: string) => void = () => {}): Promise<EthernetSwitch> {
    mkdirSync(dirname(socketPath), { recursive: true });
    rmSync(socketPath, { force: true });
    const server = createServer();
    const sw = new EthernetSwitch(server, socketPath, log);
    server.on('connection', (socket) => sw.attach(socket));
    await new Promise<void>((resolve, reject) => {
      server.once('error', (err) => reject(new SwitchError(`node network switch cannot listen on ${socketPath}: ${err.message}`)));
      server.listen(socketPath, () => resolve());
    });
    return sw;
  }

  stats(): SwitchPortStats[] {
    return [...this.ports.values()].map((p) => ({ ...p.stats }));
  }

  private attach(socket: Socket): void {
    const id = this.nextId++;
    const port: Port = { id, socket, buffer: Buffer.alloc(0), stats: { id, rxFrames: 0, txFrames: 0, rxBytes: 0, txBytes: 0 } };
    this.ports.set(id, port);
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => {
      const { frames, rest, error } = readFrames(port.buffer.length > 0 ? Buffer.concat([port.buffer, chunk]) : chunk);
      port.buffer = Buffer.from(rest);
      for (const frame of frames) this.forward(port, frame);
      if (error) {
        this.log(`switch port ${id}: ${error}; disconnecting`);
        socket.destroy();
      }
    });
    socket.on('error', () => undefined);
    socket.on('close', () => {
      this.ports.delete(id);
      for (const [mac, entry] of this.macs) if (entry.port === id) this.macs.delete(mac);
    });
  }

  private forward(from: Port, frame: Buffer): void {
    if (frame.length < 14) return;
    from.stats.rxFrames++;
    from.stats.rxBytes += frame.length;
    const now = Date.now();
    const dst = frame.subarray(0, 6).toString('hex');
    const src = frame.subarray(6, 12).toString('hex');
    // learn where the sender lives (never a group address)
    if ((frame[6]! & 1) === 0) this.macs.set(src, { port: from.id, seen: now });
    const known = (frame[0]! & 1) === 0 ? this.macs.get(dst) : undefined;
    if (known && now - known.seen < MAC_AGING_MS) {
      const to = this.ports.get(known.port);
      if (to && to !== from) this.send(to, frame);
      return;
    }
    // broadcast, multicast or unknown unicast: flood
    for (const to of this.ports.values()) if (to !== from) this.send(to, frame);
  }

  private send(to: Port, frame: Buffer): void {
    // a VM that stops reading (paused, dying) must not make the switch buffer without end
    if (to.socket.writableLength > 4 * 1024 * 1024) return;
    to.stats.txFrames++;
    to.stats.txBytes += frame.length;
    to.socket.write(Buffer.concat([frameHeader(frame.length), frame]));
  }

  async close(): Promise<void> {
    for (const p of this.ports.values()) p.socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    rmSync(this.socketPath, { force: true });
    try {
      rmdirSync(dirname(this.socketPath));
    } catch {
      // not empty or already gone: leave it
    }
  }
}
