// kube's UIDTrackingControllerExpectations (pkg/controller/controller_utils.go): after a
// controller asks for N creates or deletes it waits to observe them through its pod
// informer before acting on that owner again, so a burst of watch events for a
// half-applied scale-up never creates the same pods twice. Deletions are tracked by pod
// key, so a pod seen going away twice (deletionTimestamp, then DELETED) counts once.
// Expectations expire after 5 minutes (ExpectationsTimeout) in case an event is lost.
import type { Clock } from './workload-support.js';

interface Record_ {
  add: number;
  del: number;
  timestamp: number;
}

export const EXPECTATIONS_TIMEOUT_MS = 5 * 60 * 1000;

export class ControllerExpectations {
  private readonly records = new Map<string, Record_>();
  private readonly deleteKeys = new Map<string, Set<string>>();

  constructor(
    private readonly clock: Clock,
    private readonly timeoutMs = EXPECTATIONS_TIMEOUT_MS,
  ) {}

  /** SatisfiedExpectations: nothing pending, expired, or never set (a new controller syncs at once) */
  satisfied(key: string): boolean {
    const r = this.records.get(key);
    if (!r) return true;
    if (r.add <= 0 && r.del <= 0) return true;
    return this.clock.now() - r.timestamp > this.timeoutMs;
  }

  expectCreations(key: string, adds: number): void {
    this.records.set(key, { add: adds, del: 0, timestamp: this.clock.now() });
  }

  expectDeletions(key: string, podKeys: readonly string[]): void {
    const set = new Set(podKeys);
    this.deleteKeys.set(key, set);
    this.records.set(key, { add: 0, del: set.size, timestamp: this.clock.now() });
  }

  creationObserved(key: string): void {
    const r = this.records.get(key);
    if (r) r.add--;
  }

  /** counts only pods this controller asked to delete, and each once */
  deletionObserved(key: string, podKey: string): void {
    const keys = this.deleteKeys.get(key);
    if (!keys?.has(podKey)) return;
    keys.delete(podKey);
    const r = this.records.get(key);
    if (r) r.del--;
  }

  deleteExpectations(key: string): void {
    this.records.delete(key);
    this.deleteKeys.delete(key);
  }

  /** for tests and the app's views: what is still awaited */
  pending(key: string): { add: number; del: number } | undefined {
    const r = this.records.get(key);
    return r && { add: r.add, del: r.del };
  }
}
