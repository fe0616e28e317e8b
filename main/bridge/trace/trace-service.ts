// The live trace behind the Architecture view. While at least one window watches, it
// listens to the control plane's TraceBus, follows every node's CRI calls (cri-feed.ts)
// and polls component health; each event becomes a step in a story (story-grouper.ts),
// is kept in the 10-minute history (trace-ring.ts) and is pushed to the watchers in
// batches every ~50 ms. When the last watcher leaves all of that stops (the bus goes back
// to one boolean read per request); the history stays for the next one.
import type { ClusterHealth, StepDetail, TraceSnapshot, TraceStep } from '../../common/bridge/trace.js';
import type { TraceEvent } from '../../control-plane/trace/trace-bus.js';
import type { BridgeDeps } from '../domain.js';
import { BridgeError } from '../errors.js';
import { clusterHealth } from './cluster-health.js';
import { CriFeed } from './cri-feed.js';
import type { Grouped } from './story-grouper.js';
import { StoryGrouper } from './story-grouper.js';
import { TraceRing } from './trace-ring.js';

export interface TraceWatcher {
  steps(steps: TraceStep[]): void;
  health(health: ClusterHealth): void;
}

export interface TraceServiceOptions {
  batchMs?: number;
  healthMs?: number;
  windowMs?: number;
  now?: () => number;
}

export class TraceService {
  private readonly grouper = new StoryGrouper();
  private readonly ring: TraceRing;
  private readonly watchers = new Map<string, TraceWatcher>();
  private readonly feed: CriFeed;
  private pending: TraceStep[] = [];
  private flushTimer?: ReturnType<typeof setTimeout>;
  private healthTimer?: ReturnType<typeof setTimeout>;
  private lastHealth?: ClusterHealth;
  private lastHealthText = '';
  private offBus?: () => void;
  private nextWatcher = 1;
  private readonly batchMs: number;
  private readonly healthMs: number;
  private readonly now: () => number;

  constructor(
    private readonly deps: BridgeDeps,
    opts: TraceServiceOptions = {},
  ) {
    this.batchMs = opts.batchMs ?? 50;
    this.healthMs = opts.healthMs ?? 2_000;
    this.now = opts.now ?? Date.now;
    this.ring = new TraceRing({ windowMs: opts.windowMs });
    this.feed = new CriFeed(deps.admin, (node, e) => this.add(this.grouper.fromCri(node, e)));
  }

  get watching(): number {
    return this.watchers.size;
  }

  /** a new watcher: the history and health now; `cancel` (the returned key's) ends it */
  async subscribe(watcher: TraceWatcher): Promise<{ key: string; snapshot: Omit<TraceSnapshot, 'streamId'> }> {
    if (!this.deps.trace) throw new BridgeError(503, 'ServiceUnavailable', 'the live trace needs the control plane in this process');
    const key = `w${this.nextWatcher++}`;
    this.watchers.set(key, watcher);
    if (this.watchers.size === 1) this.start();
    const health = this.lastHealth ?? (await this.refreshHealth());
    const now = this.now();
    return { key, snapshot: { steps: this.ring.all(now), health, now, windowMs: this.ring.windowMs } };
  }

  unsubscribe(key: string): void {
    if (!this.watchers.delete(key)) return;
    if (this.watchers.size === 0) this.stop();
  }

  step(id: number): StepDetail {
    const found = this.ring.get(id);
    if (!found) throw new BridgeError(404, 'NotFound', `trace step ${id} not found: it left the history`);
    return { step: found.step, ...(found.bodies?.request !== undefined ? { request: found.bodies.request } : {}), ...(found.bodies?.response !== undefined ? { response: found.bodies.response } : {}) };
  }

  private start(): void {
    this.offBus = this.deps.trace?.subscribe((e: TraceEvent) => this.add(this.grouper.fromEvent(e)));
    this.feed.start();
    this.scheduleHealth();
  }

  private stop(): void {
    this.offBus?.();
    this.offBus = undefined;
    this.feed.stop();
    if (this.healthTimer) clearTimeout(this.healthTimer);
    this.healthTimer = undefined;
    this.flush();
    this.lastHealth = undefined;
  }

  private add(g: Grouped): void {
    this.ring.push(g.step, g.bodies, this.now());
    this.pending.push(g.step);
    this.flushTimer ??= setTimeout(() => this.flush(), this.batchMs);
  }

  private flush(): void {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    if (this.pending.length === 0) return;
    const batch = this.pending;
    this.pending = [];
    for (const w of this.watchers.values()) w.steps(batch);
  }

  private scheduleHealth(): void {
    this.healthTimer = setTimeout(() => {
      void this.refreshHealth().finally(() => {
        if (this.watchers.size > 0) this.scheduleHealth();
      });
    }, this.healthMs);
  }

  private async refreshHealth(): Promise<ClusterHealth> {
    const h = await clusterHealth({ admin: this.deps.admin, liveness: this.deps.liveness, registryUrl: this.deps.registryUrl, now: this.now });
    this.lastHealth = h;
    // pushed only when something changed (the time stamp and lease ages aside)
    const text = JSON.stringify({ ...h, at: 0, nodes: h.nodes.map((n) => ({ ...n, kubelet: n.kubelet.state, proxy: n.proxy.state })) });
    if (text !== this.lastHealthText) {
      this.lastHealthText = text;
      if (this.watchers.size > 0) for (const w of this.watchers.values()) w.health(h);
    }
    return h;
  }
}
