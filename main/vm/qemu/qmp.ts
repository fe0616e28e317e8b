// A QMP client (QEMU Machine Protocol, docs/interop/qmp-spec): JSON objects over the
// VM's unix socket. After the greeting, `qmp_capabilities` leaves negotiation mode;
// each command gets one reply carrying {return} or {error: {class, desc}}; events
// ({event, data}) arrive in between.
import { connect } from 'node:net';
import type { Socket } from 'node:net';

export class QmpError extends Error {
  override readonly name = 'QmpError';
  constructor(
    message: string,
    readonly errorClass?: string,
  ) {
    super(message);
  }
}

interface Pending {
  resolve: (value: unknown) => void;
  reject: (err: Error) => void;
  command: string;
}

export interface QmpEvent {
  event: string;
  data?: Record<string, unknown>;
}

export class QmpClient {
  private buffer = '';
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private closed = false;
  private readonly listeners = new Set<(e: QmpEvent) => void>();

  private constructor(private readonly socket: Socket) {
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => this.onData(chunk));
    const fail = (err?: Error): void => {
      this.closed = true;
      for (const p of this.pending.values()) p.reject(new QmpError(`QMP connection closed during ${p.command}${err ? `: ${err.message}` : ''}`));
      this.pending.clear();
    };
    socket.on('error', fail);
    socket.on('close', () => fail());
  }

  /** Connects, reads the greeting and negotiates capabilities. */
  static async connect(path: string, timeoutMs = 5_000): Promise<QmpClient> {
    const socket = connect(path);
    const greeting = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new QmpError(`no QMP greeting on ${path} within ${timeoutMs} ms`));
      }, timeoutMs);
      let data = '';
      const onData = (chunk: Buffer): void => {
        data += chunk.toString('utf8');
        if (data.includes('\n')) {
          clearTimeout(timer);
          socket.off('data', onData);
          resolve(data);
        }
      };
      socket.on('data', onData);
      socket.once('error', (err) => {
        clearTimeout(timer);
        reject(new QmpError(`QMP socket ${path}: ${err.message}`));
      });
    });
    if (!greeting.includes('"QMP"')) throw new QmpError(`not a QMP greeting on ${path}: ${greeting.slice(0, 200)}`);
    const client = new QmpClient(socket);
    try {
      await client.execute('qmp_capabilities');
    } catch (e) {
      client.close();
      throw e;
    }
    return client;
  }

  execute<T = unknown>(command: string, args?: Record<string, unknown>): Promise<T> {
    if (this.closed) return Promise.reject(new QmpError(`QMP connection closed (${command})`));
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject, command });
      this.socket.write(`${JSON.stringify({ execute: command, ...(args ? { arguments: args } : {}), id })}\n`);
    });
  }

  /** A human monitor command (hostfwd_add and friends have no QMP equivalent). */
  async hmp(commandLine: string): Promise<string> {
    const out = await this.execute<string>('human-monitor-command', { 'command-line': commandLine });
    return typeof out === 'string' ? out : '';
  }

  onEvent(fn: (e: QmpEvent) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  close(): void {
    this.closed = true;
    this.socket.destroy();
  }

  private onData(chunk: string): void {
    this.buffer += chunk;
    let nl: number;
    while ((nl = this.buffer.indexOf('\n')) >= 0) {
      const line = this.buffer.slice(0, nl).trim();
      this.buffer = this.buffer.slice(nl + 1);
      if (line === '') continue;
      let msg: { id?: number; return?: unknown; error?: { class?: string; desc?: string }; event?: string; data?: Record<string, unknown> };
      try {
        msg = JSON.parse(line) as typeof msg;
      } catch {
        continue;
      }
      if (msg.event) {
        for (const fn of this.listeners) fn({ event: msg.event, data: msg.data });
        continue;
      }
      const pending = msg.id !== undefined ? this.pending.get(msg.id) : undefined;
      if (!pending || msg.id === undefined) continue;
      this.pending.delete(msg.id);
      if (msg.error) pending.reject(new QmpError(`${pending.command}: ${msg.error.desc ?? 'error'}`, msg.error.class));
      else pending.resolve(msg.return);
    }
  }
}
