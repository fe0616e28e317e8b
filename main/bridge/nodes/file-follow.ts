// `tail -c N -F FILE` in process: the last N bytes of a log file, then whatever is appended,
// polled (a node's agent.log is written by another process; fs.watch misses appends on
// some filesystems, a stat poll does not). A file that shrinks was truncated or replaced:
// follow from its start again, as tail -F does.
import { open, stat } from 'node:fs/promises';
import { StringDecoder } from 'node:string_decoder';

export interface FollowOptions {
  tailBytes: number;
  pollMs?: number;
  /** the most read per poll (a burst is delivered over several polls) */
  chunkBytes?: number;
}

export interface Follow {
  stop(): void;
}

export function followFile(path: string, o: FollowOptions, onData: (text: string) => void, onEnd: (reason: string) => void): Follow {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let offset = -1;
  const decoder = new StringDecoder('utf8');
  const chunk = o.chunkBytes ?? 256 * 1024;

  const readFrom = async (from: number, to: number): Promise<void> => {
    const fh = await open(path, 'r');
    try {
      let pos = from;
      while (pos < to && !stopped) {
        const buf = Buffer.alloc(Math.min(chunk, to - pos));
        const { bytesRead } = await fh.read(buf, 0, buf.length, pos);
        if (bytesRead === 0) break;
        pos += bytesRead;
        const text = decoder.write(buf.subarray(0, bytesRead));
        if (text && !stopped) onData(text);
      }
      offset = pos;
    } finally {
      await fh.close();
    }
  };

  const tick = async (): Promise<void> => {
    try {
      const size = (await stat(path)).size;
      if (offset < 0) {
        await readFrom(Math.max(0, size - o.tailBytes), size);
      } else if (size < offset) {
        onData('\r\n');
        await readFrom(0, size);
      } else if (size > offset) await readFrom(offset, Math.min(size, offset + chunk));
    } catch (e) {
      const err = e as NodeJS.ErrnoException;
      // not there yet (a node that has not started): keep waiting, like tail -F
      if (err.code !== 'ENOENT') {
        stopped = true;
        onEnd(`${path}: ${err.message}`);
        return;
      }
    }
    if (!stopped) timer = setTimeout(() => void tick(), o.pollMs ?? 200);
  };
  void tick();
  return {
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
    },
  };
}
