// The contents of an etcd 3.4 backend database (mvcc/kvstore.go, lease/lessor.go,
// etcdserver/api/membership): what the facade streams for `etcdctl snapshot save`,
// built from one point-in-time read of the store and written by bbolt-writer.ts.
//
// Only the newest version of each key is written (a store compacted at the snapshot
// revision, which the meta bucket records), so a restored etcd refuses reads below it
// instead of answering them from a partial history.
import type { KeyValue } from '../types.js';
import { writeBoltDb } from './bbolt-writer.js';
import type { BoltEntry } from './bbolt-writer.js';

export interface EtcdDbContents {
  kvs: KeyValue[];
  /** the revision the kvs were read at */
  revision: number;
  leases: { id: number; ttl: number }[];
  /** raft index the data corresponds to (meta bucket consistent_index) */
  consistentIndex: number;
  clusterVersion: string;
}

function varint(value: number): Buffer {
  const out: number[] = [];
  let v = BigInt(value) & 0xffffffffffffffffn; // int64 as its two's complement bits
  do {
    let byte = Number(v & 0x7fn);
    v >>= 7n;
    if (v > 0n) byte |= 0x80;
    out.push(byte);
  } while (v > 0n);
  return Buffer.from(out);
}

/** proto3 as gogoproto marshals it: fields in number order, zero values left out. */
function message(fields: [number, number | Buffer][]): Buffer {
  const parts: Buffer[] = [];
  for (const [field, value] of fields) {
    if (typeof value === 'number') {
      if (value !== 0) parts.push(varint(field << 3), varint(value));
    } else if (value.length > 0) {
      parts.push(varint((field << 3) | 2), varint(value.length), value);
    }
  }
  return Buffer.concat(parts);
}

/** mvcc's revision key: 8-byte big-endian main revision, '_', 8-byte big-endian sub revision. */
function revisionKey(main: number, sub: number): Buffer {
  const key = Buffer.alloc(17);
  key.writeBigUInt64BE(BigInt(main), 0);
  key[8] = 0x5f;
  key.writeBigUInt64BE(BigInt(sub), 9);
  return key;
}

function uint64BE(value: number): Buffer {
  const out = Buffer.alloc(8);
  out.writeBigUInt64BE(BigInt(value));
  return out;
}

export function etcdDbFile(contents: EtcdDbContents): Buffer {
  // Keys written by one txn share a main revision; the sub revision only has to be unique.
  const subs = new Map<number, number>();
  const keyBucket: BoltEntry[] = contents.kvs.map((kv) => {
    const sub = subs.get(kv.modRevision) ?? 0;
    subs.set(kv.modRevision, sub + 1);
    const value = message([
      [1, kv.key],
      [2, kv.createRevision],
      [3, kv.modRevision],
      [4, kv.version],
      [5, kv.value],
      [6, kv.lease],
    ]);
    return { key: revisionKey(kv.modRevision, sub), value };
  });
  const leaseBucket: BoltEntry[] = contents.leases.map((l) => ({ key: uint64BE(l.id), value: message([[1, l.id], [2, l.ttl]]) }));
  const meta: BoltEntry[] = [
    { key: Buffer.from('consistent_index'), value: uint64BE(contents.consistentIndex) },
    { key: Buffer.from('finishedCompactRev'), value: revisionKey(contents.revision, 0) },
  ];
  return writeBoltDb(
    new Map([
      ['alarm', []],
      ['auth', []],
      ['authRoles', []],
      ['authUsers', []],
      ['cluster', [{ key: Buffer.from('clusterVersion'), value: Buffer.from(contents.clusterVersion) }]],
      ['key', keyBucket],
      ['lease', leaseBucket],
      ['members', []],
      ['members_removed', []],
      ['meta', meta],
    ]),
  );
}
