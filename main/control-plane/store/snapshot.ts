// Snapshot format (also what MvccStore.snapshot() returns), little endian:
//
//   header: "K8SLSNAP" (8 bytes) | u32 format (1) | u32 crc32(body) | f64 bodyLength
//   body:   f64 walIndex | f64 revision | f64 compactRevision
//           u32 leaseCount  | leaseCount x (f64 id | f64 grantedTtl)
//           u32 baseCount   | baseCount x kv      versions older than compactRevision
//           u32 entryCount  | entryCount x (f64 revision | u32 n | n x kv)   the revision log
//   kv:     u32 keyLen | key | u32 valueLen | value | f64 createRevision | f64 modRevision
//           | f64 version | f64 lease          (version 0 = a deletion at modRevision)
//
// walIndex is the last WAL record the image includes; recovery replays the WAL after it.
// The history since the compaction point is kept, so after a restart ranges at past
// revisions and watches from an old revision behave as before the restart.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { BinaryReader, BinaryWriter, DecodeError } from './binary.js';
import { crc32 } from './crc32.js';
import { writeFileAtomic, unlinkIfExists } from './fs-util.js';
import type { Keyspace } from './keyspace.js';
import type { LeaseTable } from './leases.js';
import type { KeyValue } from './types.js';

const MAGIC = Buffer.from('K8SLSNAP', 'latin1');
const FORMAT = 1;
const HEADER = 8 + 4 + 4 + 8;

export interface SnapshotImage {
  walIndex: number;
  revision: number;
  compactRevision: number;
  leases: Array<{ id: number; ttl: number }>;
  base: KeyValue[];
  entries: Array<{ revision: number; kvs: KeyValue[] }>;
}

function writeKv(w: BinaryWriter, kv: KeyValue): void {
  w.bytes(kv.key).bytes(kv.value).f64(kv.createRevision).f64(kv.modRevision).f64(kv.version).f64(kv.lease);
}

function readKv(r: BinaryReader): KeyValue {
  return { key: r.bytes(), value: r.bytes(), createRevision: r.int(), modRevision: r.int(), version: r.int(), lease: r.int() };
}

/** Serializes the state synchronously, so the image is exactly the state at walIndex. */
export function encodeSnapshot(walIndex: number, keyspace: Keyspace, leases: LeaseTable): Buffer {
  const w = new BinaryWriter(64 * 1024);
  w.f64(walIndex).f64(keyspace.revision).f64(keyspace.compactRevision);
  w.u32(leases.size);
  for (const lease of leases.all()) w.f64(lease.id).f64(lease.ttl);
  const base = [...keyspace.baseVersions()];
  w.u32(base.length);
  for (const kv of base) writeKv(w, kv);
  const entries = keyspace.entries();
  w.u32(entries.length);
  for (const entry of entries) {
    w.f64(entry.revision).u32(entry.events.length);
    for (const ev of entry.events) writeKv(w, ev.event.kv);
  }
  const body = w.finish();
  const out = Buffer.allocUnsafe(HEADER + body.length);
  MAGIC.copy(out, 0);
  out.writeUInt32LE(FORMAT, 8);
  out.writeUInt32LE(crc32(body), 12);
  out.writeDoubleLE(body.length, 16);
  body.copy(out, HEADER);
  return out;
}

/** Verifies magic, length and checksum; throws DecodeError when any is wrong. */
export function decodeSnapshot(buf: Buffer): SnapshotImage {
  if (buf.length < HEADER || !buf.subarray(0, 8).equals(MAGIC)) throw new DecodeError('not a snapshot (bad magic)');
  const format = buf.readUInt32LE(8);
  if (format !== FORMAT) throw new DecodeError(`unsupported snapshot format ${format}`);
  const bodyLength = buf.readDoubleLE(16);
  if (bodyLength !== buf.length - HEADER) throw new DecodeError(`snapshot body is ${buf.length - HEADER} bytes, header says ${bodyLength}`);
  const body = buf.subarray(HEADER);
  if (crc32(body) !== buf.readUInt32LE(12)) throw new DecodeError('snapshot checksum mismatch');
  const r = new BinaryReader(body);
  const image: SnapshotImage = { walIndex: r.int(), revision: r.int(), compactRevision: r.int(), leases: [], base: [], entries: [] };
  for (let n = r.u32(); n > 0; n--) image.leases.push({ id: r.int(), ttl: r.int() });
  for (let n = r.u32(); n > 0; n--) image.base.push(readKv(r));
  for (let n = r.u32(); n > 0; n--) {
    const revision = r.int();
    const kvs: KeyValue[] = [];
    for (let m = r.u32(); m > 0; m--) kvs.push(readKv(r));
    image.entries.push({ revision, kvs });
  }
  if (!r.done) throw new DecodeError('trailing bytes after the snapshot body');
  return image;
}

/** Loads an image into an empty keyspace and lease table; lease keys are re-attached. */
export function restoreSnapshot(image: SnapshotImage, keyspace: Keyspace, leases: LeaseTable, now: number): void {
  keyspace.restoreCounters(image.revision, image.compactRevision);
  for (const l of image.leases) leases.grant(l.id, l.ttl, now);
  for (const kv of image.base) keyspace.restoreBase(kv);
  for (const e of image.entries) keyspace.restoreEntry(e.revision, e.kvs);
  keyspace.finishRestore();
  for (const kv of keyspace.range({ start: '\0', end: null }, image.revision, { limit: 0, keysOnly: true, countOnly: false }).kvs) {
    if (kv.lease !== 0) leases.attach(kv.lease, kv.key.toString('latin1'));
  }
}

// ---- files ----

const SNAP_RE = /^snap-([0-9a-f]{16})\.snap$/;

export interface SnapshotFile {
  name: string;
  walIndex: number;
}

export function snapshotName(walIndex: number): string {
  return `snap-${walIndex.toString(16).padStart(16, '0')}.snap`;
}

/** snapshot files, newest first; leftover .tmp files from a crash are removed */
export async function listSnapshots(dir: string): Promise<SnapshotFile[]> {
  const out: SnapshotFile[] = [];
  for (const name of await readdir(dir)) {
    if (name.startsWith('snap-') && name.endsWith('.tmp')) await unlinkIfExists(join(dir, name));
    const m = SNAP_RE.exec(name);
    if (m?.[1]) out.push({ name, walIndex: parseInt(m[1], 16) });
  }
  return out.sort((a, b) => b.walIndex - a.walIndex);
}

export async function readSnapshot(dir: string, file: SnapshotFile): Promise<SnapshotImage> {
  const image = decodeSnapshot(await readFile(join(dir, file.name)));
  if (image.walIndex !== file.walIndex) throw new DecodeError(`${file.name} holds index ${image.walIndex}`);
  return image;
}

export async function writeSnapshot(dir: string, walIndex: number, data: Buffer, durable: boolean): Promise<SnapshotFile> {
  const name = snapshotName(walIndex);
  await writeFileAtomic(dir, name, data, durable);
  return { name, walIndex };
}

/** keeps the newest `keep` snapshots; returns the ones kept, newest first */
export async function pruneSnapshots(dir: string, keep: number): Promise<SnapshotFile[]> {
  const all = await listSnapshots(dir);
  for (const old of all.slice(keep)) await unlinkIfExists(join(dir, old.name));
  return all.slice(0, keep);
}
