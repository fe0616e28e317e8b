// A KvBackend watcher on a real etcd: one gRPC Watch stream per watcher.
//
// Why one stream each rather than one shared stream: HTTP/2 already multiplexes the
// streams over one connection, so a stream costs little, while sharing one would mean
// serialising creates (etcd assigns ids in order), routing by id, and letting one
// slow or failing watcher disturb the others. The API server holds a few dozen
// watchers (one per resource in the watch cache), far from any limit.
//
// When the member goes away the watcher resumes on the next endpoint from the
// revision after the last one it delivered (events or progress), the way clientv3
// does, so callers see an error only when no member can take the watch over.
import { Metadata, status } from '@grpc/grpc-js';
import type { ClientDuplexStream, ServiceError } from '@grpc/grpc-js';
import { StoreError } from '../types.js';
import type { WatchHandlers, WatchOptions, Watcher } from '../types.js';
import { eventFromWire, num } from './codec.js';
import type { LeaseIdCodec } from './codec.js';
import type { EtcdConnection } from './etcd-connection.js';
import { isUnavailable } from './etcd-connection.js';
import { fromGrpcError } from './errors.js';
import type * as W from './wire.js';

const MAX_RESUME_ATTEMPTS = 5;

export class EtcdClientWatcher implements Watcher {
  private call: ClientDuplexStream<W.WatchRequest, W.WatchResponse> | undefined;
  /** first revision not yet delivered; 0 = "now" until the first created header */
  private nextRevision: number;
  private done = false;
  private failures = 0;
  private retryTimer: NodeJS.Timeout | undefined;

  constructor(
    readonly id: number,
    private readonly connection: EtcdConnection,
    private readonly key: Buffer,
    private readonly options: WatchOptions,
    private readonly handlers: WatchHandlers,
    private readonly leases: LeaseIdCodec,
    private readonly onDone: () => void,
  ) {
    this.nextRevision = options.startRevision ?? 0;
    this.open();
  }

  private createRequest(): W.WatchCreateRequest {
    const filters: W.FilterType[] = [];
    if (this.options.noPut) filters.push('NOPUT');
    if (this.options.noDelete) filters.push('NODELETE');
    const req: W.WatchCreateRequest = {
      key: this.key,
      start_revision: this.nextRevision,
      prev_kv: this.options.prevKv ?? false,
      progress_notify: this.options.progressNotify ?? false,
      filters,
    };
    if (this.options.rangeEnd && this.options.rangeEnd.length > 0) req.range_end = this.options.rangeEnd;
    return req;
  }

  private open(): void {
    if (this.done) return;
    let opened;
    try {
      // hasleader: the member cancels the stream if it loses its leader, so the
      // watcher moves to a member that still gets updates (clientv3 WithRequireLeader).
      const metadata = new Metadata();
      metadata.set('hasleader', 'true');
      opened = this.connection.bidi<W.WatchRequest, W.WatchResponse>('Watch', 'Watch', metadata);
    } catch (error) {
      this.finish(fromGrpcError(error));
      return;
    }
    const { call, client } = opened;
    this.call = call;
    call.on('data', (response: W.WatchResponse) => {
      if (call === this.call) this.receive(response);
    });
    // The stream ending in any way we did not ask for (we drop this.call before we
    // cancel) means the member went away or shut down: CANCELLED is what a server
    // closing its sessions sends, UNAVAILABLE what a dead connection gives.
    const lost = (error: ServiceError | undefined): void => {
      if (call !== this.call || this.done) return;
      this.call = undefined;
      const retryable = !error || isUnavailable(error) || error.code === status.CANCELLED;
      if (retryable && this.failures < MAX_RESUME_ATTEMPTS) {
        this.failures++;
        this.connection.rotate(client);
        this.retryTimer = setTimeout(() => this.open(), 100 * 2 ** this.failures);
        return;
      }
      this.finish(error ? fromGrpcError(error) : new StoreError('unavailable', 'etcd closed the watch stream'));
    };
    call.on('error', (error: ServiceError) => lost(error));
    call.on('end', () => lost(undefined));
    call.write({ create_request: this.createRequest() });
  }

  private receive(response: W.WatchResponse): void {
    if (this.done) return;
    const revision = num(response.header?.revision);
    if (response.canceled) {
      const compactRevision = num(response.compact_revision);
      if (compactRevision > 0) {
        this.finish(new StoreError('compacted', 'etcdserver: mvcc: required revision has been compacted', compactRevision));
      } else {
        this.finish(fromGrpcError(Object.assign(new Error(response.cancel_reason || 'watch canceled by etcd'), { details: response.cancel_reason })));
      }
      return;
    }
    if (response.created) {
      this.failures = 0;
      if (this.nextRevision === 0) this.nextRevision = revision + 1;
      return;
    }
    const events = response.events ?? [];
    const last = events[events.length - 1];
    if (last) {
      this.nextRevision = num(last.kv?.mod_revision) + 1;
    } else {
      // A progress notification: every later event is above this revision.
      this.nextRevision = Math.max(this.nextRevision, revision + 1);
    }
    this.handlers.onEvents(
      events.map((e) => eventFromWire(e, this.leases)),
      revision,
    );
  }

  private finish(error: StoreError | undefined): void {
    if (this.done) return;
    this.done = true;
    clearTimeout(this.retryTimer);
    const call = this.call;
    this.call = undefined;
    call?.cancel();
    this.onDone();
    if (error) this.handlers.onError(error);
  }

  cancel(): void {
    this.finish(undefined);
  }

  requestProgress(): void {
    this.call?.write({ progress_request: {} });
  }
}
