// Bytes on disk for status(): etcd's dbSize is the backend file; ours is the WAL
// segments (preallocated, so counted at full size) plus the snapshots. "In use" is the
// newest snapshot plus the WAL written after it.
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { isErrno } from './fs-util.js';
import type { SnapshotFile } from './snapshot.js';
import type { SegmentInfo } from './wal-scan.js';

/** size of a file that a concurrent snapshot purge may just have removed (then 0) */
async function fileSize(path: string): Promise<number> {
  try {
    return (await stat(path)).size;
  } catch (err) {
    if (isErrno(err, 'ENOENT')) return 0;
    throw err;
  }
}

export async function diskUsage(
  dir: string,
  newest: SnapshotFile | undefined,
  segments: readonly SegmentInfo[],
): Promise<{ dbSize: number; dbSizeInUse: number }> {
  let dbSize = 0;
  for (const name of await readdir(dir)) {
    if (/^(wal-.*\.log|snap-.*\.snap)$/.test(name)) dbSize += await fileSize(join(dir, name));
  }
  const snapBytes = newest ? await fileSize(join(dir, newest.name)) : 0;
  // segments that start after the snapshot hold only newer records
  const walBytes = segments.reduce((n, s) => (newest && s.firstIndex <= newest.walIndex ? n : n + s.used), 0);
  return { dbSize, dbSizeInUse: snapBytes + walBytes };
}
