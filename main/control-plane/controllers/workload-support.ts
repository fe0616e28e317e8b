// What the replicaset, replication, deployment controllers and the garbage collector
// share: the injected clock, config validation, the client-go worker loop (success
// forgets, failure requeues with backoff, NotFound drops), API error predicates and
// Go's metav1.Time rendering.
import type { KubeObject } from '../../common/kube-types.js';
import { ApiClientError } from '../../common/client/api-client.js';
import { isApiError } from './controller-support.js';

// one implementation of the client-go helpers for every controller
export { isApiError, isConflict, isNotFound, parseTime, rfc3339, runWorker } from './controller-support.js';

/** k8s.io/utils/clock's Now: a test moves time instead of waiting for it */
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

export class WorkloadConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WorkloadConfigError';
  }
}

/** a count or duration in a config must be a finite number ≥ min (an integer when asked) */
export function checkNumber(component: string, field: string, value: number, min: number, integer = false): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || (integer && !Number.isInteger(value))) {
    throw new WorkloadConfigError(`${component}: ${field} must be ${integer ? 'an integer' : 'a number'} >= ${min}, got ${String(value)}`);
  }
  return value;
}

export function checkClock(component: string, clock: unknown): Clock {
  if (!clock || typeof (clock as Clock).now !== 'function') throw new WorkloadConfigError(`${component}: clock must have a now() function`);
  return clock as Clock;
}

export const isAlreadyExists = (e: unknown): boolean => isApiError(e, 409) && (e as ApiClientError).status.reason === 'AlreadyExists';

/**
 * errors.HasStatusCause(err, NamespaceTerminatingCause): creates in a terminating
 * namespace. NamespaceLifecycle's message is checked too, for an API server that
 * words the refusal but omits the cause.
 */
export function isNamespaceTerminating(e: unknown): boolean {
  if (!(e instanceof ApiClientError)) return false;
  if ((e.status.details?.causes ?? []).some((c) => c.reason === 'NamespaceTerminating')) return true;
  return e.code === 403 && (e.status.message ?? '').includes('because it is being terminated');
}

/** a rejection as an Error, for rethrowing what a Promise.allSettled collected */
export function asError(e: unknown): Error {
  return e instanceof Error ? e : new Error(String(e));
}

export function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** the object with its type set, so an event's involvedObject names its kind (list items come without it) */
export function withKind<T extends KubeObject>(obj: T, apiVersion: string, kind: string): T {
  return obj.kind && obj.apiVersion ? obj : { ...obj, apiVersion, kind };
}

/** cache.MetaNamespaceKeyFunc's inverse */
export function splitKey(key: string): { namespace: string; name: string } {
  const i = key.indexOf('/');
  return i < 0 ? { namespace: '', name: key } : { namespace: key.slice(0, i), name: key.slice(i + 1) };
}


/** deep equality for JSON values where a missing field, null, [] and {} are all Go's zero (apiequality.Semantic) */
export function semanticEqual(a: unknown, b: unknown): boolean {
  return JSON.stringify(normalize(a)) === JSON.stringify(normalize(b));
}

function normalize(v: unknown): unknown {
  if (Array.isArray(v)) return v.length ? v.map(normalize) : undefined;
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) {
      const n = normalize((v as Record<string, unknown>)[k]);
      if (n !== undefined && n !== null) out[k] = n;
    }
    return Object.keys(out).length ? out : undefined;
  }
  return v === null ? undefined : v;
}
