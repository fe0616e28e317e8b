// client-go's rate-limited work queue: a key is queued once however many events name
// it, is never processed by two workers at once, and failed keys come back after an
// exponential backoff (5 ms doubling to 1000 s in client-go; bounds are configurable).
export interface WorkQueueOptions {
  baseDelayMs?: number;
  maxDelayMs?: number;
}

export class WorkQueue {
  private readonly queue: string[] = [];
  private readonly queued = new Set<string>();
  private readonly processing = new Set<string>();
  private readonly dirtyWhileProcessing = new Set<string>();
  private readonly failures = new Map<string, number>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private waiters: (() => void)[] = [];
  private shutDown = false;

  constructor(private readonly opts: WorkQueueOptions = {}) {}

  add(key: string): void {
    if (this.shutDown) return;
    if (this.processing.has(key)) {
      this.dirtyWhileProcessing.add(key);
      return;
    }
    if (this.queued.has(key)) return;
    this.queued.add(key);
    this.queue.push(key);
    const w = this.waiters.shift();
    w?.();
  }

  addAfter(key: string, ms: number): void {
    const t = setTimeout(() => {
      this.timers.delete(t);
      this.add(key);
    }, ms);
    t.unref();
    this.timers.add(t);
  }

  addRateLimited(key: string): void {
    const n = this.failures.get(key) ?? 0;
    this.failures.set(key, n + 1);
    const base = this.opts.baseDelayMs ?? 5;
    this.addAfter(key, Math.min(base * 2 ** n, this.opts.maxDelayMs ?? 1_000_000));
  }

  forget(key: string): void {
    this.failures.delete(key);
  }

  /** the next key, or undefined once the queue is shut down */
  async get(): Promise<string | undefined> {
    while (this.queue.length === 0) {
      if (this.shutDown) return undefined;
      await new Promise<void>((r) => this.waiters.push(r));
    }
    const key = this.queue.shift() ?? '';
    this.queued.delete(key);
    this.processing.add(key);
    return key;
  }

  done(key: string): void {
    this.processing.delete(key);
    if (this.dirtyWhileProcessing.delete(key)) this.add(key);
  }

  get length(): number {
    return this.queue.length;
  }

  shutdown(): void {
    this.shutDown = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    for (const w of this.waiters) w();
    this.waiters = [];
  }
}
