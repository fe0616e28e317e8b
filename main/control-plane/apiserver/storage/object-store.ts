// Objects over the key-value backend, the way kube-apiserver's storage/etcd3 store
// does it: JSON values under /registry/..., resourceVersion = the key's mod revision
// (never stored in the value), creates and updates as compare-and-swap transactions.
import type { KubeObject } from '../../../common/kube-types.js';
import type { KeyValue, KvBackend, WatchEvent, Watcher } from '../../store/types.js';
import { StoreError } from '../../store/types.js';
import type { TraceBus } from '../../trace/trace-bus.js';

export class StorageError extends Error {
  constructor(
    readonly code: 'not-found' | 'exists' | 'conflict' | 'compacted' | 'future',
    message: string,
    readonly currentRevision?: number,
  ) {
    super(message);
    this.name = 'StorageError';
  }
}

const enc = (s: string): Buffer => Buffer.from(s, 'utf8');

export function decodeObject(kv: KeyValue): KubeObject {
  const obj = JSON.parse(kv.value.toString('utf8')) as KubeObject;
  obj.metadata ??= {};
  obj.metadata.resourceVersion = String(kv.modRevision);
  return obj;
}

function encodeObject(obj: KubeObject): Buffer {
  const rv = obj.metadata.resourceVersion;
  delete obj.metadata.resourceVersion;
  const buf = enc(JSON.stringify(obj));
  if (rv !== undefined) obj.metadata.resourceVersion = rv;
  return buf;
}

/** the end of a prefix range: the prefix with its last byte incremented */
export function prefixEnd(prefix: string): Buffer {
  const b = Buffer.from(prefix, 'utf8');
  for (let i = b.length - 1; i >= 0; i--) {
    const byte = b[i] ?? 0;
    if (byte < 0xff) {
      const end = b.subarray(0, i + 1);
      end[i] = byte + 1;
      return Buffer.from(end);
    }
  }
  return Buffer.from([0]);
}

export interface ListResult {
  items: KubeObject[];
  revision: number;
  /** key to continue from when the limit cut the list */
  nextKey?: string;
  remaining?: number;
}

export interface ObjectWatchEvent {
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  object: KubeObject;
  /** the previous state, when known (used for selector transitions) */
  prev?: KubeObject;
  revision: number;
}

export class ObjectStore {
  constructor(
    readonly kv: KvBackend,
    private readonly trace?: TraceBus,
  ) {}

  /** reports one store operation to the live trace; costs a boolean read when nobody listens */
  private traced(op: string, key: string, started: number, revision?: number): void {
    if (this.trace?.active) this.trace.emit({ kind: 'store', ts: Date.now(), op, key, revision, ms: performance.now() - started });
  }

  async get(key: string): Promise<KubeObject | undefined> {
    const t = performance.now();
    const r = await this.kv.range(enc(key));
    this.traced('get', key, t, r.revision);
    const kv = r.kvs[0];
    return kv ? decodeObject(kv) : undefined;
  }

  async currentRevision(): Promise<number> {
    const r = await this.kv.range(enc('/registry/\u0000health'), { countOnly: true });
    return r.revision;
  }

  async create(key: string, obj: KubeObject, lease?: number): Promise<KubeObject> {
    const t = performance.now();
    const r = await this.kv.txn({
      compare: [{ key: enc(key), target: 'MOD', result: 'EQUAL', value: 0 }],
      success: [{ type: 'put', key: enc(key), value: encodeObject(obj), options: lease ? { lease } : undefined }],
      failure: [],
    });
    this.traced('create', key, t, r.revision);
    if (!r.succeeded) throw new StorageError('exists', `${key} exists`);
    obj.metadata.resourceVersion = String(r.revision);
    return obj;
  }

  /** write obj if the stored mod revision is still `expected` */
  async update(key: string, obj: KubeObject, expected: number, lease?: number): Promise<KubeObject> {
    const t = performance.now();
    const r = await this.kv.txn({
      compare: [{ key: enc(key), target: 'MOD', result: 'EQUAL', value: expected }],
      success: [{ type: 'put', key: enc(key), value: encodeObject(obj), options: lease ? { lease } : undefined }],
      failure: [{ type: 'range', key: enc(key) }],
    });
    this.traced('update', key, t, r.revision);
    if (!r.succeeded) {
      const cur = r.responses[0];
      const exists = cur?.type === 'range' && cur.range.kvs.length > 0;
      throw new StorageError(exists ? 'conflict' : 'not-found', `${key} changed`);
    }
    obj.metadata.resourceVersion = String(r.revision);
    return obj;
  }

  async delete(key: string, expected: number): Promise<number> {
    const t = performance.now();
    const r = await this.kv.txn({
      compare: [{ key: enc(key), target: 'MOD', result: 'EQUAL', value: expected }],
      success: [{ type: 'delete', key: enc(key) }],
      failure: [{ type: 'range', key: enc(key) }],
    });
    this.traced('delete', key, t, r.revision);
    if (!r.succeeded) {
      const cur = r.responses[0];
      const exists = cur?.type === 'range' && cur.range.kvs.length > 0;
      throw new StorageError(exists ? 'conflict' : 'not-found', `${key} changed`);
    }
    return r.revision;
  }

  /** every object under prefix (which ends in '/'), from startKey, at revision (0 = now) */
  async list(prefix: string, opts: { revision?: number; limit?: number; startKey?: string } = {}): Promise<ListResult> {
    try {
      const t = performance.now();
      const r = await this.kv.range(enc(opts.startKey ?? prefix), {
        rangeEnd: prefixEnd(prefix),
        revision: opts.revision,
        limit: opts.limit,
      });
      this.traced('list', prefix, t, r.revision);
      const items = r.kvs.map(decodeObject);
      const res: ListResult = { items, revision: r.revision };
      if (r.more) {
        const last = r.kvs[r.kvs.length - 1];
        if (last) res.nextKey = last.key.toString('utf8') + '\u0000';
        res.remaining = r.count - r.kvs.length;
      }
      return res;
    } catch (e) {
      throw mapStoreError(e);
    }
  }

  /** watch objects under a prefix, starting after `afterRevision` */
  watch(
    prefix: string,
    afterRevision: number,
    onEvents: (events: ObjectWatchEvent[]) => void,
    onError: (e: Error) => void,
  ): Watcher {
    return this.kv.watch(
      enc(prefix),
      { rangeEnd: prefixEnd(prefix), startRevision: afterRevision + 1, prevKv: true },
      {
        onEvents: (events: WatchEvent[]) => {
          if (events.length === 0) return;
          onEvents(events.map(toObjectEvent));
        },
        onError: (e) => onError(mapStoreError(e)),
      },
    );
  }
}

function toObjectEvent(e: WatchEvent): ObjectWatchEvent {
  if (e.type === 'DELETE') {
    const prev = e.prevKv ? decodeObject(e.prevKv) : { metadata: {} };
    // a DELETED event carries the last state with the deletion revision as its resourceVersion
    prev.metadata.resourceVersion = String(e.kv.modRevision);
    return { type: 'DELETED', object: prev, revision: e.kv.modRevision };
  }
  const object = decodeObject(e.kv);
  const ev: ObjectWatchEvent = { type: e.kv.version === 1 ? 'ADDED' : 'MODIFIED', object, revision: e.kv.modRevision };
  if (e.prevKv) ev.prev = decodeObject(e.prevKv);
  return ev;
}

export function mapStoreError(e: unknown): Error {
  if (e instanceof StoreError) {
    if (e.code === 'compacted') return new StorageError('compacted', e.message, e.compactRevision);
    if (e.code === 'future-revision') return new StorageError('future', e.message);
  }
  return e instanceof Error ? e : new Error(String(e));
}
