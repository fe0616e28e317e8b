// The scheduling queue (pkg/scheduler/backend/queue, PriorityQueue in 1.32):
// - activeQ: pods ready to be tried, highest priority first, then oldest;
// - backoffQ: pods waiting out a backoff of 1 s doubling per attempt up to 10 s,
//   flushed to activeQ every second;
// - unschedulable: pods no node fits; a cluster event that could help one of the
//   plugins that rejected a pod moves it back (to backoffQ while it is still backing
//   off), and pods left there longer than 5 minutes are flushed every 30 s anyway;
// - gated: pods with schedulingGates wait until the gates are removed.
import type { NodeChange } from './cache.js';
import type { ResolvedConfig } from './config.js';
import { KeyedHeap } from './heap.js';
import type { PodInfo } from './pod-info.js';
import { PLUGIN } from './types.js';

export interface QueuedPod {
  info: PodInfo;
  /** scheduling attempts so far (QueuedPodInfo.Attempts) */
  attempts: number;
  /** when the pod last entered a queue or failed: the backoff runs from here */
  timestamp: number;
  seq: number;
  /** plugins that rejected the pod last time; empty = any event may help (e.g. no nodes) */
  unschedulablePlugins: Set<string>;
}

export type ClusterEvent =
  | { kind: 'NodeAdd' }
  | { kind: 'NodeUpdate'; changes: NodeChange[] }
  | { kind: 'NodeDelete' }
  | { kind: 'AssignedPodAdd' }
  | { kind: 'AssignedPodUpdate' }
  | { kind: 'AssignedPodDelete' };

const ALL = 'all' as const;

/** which plugins' rejections an event can resolve (each plugin's EventsToRegister) */
function interested(e: ClusterEvent): Set<string> | typeof ALL {
  switch (e.kind) {
    case 'NodeAdd':
      return ALL;
    case 'NodeDelete':
      return new Set([PLUGIN.PodTopologySpread]);
    case 'AssignedPodAdd':
      return new Set([PLUGIN.PodTopologySpread, PLUGIN.InterPodAffinity]);
    case 'AssignedPodUpdate':
      return new Set([PLUGIN.PodTopologySpread, PLUGIN.InterPodAffinity, PLUGIN.NodeResourcesFit]);
    case 'AssignedPodDelete':
      return new Set([PLUGIN.NodeResourcesFit, PLUGIN.NodePorts, PLUGIN.PodTopologySpread, PLUGIN.InterPodAffinity]);
    case 'NodeUpdate': {
      const s = new Set<string>();
      for (const c of e.changes) {
        if (c === 'labels') for (const p of [PLUGIN.NodeAffinity, PLUGIN.PodTopologySpread, PLUGIN.InterPodAffinity]) s.add(p);
        if (c === 'taints' || c === 'ready') for (const p of [PLUGIN.TaintToleration, PLUGIN.NodeUnschedulable, PLUGIN.PodTopologySpread]) s.add(p);
        if (c === 'unschedulable') s.add(PLUGIN.NodeUnschedulable);
        if (c === 'allocatable') s.add(PLUGIN.NodeResourcesFit);
      }
      return s;
    }
  }
}

function activeLess(a: QueuedPod, b: QueuedPod): boolean {
  // PrioritySort: higher priority first; the brief's "then by age": creation time, then arrival
  if (a.info.priority !== b.info.priority) return a.info.priority > b.info.priority;
  if (a.info.creationMs !== b.info.creationMs) return a.info.creationMs < b.info.creationMs;
  return a.seq < b.seq;
}

export class SchedulingQueue {
  private readonly active = new KeyedHeap<QueuedPod>((p) => p.info.uid, activeLess);
  private readonly backoff: KeyedHeap<QueuedPod>;
  private readonly unschedulable = new Map<string, QueuedPod>();
  private readonly gated = new Map<string, QueuedPod>();
  private waiter: ((p: QueuedPod | undefined) => void) | undefined;
  private seq = 0;
  private closed = false;
  private wakePending = false;
  private readonly timers: unknown[] = [];

  constructor(private readonly cfg: ResolvedConfig) {
    this.backoff = new KeyedHeap<QueuedPod>((p) => p.info.uid, (a, b) => this.backoffExpiry(a) < this.backoffExpiry(b));
  }

  /** starts the periodic flushes (flushBackoffQCompleted every 1 s, flushUnschedulablePodsLeftover every 30 s) */
  run(): void {
    const every = (ms: number, fn: () => void): void => {
      const slot = this.timers.length;
      const tick = (): void => {
        if (this.closed) return;
        fn();
        this.timers[slot] = this.cfg.clock.setTimeout(tick, ms);
      };
      this.timers.push(this.cfg.clock.setTimeout(tick, ms));
    };
    every(this.cfg.backoffFlushIntervalMs, () => this.flushBackoff());
    every(this.cfg.unschedulableFlushIntervalMs, () => this.flushUnschedulableLeftover());
  }

  close(): void {
    this.closed = true;
    for (const t of this.timers) this.cfg.clock.clearTimeout(t);
    this.waiter?.(undefined);
    this.waiter = undefined;
  }

  /** calculateBackoffDuration: initial × 2^(attempts-1), capped */
  backoffDuration(p: QueuedPod): number {
    let d = this.cfg.podInitialBackoffMs;
    for (let i = 1; i < p.attempts; i++) {
      if (d > this.cfg.podMaxBackoffMs - d) return this.cfg.podMaxBackoffMs;
      d += d;
    }
    return Math.min(d, this.cfg.podMaxBackoffMs);
  }

  private backoffExpiry(p: QueuedPod): number {
    return p.timestamp + this.backoffDuration(p);
  }

  private isBackingOff(p: QueuedPod): boolean {
    return p.attempts > 0 && this.backoffExpiry(p) > this.cfg.clock.now();
  }

  private toActive(p: QueuedPod): void {
    this.active.push(p);
    if (this.waiter && !this.wakePending) {
      // wake the waiting loop after the current burst of moves, so it takes the best pod
      this.wakePending = true;
      queueMicrotask(() => {
        this.wakePending = false;
        const w = this.waiter;
        const top = w ? this.active.pop() : undefined;
        if (!w || !top) return;
        this.waiter = undefined;
        top.attempts++;
        w(top);
      });
    }
  }

  private activeOrBackoff(p: QueuedPod): void {
    if (this.isBackingOff(p)) this.backoff.push(p);
    else this.toActive(p);
  }

  private find(uid: string): QueuedPod | undefined {
    return this.active.get(uid) ?? this.backoff.get(uid) ?? this.unschedulable.get(uid) ?? this.gated.get(uid);
  }

  has(uid: string): boolean {
    return this.find(uid) !== undefined;
  }

  /** a new pending pod (informer add) */
  add(info: PodInfo): void {
    if (this.closed) return;
    if (this.find(info.uid)) {
      this.update(info, false);
      return;
    }
    const p: QueuedPod = { info, attempts: 0, timestamp: this.cfg.clock.now(), seq: this.seq++, unschedulablePlugins: new Set() };
    // SchedulingGates PreEnqueue: a gated pod is not tried until its gates are gone
    if (info.gated) this.gated.set(info.uid, p);
    else this.toActive(p);
  }

  /** a pending pod changed; `specChanged` = more than its status (isPodUpdated) */
  update(info: PodInfo, specChanged: boolean): void {
    const uid = info.uid;
    const inActive = this.active.get(uid) ?? this.backoff.get(uid);
    if (inActive) {
      inActive.info = info;
      if (this.active.has(uid)) this.active.push(inActive);
      return;
    }
    const gated = this.gated.get(uid);
    if (gated) {
      gated.info = info;
      if (!info.gated) {
        this.gated.delete(uid);
        this.toActive(gated);
      }
      return;
    }
    const u = this.unschedulable.get(uid);
    if (u) {
      u.info = info;
      if (specChanged) {
        this.unschedulable.delete(uid);
        this.activeOrBackoff(u);
      }
      return;
    }
    this.add(info);
  }

  delete(uid: string): void {
    this.active.delete(uid);
    this.backoff.delete(uid);
    this.unschedulable.delete(uid);
    this.gated.delete(uid);
  }

  /** the next pod to schedule; undefined once closed */
  pop(): Promise<QueuedPod | undefined> {
    if (this.closed) return Promise.resolve(undefined);
    const p = this.active.pop();
    if (p) {
      p.attempts++;
      return Promise.resolve(p);
    }
    return new Promise((resolve) => (this.waiter = resolve));
  }

  /** AddUnschedulableIfNotPresent after a rejection */
  addUnschedulable(p: QueuedPod, plugins: Set<string>): void {
    if (this.closed || this.has(p.info.uid)) return;
    p.unschedulablePlugins = plugins;
    p.timestamp = this.cfg.clock.now();
    this.unschedulable.set(p.info.uid, p);
  }

  /** after an error (e.g. binding failed): retry after the backoff */
  addBackoff(p: QueuedPod): void {
    if (this.closed || this.has(p.info.uid)) return;
    p.unschedulablePlugins = new Set();
    p.timestamp = this.cfg.clock.now();
    this.backoff.push(p);
  }

  /** MoveAllToActiveOrBackoffQueue, limited to pods a plugin interested in the event rejected */
  moveOnEvent(e: ClusterEvent): number {
    if (this.unschedulable.size === 0) return 0;
    const wanted = interested(e);
    let moved = 0;
    for (const [uid, p] of this.unschedulable) {
      if (wanted !== ALL && !this.worthRequeuing(p, wanted)) continue;
      this.unschedulable.delete(uid);
      this.activeOrBackoff(p);
      moved++;
    }
    return moved;
  }

  private worthRequeuing(p: QueuedPod, wanted: Set<string>): boolean {
    if (wanted.size === 0) return false;
    // a pod rejected by no plugin in particular (no nodes at all) is worth trying on any event
    if (p.unschedulablePlugins.size === 0) return true;
    for (const pl of p.unschedulablePlugins) if (wanted.has(pl)) return true;
    return false;
  }

  flushBackoff(): void {
    const now = this.cfg.clock.now();
    for (;;) {
      const top = this.backoff.peek();
      if (!top || this.backoffExpiry(top) > now) return;
      this.backoff.pop();
      this.toActive(top);
    }
  }

  flushUnschedulableLeftover(): void {
    const now = this.cfg.clock.now();
    for (const [uid, p] of this.unschedulable) {
      if (now - p.timestamp < this.cfg.podMaxInUnschedulablePodsDurationMs) continue;
      this.unschedulable.delete(uid);
      this.activeOrBackoff(p);
    }
  }

  stats(): { active: number; backoff: number; unschedulable: number; gated: number } {
    return { active: this.active.size, backoff: this.backoff.size, unschedulable: this.unschedulable.size, gated: this.gated.size };
  }
}
