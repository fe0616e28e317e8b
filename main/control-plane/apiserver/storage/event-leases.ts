// Events expire (kube-apiserver --event-ttl, 1 h). Like kube's lease manager, one
// lease is reused for all events written within a short window instead of one per event.
import type { Clock } from '../handlers/context.js';
import type { KvBackend } from '../../store/types.js';

const REUSE_WINDOW_MS = 60_000;

export class EventLeases {
  private lease: { id: number; at: number } | undefined;
  private pending: Promise<number> | undefined;

  constructor(
    private readonly kv: KvBackend,
    private readonly ttlSeconds: number,
    private readonly clock: Clock,
  ) {}

  async current(): Promise<number | undefined> {
    if (this.ttlSeconds <= 0) return undefined;
    const now = this.clock.now();
    if (this.lease && now - this.lease.at < REUSE_WINDOW_MS) return this.lease.id;
    this.pending ??= this.kv.leaseGrant(this.ttlSeconds + REUSE_WINDOW_MS / 1000).then((l) => {
      this.lease = { id: l.id, at: now };
      this.pending = undefined;
      return l.id;
    });
    return this.pending;
  }

  stop(): void {
    this.lease = undefined;
  }
}
