// The CRI container log format containerd writes (kubernetes/cri-api "CRI logging
// format"): one record per line, `<RFC3339Nano time> <stdout|stderr> <tags> <content>`,
// tag F for a full line, P for a partial one (a line longer than the runtime's buffer,
// continued by the following records up to the next F).

export interface CriLogRecord {
  /** as written, e.g. 2024-01-01T00:00:00.123456789Z */
  time: string;
  /** milliseconds since the epoch (sub-ms digits dropped) */
  timeMs: number;
  stream: 'stdout' | 'stderr';
  partial: boolean;
  content: Buffer;
}

const SPACE = 0x20;

/** One line without its newline; undefined for a line that is not a CRI record. */
export function parseCriLine(line: Buffer): CriLogRecord | undefined {
  const a = line.indexOf(SPACE);
  if (a < 0) return undefined;
  const b = line.indexOf(SPACE, a + 1);
  if (b < 0) return undefined;
  const time = line.subarray(0, a).toString('latin1');
  const stream = line.subarray(a + 1, b).toString('latin1');
  if (stream !== 'stdout' && stream !== 'stderr') return undefined;
  const c = line.indexOf(SPACE, b + 1);
  const tags = line.subarray(b + 1, c < 0 ? line.length : c).toString('latin1');
  const timeMs = Date.parse(time);
  if (Number.isNaN(timeMs)) return undefined;
  // tags are ':'-separated; only P (partial) and F (full) are defined
  const partial = tags.split(':').includes('P');
  return { time, timeMs, stream, partial, content: c < 0 ? Buffer.alloc(0) : line.subarray(c + 1) };
}

/** Splits a chunk of the file into complete lines; the unfinished tail is returned to be completed later. */
export function splitLines(buf: Buffer): { lines: Buffer[]; rest: Buffer } {
  const lines: Buffer[] = [];
  let start = 0;
  for (let nl = buf.indexOf(0x0a, start); nl >= 0; nl = buf.indexOf(0x0a, start)) {
    lines.push(buf.subarray(start, nl));
    start = nl + 1;
  }
  return { lines, rest: buf.subarray(start) };
}
