// client-go's event recorder: events about an object, written through the API as
// core/v1 Events. Repeats of the same (object, reason, message) within the series
// window bump count and lastTimestamp instead of creating a new Event, so
// `kubectl describe` shows "x3 over 2m" like a real cluster.
import { randomBytes } from 'node:crypto';
import type { KubeObject } from '../kube-types.js';
import type { ApiClient } from './api-client.js';
import { ApiClientError } from './api-client.js';

export type EventType = 'Normal' | 'Warning';

export interface EventSource {
  component: string;
  host?: string;
}

interface Seen {
  name: string;
  count: number;
  first: string;
}

function ts(now: number): string {
  return new Date(Math.floor(now / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

export class EventRecorder {
  private readonly seen = new Map<string, Seen>();

  constructor(
    private readonly client: ApiClient,
    private readonly source: EventSource,
    private readonly clock: { now(): number } = { now: () => Date.now() },
  ) {}

  /** records an event; failures are reported to onError but never thrown (events are best effort, as in client-go) */
  event(obj: KubeObject, type: EventType, reason: string, message: string, onError?: (e: unknown) => void): void {
    void this.write(obj, type, reason, message).catch((e: unknown) => onError?.(e));
  }

  async write(obj: KubeObject, type: EventType, reason: string, message: string): Promise<void> {
    const namespace = obj.metadata.namespace || 'default';
    const key = `${obj.kind ?? ''}/${namespace}/${obj.metadata.name ?? ''}/${obj.metadata.uid ?? ''}/${type}/${reason}/${message}`;
    const now = ts(this.clock.now());
    const path = { group: '', version: 'v1', resource: 'events', namespace };
    const prior = this.seen.get(key);
    if (prior) {
      prior.count++;
      try {
        await this.client.patch(path, prior.name, { count: prior.count, lastTimestamp: now }, 'merge');
        return;
      } catch (e) {
        if (!(e instanceof ApiClientError && e.code === 404)) throw e;
      }
    }
    // event names are <object>.<16 hex>, as client-go makes them
    const name = `${obj.metadata.name ?? 'unknown'}.${randomBytes(8).toString('hex')}`;
    const event: KubeObject = {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name, namespace },
      involvedObject: {
        kind: obj.kind,
        namespace: obj.metadata.namespace,
        name: obj.metadata.name,
        uid: obj.metadata.uid,
        apiVersion: obj.apiVersion,
        resourceVersion: obj.metadata.resourceVersion,
      },
      reason,
      message,
      type,
      source: this.source,
      firstTimestamp: prior?.first ?? now,
      lastTimestamp: now,
      count: prior?.count ?? 1,
      reportingComponent: this.source.component,
      reportingInstance: this.source.host ?? '',
    };
    await this.client.create(path, event);
    this.seen.set(key, { name, count: prior?.count ?? 1, first: prior?.first ?? now });
    if (this.seen.size > 4096) this.seen.delete(this.seen.keys().next().value ?? '');
  }
}
