// client-go's flowcontrol.Backoff as the kubelet uses it: per key (a container, or an
// image of a pod), the delay starts at 10 s and doubles to 5 min. An entry that saw no
// failure for twice the maximum is forgotten, so a container that ran happily for 10
// minutes starts again from 10 s.
export interface Clock {
  now(): number;
}

interface Entry {
  backoffMs: number;
  lastUpdate: number;
}

export class Backoff {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly initialMs = 10_000,
    private readonly maxMs = 300_000,
    private readonly clock: Clock = { now: () => Date.now() },
  ) {}

  /** the current delay of a key (0 when it has none) */
  get(key: string): number {
    return this.entries.get(key)?.backoffMs ?? 0;
  }

  /** records a failure at eventTime: the next delay doubles (or starts at the initial one) */
  next(key: string, eventTime = this.clock.now()): void {
    const e = this.entries.get(key);
    if (!e || this.hasExpired(e, eventTime)) this.entries.set(key, { backoffMs: this.initialMs, lastUpdate: eventTime });
    else this.entries.set(key, { backoffMs: Math.min(e.backoffMs * 2, this.maxMs), lastUpdate: eventTime });
  }

  /** still waiting out the delay that started at eventTime */
  isInBackOffSince(key: string, eventTime: number): boolean {
    const e = this.entries.get(key);
    if (!e || this.hasExpired(e, eventTime)) return false;
    return this.clock.now() - eventTime < e.backoffMs;
  }

  /** ms left before the key may be tried again (0 = now) */
  remaining(key: string, eventTime: number): number {
    const e = this.entries.get(key);
    if (!e) return 0;
    return Math.max(0, eventTime + e.backoffMs - this.clock.now());
  }

  reset(key: string): void {
    this.entries.delete(key);
  }

  /** drops entries idle for twice the maximum delay */
  gc(): void {
    const now = this.clock.now();
    for (const [k, e] of this.entries) if (this.hasExpired(e, now)) this.entries.delete(k);
  }

  private hasExpired(e: Entry, eventTime: number): boolean {
    return eventTime - e.lastUpdate > this.maxMs * 2;
  }
}
