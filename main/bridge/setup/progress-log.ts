// The lab's progress history: every step of the start and of later actions (adding a
// node), kept for the life of the process so a window that opens late sees the whole
// start, and pushed to whoever listens as steps change.
import type { ProgressStep, StepState } from '../../common/bridge/setup.js';

export type ProgressListener = (step: ProgressStep) => void;

/** a bounded history: a lab that runs for days must not grow without end */
const MAX_STEPS = 500;

export class ProgressLog {
  private readonly steps = new Map<string, ProgressStep>();
  private readonly listeners = new Set<ProgressListener>();

  constructor(private readonly now: () => number = Date.now) {}

  /** a step starts (or starts again: a node added back under the same name) */
  begin(id: string, operation: string, key: string, params?: Record<string, string>, detail?: string): void {
    this.put({ id, operation, title: { key, ...(params ? { params } : {}) }, state: 'running', startedAt: this.now(), ...(detail !== undefined ? { detail } : {}) });
  }

  /** a step known ahead of time, not started yet */
  pending(id: string, operation: string, key: string, params?: Record<string, string>): void {
    if (this.steps.has(id)) return;
    this.put({ id, operation, title: { key, ...(params ? { params } : {}) }, state: 'pending', startedAt: this.now() });
  }

  update(id: string, change: { detail?: string; percent?: number }): void {
    const s = this.steps.get(id);
    if (!s || s.state === 'done' || s.state === 'failed') return;
    this.put({ ...s, ...change, ...(s.state === 'pending' ? { state: 'running' as const, startedAt: this.now() } : {}) });
  }

  done(id: string, detail?: string): void {
    this.finish(id, 'done', detail);
  }

  fail(id: string, detail: string): void {
    this.finish(id, 'failed', detail);
  }

  has(id: string): boolean {
    return this.steps.has(id);
  }

  state(id: string): StepState | undefined {
    return this.steps.get(id)?.state;
  }

  /** every step so far, in the order they first appeared */
  snapshot(): ProgressStep[] {
    return [...this.steps.values()];
  }

  /** steps of one operation that are still running (a failed start marks them failed) */
  running(operation?: string): ProgressStep[] {
    return this.snapshot().filter((s) => (s.state === 'running' || s.state === 'pending') && (operation === undefined || s.operation === operation));
  }

  subscribe(listener: ProgressListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private finish(id: string, state: 'done' | 'failed', detail?: string): void {
    const s = this.steps.get(id);
    if (!s) return;
    const percent = state === 'done' && s.percent !== undefined ? { percent: 100 } : {};
    this.put({ ...s, state, endedAt: this.now(), ...percent, ...(detail !== undefined ? { detail } : {}) });
  }

  private put(step: ProgressStep): void {
    // a step that starts again moves to the end, where its new run happens
    if (step.state === 'running' && this.steps.get(step.id)?.state !== 'running' && this.steps.get(step.id)?.state !== 'pending') this.steps.delete(step.id);
    this.steps.set(step.id, step);
    while (this.steps.size > MAX_STEPS) {
      const oldest = this.steps.keys().next().value;
      if (oldest === undefined) break;
      this.steps.delete(oldest);
    }
    for (const l of this.listeners) {
      try {
        l(step);
      } catch {
        // one broken listener (a closed window) must not stop the lab's start
      }
    }
  }
}
