// Rebuilding the state on open: newest snapshot that verifies (a damaged one is set
// aside as *.corrupt and the next older one is tried), then every WAL record after
// it, in index order. The WAL is kept back to the older of the two retained
// snapshots, so falling back one snapshot never lacks records.
import { rename } from 'node:fs/promises';
import { join } from 'node:path';
import { DecodeError } from './binary.js';
import { KvState } from './kv-state.js';
import { decodeRecord } from './records.js';
import { listSnapshots, readSnapshot, restoreSnapshot, type SnapshotFile } from './snapshot.js';
import { StoreError } from './types.js';
import { listSegments, scanWal, type WalScan } from './wal-scan.js';

export interface Recovered {
  state: KvState;
  /** index of the last record in the state (snapshot or WAL) */
  lastIndex: number;
  /** index of the last record found in the WAL (0 when none) */
  lastWalIndex: number;
  scan: WalScan;
  /** valid-named snapshot files after recovery, newest first */
  snapshots: SnapshotFile[];
  repairs: string[];
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

async function loadSnapshot(
  dir: string,
  firstWalIndex: number | undefined,
  now: number,
  repairs: string[],
): Promise<{ state: KvState; base: number }> {
  for (const snap of await listSnapshots(dir)) {
    if (firstWalIndex !== undefined && firstWalIndex > snap.walIndex + 1) {
      repairs.push(`snapshot ${snap.name} is older than the WAL (starts at ${firstWalIndex}); not used`);
      continue;
    }
    try {
      const image = await readSnapshot(dir, snap);
      const state = new KvState();
      restoreSnapshot(image, state.keyspace, state.leases, now);
      return { state, base: image.walIndex };
    } catch (err) {
      if (!(err instanceof DecodeError)) throw err;
      await rename(join(dir, snap.name), join(dir, `${snap.name}.corrupt`));
      repairs.push(`snapshot ${snap.name} is damaged (${err.message}); renamed to .corrupt, trying an older one`);
    }
  }
  if (firstWalIndex !== undefined && firstWalIndex > 1) {
    throw new StoreError('unavailable', `no usable snapshot, and the WAL before record ${firstWalIndex} was removed`);
  }
  return { state: new KvState(), base: 0 };
}

export async function recover(dir: string, now: number): Promise<Recovered> {
  const repairs: string[] = [];
  const firstWalIndex = (await listSegments(dir))[0]?.firstIndex;
  const { state, base } = await loadSnapshot(dir, firstWalIndex, now, repairs);
  let last = base;
  let lastWalIndex = 0;
  const scan = await scanWal(dir, (payload) => {
    // the index sits right after the kind byte; skip records the snapshot already holds without decoding them
    const index = payload.length >= 9 ? payload.readDoubleLE(1) : -1;
    lastWalIndex = index;
    if (index >= 0 && index <= base) return;
    if (index !== last + 1) {
      throw new StoreError('unavailable', `WAL gap: expected record ${last + 1}, found ${index}`);
    }
    try {
      state.applyRecord(decodeRecord(payload), now);
    } catch (err) {
      if (err instanceof StoreError) throw err;
      throw new StoreError('unavailable', `WAL record ${index} is unreadable though its checksum matches: ${describe(err)}`);
    }
    last = index;
  });
  repairs.push(...scan.repairs);
  return { state, lastIndex: last, lastWalIndex, scan, snapshots: await listSnapshots(dir), repairs };
}
