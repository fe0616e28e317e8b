// A live trace of what the control plane does: each API request, each store operation,
// each watch event delivered, each scheduling decision. The desktop app draws it; when
// nobody listens, producers check `active` first and build nothing, so the cost is one
// boolean read.

export interface RequestTrace {
  kind: 'request';
  ts: number;
  user: string;
  /** the authenticated identity's groups (x509 O= plus system:authenticated) */
  groups?: string[];
  verb: string;
  resource: string;
  subresource?: string;
  namespace?: string;
  /** the object's name: from the path, or from the created object for a POST to a collection */
  name?: string;
  /** the object's uid when the answer carried one */
  uid?: string;
  code: number;
  ms: number;
  userAgent?: string;
  /** the raw bodies, only while traced, cut at TRACE_BODY_LIMIT characters */
  requestBody?: string;
  responseBody?: string;
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
  uid?: string;
  resourceVersion?: string;
  /** who received it (the watcher's user name) */
  user: string;
}

/** one node of a scheduling decision: why it was filtered out, or its score */
export interface ScheduleNodeTrace {
  node: string;
  feasible: boolean;
  chosen: boolean;
  /** the failing filter plugin and its reasons */
  filter?: string;
  reasons?: readonly string[];
  score?: number;
}

export interface ScheduleTrace {
  kind: 'schedule';
  ts: number;
  namespace: string;
  name: string;
  uid: string;
  result: string;
  node?: string;
  message?: string;
  nodes: ScheduleNodeTrace[];
}

export type TraceEvent = RequestTrace | StoreTrace | WatchTrace | ScheduleTrace;

/** kube-apiserver's trace/audit bodies are cut too; 16 KiB shows any lab object whole */
export const TRACE_BODY_LIMIT = 16 * 1024;

export function clipBody(text: string | undefined): string | undefined {
  if (text === undefined || text.length === 0) return undefined;
  return text.length > TRACE_BODY_LIMIT ? `${text.slice(0, TRACE_BODY_LIMIT)}\n… (${text.length - TRACE_BODY_LIMIT} more characters)` : text;
}

/** what the control plane's in-process components say about themselves, for the app's graph */
export interface ComponentLiveness {
  scheduler: { running: boolean; synced: boolean; queue: { active: number; backoff: number; unschedulable: number }; nodes: number };
  controllerManager: { running: boolean; controllers: string[] };
}

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
