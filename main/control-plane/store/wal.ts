// The write-ahead log writer with group commit. One flush (write + fdatasync) runs at
// a time; records appended while it runs wait in the next batch, which is written and
// synced as one. With one client that is one fsync per write; with many, one fsync
// per batch, which is where the concurrent throughput comes from (etcd does the same
// with its raft Ready batches).
//
// Segments are preallocated with zeros (etcd's WAL does this too) so an fdatasync only
// flushes data blocks, not the file size; a spare segment is prepared in the
// background once the active one is half full, and renamed into place on roll.
import { writeSync } from 'node:fs';
import { open, rename } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { fsyncDir, unlinkIfExists, zeroFill } from './fs-util.js';
import { StoreError } from './types.js';
import { SPARE_SEGMENT, segmentName, type SegmentInfo } from './wal-scan.js';

export interface WalOptions {
  dir: string;
  fsync: boolean;
  segmentBytes: number;
  /** called after each batch is durable, before its appenders resume; must not throw */
  onSynced(lastIndex: number): void;
  /** called once when a write or sync fails; the WAL refuses every later append */
  onFailure(error: StoreError): void;
}

interface Batch {
  frames: Buffer[];
  bytes: number;
  firstIndex: number;
  lastIndex: number;
  promise: Promise<void>;
  resolve(): void;
  reject(error: StoreError): void;
}

function newBatch(firstIndex: number): Batch {
  let resolve!: () => void;
  let reject!: (error: StoreError) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { frames: [], bytes: 0, firstIndex, lastIndex: firstIndex, promise, resolve, reject };
}

async function createSegmentFile(path: string, bytes: number, durable: boolean): Promise<void> {
  const handle = await open(path, 'w');
  try {
    await zeroFill(handle, 0, bytes);
    if (durable) await handle.sync();
  } finally {
    await handle.close();
  }
}

export class Wal {
  private next: Batch | undefined;
  private inFlight: Batch | undefined;
  private flushing: Promise<void> | undefined;
  private spare: Promise<boolean> | undefined;
  private failure: StoreError | undefined;
  private closed = false;
  /** batches written (each one write + one fdatasync), for tests and diagnostics */
  flushes = 0;

  private constructor(
    private readonly options: WalOptions,
    private handle: FileHandle,
    private offset: number,
    private readonly segments: SegmentInfo[],
  ) {}

  /**
   * Opens the WAL for appending. `segments` come from scanWal; the last one is reused
   * when allowed and it still has room (zero-extended back to full size), otherwise a
   * new segment starting at nextIndex is created.
   */
  static async open(
    options: WalOptions,
    segments: SegmentInfo[],
    tail: { fileSize: number; reuse: boolean },
    nextIndex: number,
  ): Promise<Wal> {
    const { dir, fsync, segmentBytes } = options;
    await unlinkIfExists(join(dir, SPARE_SEGMENT));
    const last = segments.at(-1);
    if (last && tail.reuse && last.used < segmentBytes) {
      const handle = await open(join(dir, last.name), 'r+');
      if (tail.fileSize < segmentBytes) {
        await zeroFill(handle, tail.fileSize, segmentBytes);
        if (fsync) await handle.sync();
      }
      return new Wal(options, handle, last.used, segments);
    }
    const seg: SegmentInfo = { name: segmentName(nextIndex), firstIndex: nextIndex, used: 0 };
    await createSegmentFile(join(dir, seg.name), segmentBytes, fsync);
    if (fsync) await fsyncDir(dir);
    const handle = await open(join(dir, seg.name), 'r+');
    return new Wal(options, handle, 0, [...segments, seg]);
  }

  /** queues a framed record; resolves once it is on disk */
  append(frame: Buffer, index: number): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.closed) return Promise.reject(new StoreError('closed', 'store is closed'));
    const batch = (this.next ??= newBatch(index));
    batch.frames.push(frame);
    batch.bytes += frame.length;
    batch.lastIndex = index;
    this.flushing ??= this.flushLoop();
    return batch.promise;
  }

  /** resolves once everything appended so far is on disk */
  barrier(): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    return this.next?.promise ?? this.inFlight?.promise ?? Promise.resolve();
  }

  get segmentList(): readonly SegmentInfo[] {
    return this.segments;
  }

  private async flushLoop(): Promise<void> {
    for (;;) {
      // One turn of the event loop first: the writers the previous batch just woke
      // (and requests already read from sockets) append now and share this flush,
      // instead of the first of them flushing alone.
      await new Promise<void>((resolve) => setImmediate(resolve));
      const batch = this.next;
      if (!batch) break;
      this.next = undefined;
      this.inFlight = batch;
      try {
        await this.writeBatch(batch);
      } catch (err) {
        this.fail(err, batch);
        break;
      }
      this.inFlight = undefined;
      this.flushes++;
      this.options.onSynced(batch.lastIndex);
      batch.resolve();
    }
    this.flushing = undefined;
  }

  private fail(err: unknown, batch: Batch): void {
    const message = err instanceof Error ? err.message : String(err);
    this.failure = new StoreError('unavailable', `WAL write failed: ${message}`);
    this.inFlight = undefined;
    batch.reject(this.failure);
    this.next?.reject(this.failure);
    this.next = undefined;
    this.options.onFailure(this.failure);
  }

  private async writeBatch(batch: Batch): Promise<void> {
    const { segmentBytes, fsync } = this.options;
    if (this.offset > 0 && this.offset + batch.bytes > segmentBytes) await this.roll(batch.firstIndex);
    const data = batch.frames.length === 1 ? (batch.frames[0] as Buffer) : Buffer.concat(batch.frames, batch.bytes);
    // A synchronous write only copies into the page cache (microseconds); it saves a
    // thread-pool round trip per batch. The fdatasync, which waits for the disk, stays async.
    for (let done = 0; done < data.length; ) {
      done += writeSync(this.handle.fd, data, done, data.length - done, this.offset + done);
    }
    this.offset += data.length;
    const active = this.segments.at(-1);
    if (active) active.used = this.offset;
    if (fsync) await this.handle.datasync();
    if (!this.spare && this.offset * 2 >= segmentBytes) this.spare = this.prepareSpare();
  }

  /** false when the spare could not be made; roll then creates the segment itself */
  private async prepareSpare(): Promise<boolean> {
    try {
      await createSegmentFile(join(this.options.dir, SPARE_SEGMENT), this.options.segmentBytes, this.options.fsync);
      return true;
    } catch {
      // roll() retries the same work on its own path and reports a failure there
      return false;
    }
  }

  private async roll(firstIndex: number): Promise<void> {
    const { dir, fsync, segmentBytes } = this.options;
    const seg: SegmentInfo = { name: segmentName(firstIndex), firstIndex, used: 0 };
    const path = join(dir, seg.name);
    const spareReady = this.spare ? await this.spare : false;
    this.spare = undefined;
    if (spareReady) await rename(join(dir, SPARE_SEGMENT), path);
    else await createSegmentFile(path, segmentBytes, fsync);
    if (fsync) await fsyncDir(dir);
    const handle = await open(path, 'r+');
    const old = this.handle;
    this.handle = handle;
    this.offset = 0;
    this.segments.push(seg);
    await old.close();
  }

  /**
   * Removes segments whose records all have index < keepFrom (never the active one).
   * Returns the names removed.
   */
  async purge(keepFrom: number): Promise<string[]> {
    const removed: string[] = [];
    while (this.segments.length > 1) {
      const second = this.segments[1] as SegmentInfo;
      if (second.firstIndex > keepFrom) break;
      const first = this.segments.shift() as SegmentInfo;
      await unlinkIfExists(join(this.options.dir, first.name));
      removed.push(first.name);
    }
    return removed;
  }

  /** flushes what is queued, then closes the files; appends after this are refused */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    while (this.flushing) await this.flushing;
    if (this.spare) await this.spare;
    this.spare = undefined;
    await this.handle.close();
    await unlinkIfExists(join(this.options.dir, SPARE_SEGMENT));
  }
}
