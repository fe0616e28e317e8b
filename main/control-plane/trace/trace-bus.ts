// A live trace of what the control plane does: each API request, each store operation,
// each watch event delivered. The desktop app draws it; when nobody listens, producers
// check `active` first and build nothing, so the cost is one boolean read.

export interface RequestTrace {
  kind: 'request';
  ts: number;
  user: string;
  verb: string;
  resource: string;
  subresource?: string;
  namespace?: string;
  name?: string;
  code: number;
  ms: number;
  userAgent?: string;
}

export interface StoreTrace {
  kind: 'store';
  ts: number;
  op: string;
  key?: string;
  revision?: number;
  ms: number;
}

export interface WatchTrace {
  kind: 'watch';
  ts: number;
  resource: string;
  type: string;
  namespace?: string;
  name?: string;
  resourceVersion?: string;
  user: string;
}

export type TraceEvent = RequestTrace | StoreTrace | WatchTrace;

export class TraceBus {
  private readonly listeners = new Set<(e: TraceEvent) => void>();

  get active(): boolean {
    return this.listeners.size > 0;
  }

  emit(event: TraceEvent): void {
    for (const l of this.listeners) {
      try {
        l(event);
      } catch {
        // a broken listener must not break the request path
      }
    }
  }

  subscribe(listener: (e: TraceEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
