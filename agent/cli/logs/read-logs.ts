// `crictl logs`: the kubelet's log reader (k8s.io/cri-client/pkg/logs ReadLogs) over a
// container's CRI log file — the CRI prefix stripped, stdout records to stdout and
// stderr records to stderr, --tail/--since/--limit-bytes/--timestamps, and with
// --follow whatever is appended (a rotated file reopened) until the container no
// longer runs. Parsing and formatting are the streaming server's (agent/server/logs).
import type { FileHandle } from 'node:fs/promises';
import { open, stat } from 'node:fs/promises';
import { CrictlError } from '../errors.js';
import { parseCriLine, splitLines } from '../../server/logs/cri-log.js';
import type { CriLogRecord } from '../../server/logs/cri-log.js';
import { LogFormatter, lastLines } from '../../server/logs/log-format.js';

export interface ReadLogsOptions {
  follow: boolean;
  timestamps: boolean;
  /** last N lines; undefined = all */
  tailLines?: number;
  /** ms since the epoch */
  sinceMs?: number;
  limitBytes?: number;
  /** only this stream's records */
  stream?: 'stdout' | 'stderr';
}

export interface LogOutput {
  write(stream: 'stdout' | 'stderr', data: Buffer): Promise<void>;
}

export interface FollowHooks {
  isRunning(): Promise<boolean>;
  /** how often the file is polled for new data; default 200 ms */
  pollMs?: number;
  signal?: AbortSignal;
}

const CHUNK = 256 * 1024;

async function readFrom(fh: FileHandle, pos: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for (;;) {
    const buf = Buffer.alloc(CHUNK);
    const { bytesRead } = await fh.read(buf, 0, buf.length, pos);
    if (bytesRead === 0) break;
    chunks.push(buf.subarray(0, bytesRead));
    pos += bytesRead;
  }
  return Buffer.concat(chunks);
}

function parse(lines: Buffer[], stream: ReadLogsOptions['stream']): CriLogRecord[] {
  const out: CriLogRecord[] = [];
  for (const l of lines) {
    const r = parseCriLine(l);
    if (r && (!stream || r.stream === stream)) out.push(r);
  }
  return out;
}

const sleep = (ms: number, signal?: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(t);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const t = setTimeout(done, ms);
    signal?.addEventListener('abort', done);
  });

/** Reads the log at path (which must exist) into out; resolves when done (or, following, when the container stopped). */
export async function readLogs(path: string, opts: ReadLogsOptions, out: LogOutput, follow?: FollowHooks): Promise<void> {
  let fh = await open(path, 'r');
  const fmt = new LogFormatter(opts);
  const emit = async (records: CriLogRecord[]): Promise<void> => {
    for (const r of records) {
      const b = fmt.format(r);
      if (b?.length) await out.write(r.stream, b);
    }
  };
  try {
    const initial = await readFrom(fh, 0);
    let pos = initial.length;
    const first = splitLines(initial);
    await emit(lastLines(parse(first.lines, opts.stream), opts.tailLines));
    if (!opts.follow || !follow) return;

    let pending = Buffer.from(first.rest);
    let lastCheck = 0;
    const pollMs = follow.pollMs ?? 200;
    for (;;) {
      if (follow.signal?.aborted || fmt.done) return;
      const fresh = await readFrom(fh, pos);
      if (fresh.length) {
        pos += fresh.length;
        const { lines, rest } = splitLines(pending.length ? Buffer.concat([pending, fresh]) : fresh);
        pending = Buffer.from(rest);
        await emit(parse(lines, opts.stream));
        continue;
      }
      const onDisk = await stat(path).catch(() => undefined);
      const mine = await fh.stat();
      if (onDisk && onDisk.ino !== mine.ino) {
        // rotated (renamed, a new file at the path): the old one is drained, go on with the new
        await fh.close();
        fh = await open(path, 'r');
        pos = 0;
        pending = Buffer.alloc(0);
        continue;
      }
      const now = Date.now();
      if (now - lastCheck >= 1000) {
        lastCheck = now;
        if (!(await follow.isRunning())) {
          const { lines, rest } = splitLines(Buffer.concat([pending, await readFrom(fh, pos)]));
          await emit(parse(rest.length ? [...lines, rest] : lines, opts.stream));
          return;
        }
      }
      await sleep(pollMs, follow.signal);
    }
  } finally {
    await fh.close().catch(() => undefined);
  }
}

/**
 * --since as docker's timetypes.GetTimestamp reads it: a Go duration relative to now
 * (42m), an RFC 3339 time or date (2013-01-02T13:23:37), or Unix seconds.
 */
export function parseSince(value: string, nowMs: number, parseDuration: (s: string) => number): number | undefined {
  if (!value) return undefined;
  if (/^\d+(\.\d+)?[a-zµμ]+/.test(value)) {
    try {
      return nowMs - parseDuration(value);
    } catch {
      // not a duration: try the other forms
    }
  }
  if (/^\d+(\.\d+)?$/.test(value)) return Number(value) * 1000;
  // a date-time without a zone is local time, as in docker's parser
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new CrictlError(`failed to parse value as time or duration: ${JSON.stringify(value)}`);
  return ms;
}
