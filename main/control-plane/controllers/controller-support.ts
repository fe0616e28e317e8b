// What the node, taint-eviction, endpoints, endpointslice, serviceaccount and daemonset
// controllers share: an injectable clock (k8s.io/utils/clock's Now + AfterFunc, so a
// test runs a 40 s grace period in milliseconds), config validation, the client-go
// worker loop (success forgets, failure requeues with backoff, NotFound drops) and
// the API error predicates.
import type { KubeObject } from '../../common/kube-types.js';
import { ApiClientError } from '../../common/client/api-client.js';
import type { WorkQueue } from '../../common/client/work-queue.js';

export interface ControllerClock {
  now(): number;
  /** runs fn once after ms; returns a cancel function (clock.AfterFunc) */
  afterFunc(ms: number, fn: () => void): () => void;
}

export const realClock: ControllerClock = {
  now: () => Date.now(),
  afterFunc: (ms, fn) => {
    const t = setTimeout(fn, Math.max(0, ms));
    t.unref();
    return () => clearTimeout(t);
  },
};

export class ControllerConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ControllerConfigError';
  }
}

/** a duration or count field must be a finite number ≥ min */
export function checkNumber(component: string, field: string, value: number, min = 0): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min) {
    throw new ControllerConfigError(`${component}: ${field} must be a number >= ${min}, got ${String(value)}`);
  }
  return value;
}

export function isApiError(e: unknown, ...codes: number[]): boolean {
  return e instanceof ApiClientError && codes.includes(e.code);
}

export const isNotFound = (e: unknown): boolean => isApiError(e, 404);
export const isConflict = (e: unknown): boolean => isApiError(e, 409);

/** metav1.Time: RFC 3339 at second precision, as Go marshals it */
export function rfc3339(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

/** metav1.MicroTime (Lease renewTime, Event eventTime) */
export function microTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

/** an optional timestamp as milliseconds, or undefined */
export function parseTime(value: unknown): number | undefined {
  if (typeof value !== 'string' || !value) return undefined;
  const t = Date.parse(value);
  return Number.isNaN(t) ? undefined : t;
}

/** the object with its kind set, so an event's involvedObject names it */
export function withKind<T extends KubeObject>(obj: T, apiVersion: string, kind: string): T {
  return obj.kind ? obj : { ...obj, apiVersion, kind };
}

/**
 * client-go's processNextWorkItem loop: one key at a time per worker; the queue never
 * hands the same key to two workers. A NotFound drops the key (the object is gone).
 */
export async function runWorker(queue: WorkQueue, reconcile: (key: string) => Promise<void>, onError?: (key: string, e: unknown) => void): Promise<void> {
  for (;;) {
    const key = await queue.get();
    if (key === undefined) return;
    try {
      await reconcile(key);
      queue.forget(key);
    } catch (e) {
      if (isNotFound(e)) queue.forget(key);
      else {
        onError?.(key, e);
        queue.addRateLimited(key);
      }
    } finally {
      queue.done(key);
    }
  }
}
