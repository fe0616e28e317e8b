// Serves a container's CRI log file: the whole file (or its tail) once, then, with
// follow, whatever is appended, until the container no longer runs and the file is
// drained, or the client goes away. A rotated file (renamed, a new one created at the
// same path, as the kubelet's log manager does) is drained and then reopened.
import type { FileHandle } from 'node:fs/promises';
import { open, stat } from 'node:fs/promises';
import { parseCriLine, splitLines } from './cri-log.js';
import type { CriLogRecord } from './cri-log.js';
import { LogFormatter, lastLines } from './log-format.js';
import type { LogOptions } from './log-options.js';

export interface LogSink {
  /** resolves when the bytes may be followed by more (backpressure) */
  write(chunk: Buffer): Promise<void>;
}

export interface FollowControl {
  isRunning(): Promise<boolean>;
  pollMs: number;
  /** aborted when the client goes away */
  signal: AbortSignal;
}

const READ_CHUNK = 256 * 1024;

function records(lines: Buffer[]): CriLogRecord[] {
  const out: CriLogRecord[] = [];
  for (const l of lines) {
    const r = parseCriLine(l);
    if (r) out.push(r);
  }
  return out;
}

async function readFrom(fh: FileHandle, pos: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for (;;) {
    const buf = Buffer.alloc(READ_CHUNK);
    const { bytesRead } = await fh.read(buf, 0, buf.length, pos);
    if (bytesRead === 0) break;
    chunks.push(buf.subarray(0, bytesRead));
    pos += bytesRead;
  }
  return Buffer.concat(chunks);
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(done, ms);
    function done(): void {
      clearTimeout(t);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done);
  });
}

/** Opens the file first, so a missing file is an error before anything was written. */
export async function openLog(path: string): Promise<FileHandle> {
  return open(path, 'r');
}

/** Takes over the file handle (closes it, or the one it reopened after a rotation). */
export async function streamLog(fh: FileHandle, path: string, opts: LogOptions, sink: LogSink, follow?: FollowControl): Promise<void> {
  let handle = fh;
  try {
    const fmt = new LogFormatter(opts);
    const emit = async (recs: CriLogRecord[]): Promise<void> => {
      const out: Buffer[] = [];
      for (const r of recs) {
        const b = fmt.format(r);
        if (b?.length) out.push(b);
      }
      if (out.length) await sink.write(Buffer.concat(out));
    };

    const initial = await readFrom(handle, 0);
    let pos = initial.length;
    const first = splitLines(initial);
    await emit(lastLines(records(first.lines), opts.tailLines));
    if (!follow || !opts.follow) return;

    // an unfinished last line waits for the bytes that complete it
    let pending: Buffer = Buffer.from(first.rest);
    let lastRunCheck = 0;
    for (;;) {
      if (follow.signal.aborted || fmt.done) return;
      const fresh = await readFrom(handle, pos);
      if (fresh.length) {
        pos += fresh.length;
        const { lines, rest } = splitLines(pending.length ? Buffer.concat([pending, fresh]) : fresh);
        pending = Buffer.from(rest);
        await emit(records(lines));
        continue;
      }
      const onDisk = await stat(path).catch(() => undefined);
      const mine = await handle.stat();
      if (onDisk && onDisk.ino !== mine.ino) {
        // rotated: the old file is drained (read above); go on with the new one
        await handle.close();
        handle = await open(path, 'r');
        pos = 0;
        pending = Buffer.alloc(0);
        continue;
      }
      if (mine.size < pos) {
        pos = 0; // truncated in place
        pending = Buffer.alloc(0);
        continue;
      }
      const now = Date.now();
      if (now - lastRunCheck >= Math.max(follow.pollMs * 4, 1000)) {
        lastRunCheck = now;
        if (!(await follow.isRunning())) {
          // the container is gone: one last read for what it wrote before it stopped
          const { lines, rest } = splitLines(Buffer.concat([pending, await readFrom(handle, pos)]));
          await emit(records(rest.length ? [...lines, rest] : lines));
          return;
        }
      }
      await sleep(follow.pollMs, follow.signal);
    }
  } finally {
    await handle.close().catch(() => undefined);
  }
}
