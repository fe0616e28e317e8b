// What the kubelet writes for each CRI record (pkg/kubelet/kuberuntime/logs/logs.go):
// the content, a newline after a full (F) record, the record's timestamp first when
// ?timestamps=true (once per line, not per partial record), records before
// sinceSeconds/sinceTime skipped, output cut at limitBytes.
import type { CriLogRecord } from './cri-log.js';
import type { LogOptions } from './log-options.js';

export class LogFormatter {
  private atLineStart = true;
  private written = 0;

  constructor(private readonly opts: Pick<LogOptions, 'timestamps' | 'sinceMs' | 'limitBytes'>) {}

  /** limitBytes reached: nothing more will be written */
  get done(): boolean {
    return this.opts.limitBytes !== undefined && this.written >= this.opts.limitBytes;
  }

  format(rec: CriLogRecord): Buffer | undefined {
    if (this.done) return undefined;
    if (this.opts.sinceMs !== undefined && rec.timeMs < this.opts.sinceMs) return undefined;
    const parts: Buffer[] = [];
    if (this.opts.timestamps && this.atLineStart) parts.push(Buffer.from(`${rec.time} `));
    parts.push(rec.content);
    if (!rec.partial) parts.push(Buffer.from('\n'));
    this.atLineStart = !rec.partial;
    let out = Buffer.concat(parts);
    if (this.opts.limitBytes !== undefined) out = out.subarray(0, this.opts.limitBytes - this.written);
    this.written += out.length;
    return out;
  }
}

/** Groups records into lines (partial records joined to the full one that ends them) and keeps the last n. */
export function lastLines(records: CriLogRecord[], n: number | undefined): CriLogRecord[] {
  if (n === undefined) return records;
  if (n === 0) return [];
  const lines: CriLogRecord[][] = [];
  let current: CriLogRecord[] = [];
  for (const r of records) {
    current.push(r);
    if (!r.partial) {
      lines.push(current);
      current = [];
    }
  }
  if (current.length) lines.push(current);
  return lines.slice(-n).flat();
}
