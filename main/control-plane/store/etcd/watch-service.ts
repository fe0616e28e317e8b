// etcdserverpb.Watch: one bidi stream carries many watchers. The protocol follows
// etcd v3.4's v3rpc/watch.go: ids are per stream and chosen by the server from 0
// unless the client asks for one; "created" is sent before any event of that watcher;
// a watcher below the compaction point gets created, then canceled with
// compact_revision; a progress request is answered with watch_id -1 (broadcast).
import type { ServerDuplexStream, UntypedServiceImplementation } from '@grpc/grpc-js';
import { StoreError } from '../types.js';
import type { WatchOptions, Watcher } from '../types.js';
import { eventToWire, num } from './codec.js';
import { toGrpcError } from './errors.js';
import type { FacadeContext } from './facade-context.js';
import type * as W from './wire.js';

type WatchCall = ServerDuplexStream<W.WatchRequest, W.WatchResponse>;

/** etcd's reason text for a watcher id already used on the stream (mvcc.ErrWatcherDuplicateID). */
const DUPLICATE_ID = 'mvcc: duplicate watch ID provided on the WatchStream';

class WatchStream {
  private readonly watchers = new Map<number, Watcher | undefined>();
  private nextId = 0;
  private closed = false;
  // Requests are handled one at a time so that ids and "created" replies keep the
  // order the client sent them in, even though creating a watcher awaits the store.
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly ctx: FacadeContext,
    private readonly call: WatchCall,
  ) {}

  receive(request: W.WatchRequest): void {
    this.queue = this.queue
      .then(() => this.handle(request))
      .catch((error: unknown) => this.fail(error));
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const watcher of this.watchers.values()) watcher?.cancel();
    this.watchers.clear();
  }

  private send(response: W.WatchResponse): void {
    if (!this.closed) this.call.write(response);
  }

  private fail(error: unknown): void {
    if (this.closed) return;
    this.close();
    this.call.emit('error', toGrpcError(error));
  }

  private async handle(request: W.WatchRequest): Promise<void> {
    if (this.closed) return;
    if (request.create_request) await this.create(request.create_request);
    else if (request.cancel_request) await this.cancel(num(request.cancel_request.watch_id));
    else if (request.progress_request) await this.progress();
    // Anything else is ignored, as etcd does, rather than ending the stream.
  }

  private allocateId(requested: number): number | undefined {
    if (requested !== 0) return this.watchers.has(requested) ? undefined : requested;
    while (this.watchers.has(this.nextId)) this.nextId++;
    return this.nextId++;
  }

  private async create(req: W.WatchCreateRequest): Promise<void> {
    const revision = await this.ctx.currentRevision();
    // The stream may have ended while the revision was read: register nothing then.
    if (this.closed) return;
    const requested = num(req.watch_id);
    const id = this.allocateId(requested);
    if (id === undefined) {
      this.send({ header: this.ctx.header(revision), watch_id: requested, created: true, canceled: true, cancel_reason: DUPLICATE_ID });
      return;
    }
    // An empty key is "\0", the smallest key; a range_end of "\0" means every key >= key.
    const key = req.key.length > 0 ? req.key : Buffer.from([0]);
    const options: WatchOptions = {
      // "now" is pinned to the revision reported in the created header, so no event
      // between that header and the registration below can be lost.
      startRevision: num(req.start_revision) > 0 ? num(req.start_revision) : revision + 1,
    };
    if (req.range_end && req.range_end.length > 0) options.rangeEnd = req.range_end;
    if (req.prev_kv) options.prevKv = true;
    if (req.progress_notify) options.progressNotify = true;
    for (const filter of req.filters ?? []) {
      if (filter === 'NOPUT') options.noPut = true;
      if (filter === 'NODELETE') options.noDelete = true;
    }

    this.watchers.set(id, undefined);
    this.send({ header: this.ctx.header(revision), watch_id: id, created: true });
    try {
      const watcher = this.ctx.backend.watch(key, options, {
        onEvents: (events, rev) => {
          if (this.watchers.has(id)) this.send({ header: this.ctx.header(rev), watch_id: id, events: events.map(eventToWire) });
        },
        onError: (error) => this.ended(id, error),
      });
      // onError may already have run inside watch(): then the id is gone.
      if (this.watchers.has(id)) this.watchers.set(id, watcher);
      else watcher.cancel();
    } catch (error) {
      this.ended(id, error);
    }
  }

  private ended(id: number, error: unknown): void {
    if (!this.watchers.has(id)) return;
    this.watchers.delete(id);
    // Compaction is told by compact_revision alone (clientv3 turns it into ErrCompacted);
    // anything else by its reason text.
    const compactRevision = error instanceof StoreError && error.code === 'compacted' ? (error.compactRevision ?? 0) : 0;
    const response: W.WatchResponse = {
      header: this.ctx.header(0),
      watch_id: id,
      canceled: true,
      cancel_reason: compactRevision > 0 ? '' : toGrpcError(error).message,
    };
    if (compactRevision > 0) response.compact_revision = compactRevision;
    this.send(response);
  }

  private async cancel(id: number): Promise<void> {
    if (!this.watchers.has(id)) return;
    const watcher = this.watchers.get(id);
    this.watchers.delete(id);
    watcher?.cancel();
    this.send({ header: this.ctx.header(await this.ctx.currentRevision()), watch_id: id, canceled: true });
  }

  private async progress(): Promise<void> {
    const active = [...this.watchers.values()].filter((w): w is Watcher => w !== undefined);
    if (active.length === 0) {
      this.send({ header: this.ctx.header(await this.ctx.currentRevision()), watch_id: -1 });
      return;
    }
    // With watchers, let the store answer for each of them: it knows which events
    // are still on their way, so the revision it reports is safe for that watcher.
    for (const watcher of active) watcher.requestProgress();
  }
}

export function watchService(ctx: FacadeContext, track: (stop: () => void) => () => void): UntypedServiceImplementation {
  return {
    Watch: (call: WatchCall) => {
      const stream = new WatchStream(ctx, call);
      const untrack = track(() => stream.close());
      const stop = (): void => {
        stream.close();
        untrack();
      };
      call.on('data', (request: W.WatchRequest) => stream.receive(request));
      call.on('end', () => {
        stop();
        call.end();
      });
      call.on('cancelled', stop);
      call.on('error', stop);
      call.on('close', stop);
    },
  };
}
