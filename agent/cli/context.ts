// What a command runs with: the terminal streams, a clock, the global options and
// CRI clients that connect on first use. Like crictl (k8s.io/cri-client
// NewRemoteRuntimeService / NewRemoteImageService) each service is validated once —
// Version for the runtime, ImageFsInfo for images — so a wrong endpoint fails with
// crictl's "validate service connection: …" message.
import { CriError, connectCri } from '../cri/cri-client.js';
import type { CriClient } from '../cri/cri-client.js';
import { CrictlError, goRpcError, logrusLine } from './errors.js';
import type { LogLevel } from './errors.js';
import type { Clock } from './format/pods.js';
import type { ProtoSchema } from './format/proto-json.js';
import { localOffsetMinutes, rfc3339Nano } from './format/time.js';
import type { Endpoint, GlobalOptions } from './globals.js';
import { criSchema } from './proto-schema.js';

export interface OutStream {
  write(chunk: string | Uint8Array, cb?: (err?: Error | null) => void): boolean;
  isTTY?: boolean;
  columns?: number;
  rows?: number;
  on?(event: 'resize', listener: () => void): unknown;
  off?(event: 'resize', listener: () => void): unknown;
}

export interface InStream extends NodeJS.ReadableStream {
  isTTY?: boolean;
  setRawMode?(mode: boolean): unknown;
}

export interface CliIO {
  stdout: OutStream;
  stderr: OutStream;
  stdin: InStream;
  env: NodeJS.ProcessEnv;
  /** ms since the epoch */
  now(): number;
}

export class CommandContext {
  private readonly clients = new Map<string, CriClient>();
  private readonly validated = new Set<string>();
  private readonly startedAt: number;

  constructor(
    readonly io: CliIO,
    readonly globals: GlobalOptions,
  ) {
    this.startedAt = io.now();
  }

  out(text: string): void {
    if (text) this.io.stdout.write(text);
  }

  log(level: LogLevel, message: string): void {
    if (level === 'debug' && !this.globals.debug) return;
    const now = this.io.now();
    this.io.stderr.write(
      logrusLine(level, message, { tty: this.io.stderr.isTTY === true, elapsedSeconds: (now - this.startedAt) / 1000, time: rfc3339Nano(Math.floor(now / 1000) * 1e9, localOffsetMinutes(now * 1e6)) }),
    );
  }

  clock(): Clock {
    return { nowMs: this.io.now(), offsetMinutes: localOffsetMinutes };
  }

  schema(): ProtoSchema {
    return criSchema();
  }

  private client(ep: Endpoint): CriClient {
    let c = this.clients.get(ep.socketPath);
    if (!c) {
      // pulls have no deadline unless --pull-timeout (the CRI client's PullImage has none)
      c = connectCri(ep.socketPath, { timeoutMs: this.globals.timeoutMs, pullTimeoutMs: Infinity });
      this.clients.set(ep.socketPath, c);
    }
    return c;
  }

  private async validate(kind: 'runtime' | 'image', ep: Endpoint, c: CriClient): Promise<void> {
    const key = `${kind} ${ep.socketPath}`;
    if (this.validated.has(key)) return;
    try {
      if (kind === 'runtime') await c.version({ version: 'v1' });
      else await c.imageFsInfo({});
    } catch (e) {
      const text = e instanceof CriError ? goRpcError(e, ep.socketPath) : (e as Error).message;
      throw new CrictlError(`validate service connection: validate CRI v1 ${kind} API for endpoint ${JSON.stringify(ep.url)}: ${text}`);
    }
    this.validated.add(key);
  }

  async runtime(): Promise<CriClient> {
    const c = this.client(this.globals.runtime);
    await this.validate('runtime', this.globals.runtime, c);
    return c;
  }

  async image(): Promise<CriClient> {
    const c = this.client(this.globals.image);
    await this.validate('image', this.globals.image, c);
    return c;
  }

  close(): void {
    for (const c of this.clients.values()) c.close();
    this.clients.clear();
  }
}
