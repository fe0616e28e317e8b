// WAL records: the effects of one committed operation, not the request. Replay
// applies effects, so it never depends on the clock, random ids or compares.
//
// Frame (little endian):  u32 payloadLength | u32 crc32(payload) | payload
// Payload:                u8 kind | f64 index | body
//   write        (1): f64 revision | u32 n | n x change
//   lease-grant  (2): f64 id | f64 ttl
//   lease-revoke (3): f64 id | f64 revision (0: no keys) | u32 n | n x change
//   compact      (4): f64 revision
// change:             u8 type (0 put, 1 delete) | u32 keyLen | key | u32 valueLen | value | f64 lease
// A zero length with a zero CRC marks the preallocated (zero-filled) end of a segment.
import { BinaryReader, DecodeError } from './binary.js';
import { crc32 } from './crc32.js';
import type { RevisionEntry } from './keyspace.js';

const FRAME_HEADER = 8;

export type Change = { type: 'put'; key: Buffer; value: Buffer; lease: number } | { type: 'delete'; key: Buffer };

export type WalRecord =
  | { kind: 'write'; index: number; revision: number; changes: Change[] }
  | { kind: 'lease-grant'; index: number; id: number; ttl: number }
  | { kind: 'lease-revoke'; index: number; id: number; revision: number; changes: Change[] }
  | { kind: 'compact'; index: number; revision: number };

const KIND = { write: 1, 'lease-grant': 2, 'lease-revoke': 3, compact: 4 } as const;

function changesSize(entry: RevisionEntry | undefined): number {
  let size = 4;
  if (!entry) return size;
  for (const { event } of entry.events) {
    size += 1 + 4 + event.kv.key.length + 4 + (event.type === 'PUT' ? event.kv.value.length : 0) + 8;
  }
  return size;
}

function writeChanges(buf: Buffer, pos: number, entry: RevisionEntry | undefined): number {
  const events = entry ? entry.events : [];
  pos = buf.writeUInt32LE(events.length, pos);
  for (const { event } of events) {
    const put = event.type === 'PUT';
    pos = buf.writeUInt8(put ? 0 : 1, pos);
    pos = buf.writeUInt32LE(event.kv.key.length, pos);
    pos += event.kv.key.copy(buf, pos);
    const value = put ? event.kv.value : undefined;
    pos = buf.writeUInt32LE(value ? value.length : 0, pos);
    if (value) pos += value.copy(buf, pos);
    pos = buf.writeDoubleLE(put ? event.kv.lease : 0, pos);
  }
  return pos;
}

/** Allocates header + payload and fills the header once the payload is written. */
function framed(payloadSize: number, fill: (buf: Buffer, pos: number) => number): Buffer {
  const buf = Buffer.allocUnsafe(FRAME_HEADER + payloadSize);
  const end = fill(buf, FRAME_HEADER);
  if (end !== buf.length) throw new Error(`record encoder wrote ${end} of ${buf.length} bytes`);
  buf.writeUInt32LE(payloadSize, 0);
  buf.writeUInt32LE(crc32(buf.subarray(FRAME_HEADER)), 4);
  return buf;
}

export function encodeWrite(index: number, entry: RevisionEntry): Buffer {
  return framed(1 + 8 + 8 + changesSize(entry), (buf, pos) => {
    pos = buf.writeUInt8(KIND.write, pos);
    pos = buf.writeDoubleLE(index, pos);
    pos = buf.writeDoubleLE(entry.revision, pos);
    return writeChanges(buf, pos, entry);
  });
}

export function encodeLeaseRevoke(index: number, id: number, entry: RevisionEntry | undefined): Buffer {
  return framed(1 + 8 + 8 + 8 + changesSize(entry), (buf, pos) => {
    pos = buf.writeUInt8(KIND['lease-revoke'], pos);
    pos = buf.writeDoubleLE(index, pos);
    pos = buf.writeDoubleLE(id, pos);
    pos = buf.writeDoubleLE(entry ? entry.revision : 0, pos);
    return writeChanges(buf, pos, entry);
  });
}

export function encodeLeaseGrant(index: number, id: number, ttl: number): Buffer {
  return framed(1 + 8 + 8 + 8, (buf, pos) => {
    pos = buf.writeUInt8(KIND['lease-grant'], pos);
    pos = buf.writeDoubleLE(index, pos);
    pos = buf.writeDoubleLE(id, pos);
    return buf.writeDoubleLE(ttl, pos);
  });
}

export function encodeCompact(index: number, revision: number): Buffer {
  return framed(1 + 8 + 8, (buf, pos) => {
    pos = buf.writeUInt8(KIND.compact, pos);
    pos = buf.writeDoubleLE(index, pos);
    return buf.writeDoubleLE(revision, pos);
  });
}

function readChanges(r: BinaryReader): Change[] {
  const n = r.u32();
  const changes: Change[] = [];
  for (let i = 0; i < n; i++) {
    const type = r.u8();
    const key = r.bytes();
    const value = r.bytes();
    const lease = r.int();
    if (type === 0) changes.push({ type: 'put', key, value, lease });
    else if (type === 1) changes.push({ type: 'delete', key });
    else throw new DecodeError(`unknown change type ${type}`);
  }
  return changes;
}

/** Decodes a payload whose CRC already matched; throws DecodeError on a malformed one. */
export function decodeRecord(payload: Buffer): WalRecord {
  const r = new BinaryReader(payload);
  const kind = r.u8();
  const index = r.int();
  let record: WalRecord;
  switch (kind) {
    case KIND.write:
      record = { kind: 'write', index, revision: r.int(), changes: readChanges(r) };
      break;
    case KIND['lease-grant']:
      record = { kind: 'lease-grant', index, id: r.int(), ttl: r.int() };
      break;
    case KIND['lease-revoke']:
      record = { kind: 'lease-revoke', index, id: r.int(), revision: r.int(), changes: readChanges(r) };
      break;
    case KIND.compact:
      record = { kind: 'compact', index, revision: r.int() };
      break;
    default:
      throw new DecodeError(`unknown record kind ${kind}`);
  }
  if (!r.done) throw new DecodeError(`record ${index}: ${payload.length - r.offset} trailing bytes`);
  return record;
}

export type FrameScan =
  | { status: 'ok'; payload: Buffer; next: number }
  | { status: 'end' } // zero padding or the exact end of the data
  | { status: 'torn'; reason: string };

/** Reads the frame at pos; payload is a view into buf. */
export function scanFrame(buf: Buffer, pos: number): FrameScan {
  if (pos + FRAME_HEADER > buf.length) {
    // a segment filled to within a header's size of its end has only zero padding left
    for (let i = pos; i < buf.length; i++) if (buf[i] !== 0) return { status: 'torn', reason: 'partial frame header' };
    return { status: 'end' };
  }
  const len = buf.readUInt32LE(pos);
  const crc = buf.readUInt32LE(pos + 4);
  if (len === 0 && crc === 0) return { status: 'end' };
  const start = pos + FRAME_HEADER;
  if (len === 0 || start + len > buf.length) return { status: 'torn', reason: `frame length ${len} runs past the data` };
  const payload = buf.subarray(start, start + len);
  if (crc32(payload) !== crc) return { status: 'torn', reason: 'checksum mismatch' };
  return { status: 'ok', payload, next: start + len };
}
