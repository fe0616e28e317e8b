// The trace's history: steps of the last `windowMs` (10 minutes by default) in arrival
// order, capped in count too, and the raw bodies of the most recent requests in a smaller
// map (they are the big part). Steps carry increasing ids, so finding one is a binary search.
import type { TraceStep } from '../../common/bridge/trace.js';

export interface RingOptions {
  windowMs?: number;
  maxSteps?: number;
  maxBodies?: number;
}

export interface Bodies {
  request?: string;
  response?: string;
}

export class TraceRing {
  readonly windowMs: number;
  private readonly maxSteps: number;
  private readonly maxBodies: number;
  private steps: TraceStep[] = [];
  private readonly bodies = new Map<number, Bodies>();

  constructor(opts: RingOptions = {}) {
    this.windowMs = opts.windowMs ?? 10 * 60_000;
    this.maxSteps = opts.maxSteps ?? 50_000;
    this.maxBodies = opts.maxBodies ?? 2_000;
  }

  get size(): number {
    return this.steps.length;
  }

  push(step: TraceStep, bodies: Bodies | undefined, now: number): void {
    this.steps.push(step);
    if (bodies) {
      this.bodies.set(step.id, bodies);
      if (this.bodies.size > this.maxBodies) this.bodies.delete(this.bodies.keys().next().value ?? -1);
    }
    this.prune(now);
  }

  /** drops what is older than the window or beyond the cap (in chunks: splice is O(n)) */
  prune(now: number): void {
    const cutoff = now - this.windowMs;
    let drop = Math.max(0, this.steps.length - this.maxSteps);
    while (drop < this.steps.length && (this.steps[drop]?.ts ?? now) < cutoff) drop++;
    if (drop === 0 || (drop < 256 && this.steps.length <= this.maxSteps && drop < this.steps.length / 8)) return;
    for (const s of this.steps.slice(0, drop)) this.bodies.delete(s.id);
    this.steps = this.steps.slice(drop);
  }

  /** every step still in the window, oldest first */
  all(now: number): TraceStep[] {
    const cutoff = now - this.windowMs;
    return this.steps.filter((s) => s.ts >= cutoff);
  }

  get(id: number): { step: TraceStep; bodies?: Bodies } | undefined {
    let lo = 0;
    let hi = this.steps.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const s = this.steps[mid];
      if (!s) break;
      if (s.id === id) return { step: s, bodies: this.bodies.get(id) };
      if (s.id < id) lo = mid + 1;
      else hi = mid - 1;
    }
    return undefined;
  }
}
