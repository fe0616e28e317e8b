// Reading the WAL on open. Segments are named by the index of their first record and
// preallocated with zeros; records end at the first zero header. A torn or corrupt
// frame can only be in the last segment that holds records (every earlier segment was
// fully fsynced before the next one was used), so the tail from the first bad frame
// on is cut off: none of it was acknowledged. A bad frame followed by valid records
// in a later segment is real corruption and opening fails rather than lose them.
import { readdir, readFile, open, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { scanFrame } from './records.js';
import { StoreError } from './types.js';

export interface SegmentInfo {
  readonly name: string;
  readonly firstIndex: number;
  /** bytes of valid records (the write offset for the active segment) */
  used: number;
}

const SEGMENT_RE = /^wal-([0-9a-f]{16})\.log$/;
export const SPARE_SEGMENT = 'wal-spare.tmp';

export function segmentName(firstIndex: number): string {
  return `wal-${firstIndex.toString(16).padStart(16, '0')}.log`;
}

export async function listSegments(dir: string): Promise<SegmentInfo[]> {
  const out: SegmentInfo[] = [];
  for (const name of await readdir(dir)) {
    const m = SEGMENT_RE.exec(name);
    if (m?.[1]) out.push({ name, firstIndex: parseInt(m[1], 16), used: 0 });
  }
  return out.sort((a, b) => a.firstIndex - b.firstIndex);
}

export interface WalScan {
  /** segments still on disk after the scan, oldest first; used = valid bytes */
  segments: SegmentInfo[];
  /** size of the last segment's file after the scan (it is reused for appends) */
  tailFileSize: number;
  /** what was repaired, for the store's log */
  repairs: string[];
}

function allZero(buf: Buffer, from: number): boolean {
  for (let i = from; i < buf.length; i++) if (buf[i] !== 0) return false;
  return true;
}

function hasValidFirstFrame(buf: Buffer): boolean {
  return scanFrame(buf, 0).status === 'ok';
}

/**
 * Calls onRecord for every valid record payload (a view: copy what you keep), in
 * order, then repairs the tail. onRecord may throw to abort the open.
 */
export async function scanWal(dir: string, onRecord: (payload: Buffer) => void): Promise<WalScan> {
  const segments = await listSegments(dir);
  const repairs: string[] = [];
  let tailFileSize = 0;
  for (let s = 0; s < segments.length; s++) {
    const seg = segments[s] as SegmentInfo;
    const buf = await readFile(join(dir, seg.name));
    let pos = 0;
    let torn: string | undefined;
    for (;;) {
      const f = scanFrame(buf, pos);
      if (f.status === 'ok') {
        onRecord(f.payload);
        pos = f.next;
        continue;
      }
      if (f.status === 'torn') torn = f.reason;
      else if (!allZero(buf, pos)) torn = 'non-zero bytes after the last record';
      break;
    }
    seg.used = pos;
    tailFileSize = buf.length;
    const last = s === segments.length - 1;
    if (torn === undefined && last) break;
    if (torn === undefined) {
      // a clean end before the next segment: only valid if this segment was rolled from
      if (pos === 0 && !last) repairs.push(`segment ${seg.name} holds no records`);
      continue;
    }
    // everything after the bad frame must be empty, else refuse to open
    for (const later of segments.slice(s + 1)) {
      const laterBuf = await readFile(join(dir, later.name));
      if (hasValidFirstFrame(laterBuf)) {
        throw new StoreError(
          'unavailable',
          `WAL corrupt: ${seg.name} is damaged at byte ${pos} (${torn}) but ${later.name} holds later records`,
        );
      }
    }
    for (const later of segments.slice(s + 1)) {
      await unlink(join(dir, later.name));
      repairs.push(`removed empty segment ${later.name} after a torn tail`);
    }
    segments.length = s + 1;
    const handle = await open(join(dir, seg.name), 'r+');
    try {
      await handle.truncate(pos);
      await handle.sync();
    } finally {
      await handle.close();
    }
    repairs.push(`truncated ${seg.name} at byte ${pos} of ${buf.length}: ${torn}`);
    tailFileSize = pos;
    break;
  }
  return { segments, tailFileSize, repairs };
}
