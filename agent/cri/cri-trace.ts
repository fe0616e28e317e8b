// A record of the CRI calls the kubelet role makes for pods — RunPodSandbox, PullImage,
// CreateContainer, StartContainer, StopPodSandbox … — with the pod they were for, how
// long each took and how it ended. The kubelet server streams it (GET /criTrace) to the
// app's live trace. Only the pod lifecycle calls are kept (not the PLEG's relists or the
// stats polls), in a small ring, so recording costs next to nothing.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { CriCallTrace } from '../../main/common/bridge/trace.js';

export interface PodRef {
  namespace?: string;
  name?: string;
  uid?: string;
}

const podContext = new AsyncLocalStorage<PodRef>();

/** runs fn with `pod` as the pod every CRI call inside it is for (calls that do not name one) */
export function withPodContext<T>(pod: PodRef, fn: () => T): T {
  return podContext.run(pod, fn);
}

const TRACED = new Set([
  'RunPodSandbox', 'StopPodSandbox', 'RemovePodSandbox', 'PullImage', 'ImageStatus', 'CreateContainer',
  'StartContainer', 'StopContainer', 'RemoveContainer', 'Exec', 'Attach', 'PortForward', 'RemoveImage',
]);

/** what the client tells the tracer at the start of a call; the returned function ends it */
export interface CriObserver {
  start(method: string, request: unknown): ((response: unknown, error?: Error) => void) | undefined;
}

type Loose = Record<string, unknown>;
const obj = (v: unknown): Loose => (typeof v === 'object' && v !== null ? (v as Loose) : {});
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

function podOf(meta: unknown): PodRef | undefined {
  const m = obj(meta);
  const name = str(m.name);
  return name ? { namespace: str(m.namespace), name, uid: str(m.uid) } : undefined;
}

export interface CriTracerOptions {
  /** events kept for readers that connect later; default 2000 */
  max?: number;
  now?: () => number;
}

export class CriTracer implements CriObserver {
  private readonly ring: CriCallTrace[] = [];
  private readonly listeners = new Set<(e: CriCallTrace) => void>();
  private readonly sandboxes = new Map<string, PodRef>();
  private readonly containers = new Map<string, PodRef & { container?: string }>();
  /** starts at the clock, so a restarted agent's seqs still follow the old ones for a reader's `after` */
  private seq: number;
  private readonly max: number;
  private readonly now: () => number;

  constructor(opts: CriTracerOptions = {}) {
    this.max = opts.max ?? 2000;
    this.now = opts.now ?? Date.now;
    this.seq = this.now();
  }

  start(method: string, request: unknown): ((response: unknown, error?: Error) => void) | undefined {
    if (method === 'ListPodSandbox' || method === 'ListContainers') return (res) => this.learn(method, res);
    if (!TRACED.has(method)) return undefined;
    const context = podContext.getStore();
    // ImageStatus runs for GC and the CLI too: only a pod's own check is part of its story
    if (method === 'ImageStatus' && !context) return undefined;
    const started = performance.now();
    return (response, error) => {
      const ms = performance.now() - started;
      const ref = this.refOf(method, obj(request), obj(response), context);
      this.push({ seq: 0, ts: this.now(), method, ms: Math.round(ms * 10) / 10, ok: !error, ...(error ? { error: error.message } : {}), ...ref });
    };
  }

  /** events after `seq` (all kept ones for 0) */
  recent(afterSeq = 0): CriCallTrace[] {
    return this.ring.filter((e) => e.seq > afterSeq);
  }

  subscribe(listener: (e: CriCallTrace) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private push(e: CriCallTrace): void {
    e.seq = ++this.seq;
    this.ring.push(e);
    if (this.ring.length > this.max) this.ring.splice(0, this.ring.length - this.max);
    for (const l of this.listeners) {
      try {
        l(e);
      } catch {
        // a reader's failure is not the kubelet's
      }
    }
  }

  /** which pod (and container, image) a call was about, from its request, its answer and the ids seen before */
  private refOf(method: string, req: Loose, res: Loose, context: PodRef | undefined): Partial<CriCallTrace> {
    let pod: (PodRef & { container?: string }) | undefined;
    let id: string | undefined;
    let image: string | undefined;
    if (method === 'RunPodSandbox') {
      pod = podOf(obj(req.config).metadata);
      id = str(res.podSandboxId);
      if (id && pod) this.sandboxes.set(id, pod);
    } else if (method === 'CreateContainer') {
      const cfg = obj(req.config);
      pod = { ...(podOf(obj(req.sandboxConfig).metadata) ?? this.sandboxes.get(str(req.podSandboxId) ?? '') ?? {}), container: str(obj(cfg.metadata).name) };
      image = str(obj(cfg.image).image);
      id = str(res.containerId);
      if (id) this.containers.set(id, pod);
    } else if (str(req.containerId)) {
      id = str(req.containerId);
      pod = this.containers.get(id ?? '');
      if (method === 'RemoveContainer' && id) this.containers.delete(id);
    } else if (str(req.podSandboxId)) {
      id = str(req.podSandboxId);
      pod = this.sandboxes.get(id ?? '');
      if (method === 'RemovePodSandbox' && id) this.sandboxes.delete(id);
    } else if (method === 'PullImage' || method === 'ImageStatus' || method === 'RemoveImage') {
      image = str(obj(req.image).image);
      pod = podOf(obj(req.sandboxConfig).metadata);
    }
    pod ??= context;
    return {
      ...(pod?.namespace ? { namespace: pod.namespace } : {}),
      ...(pod?.name ? { pod: pod.name } : {}),
      ...(pod?.uid ? { podUid: pod.uid } : {}),
      ...(pod && 'container' in pod && pod.container ? { container: pod.container } : {}),
      ...(image ? { image } : {}),
      ...(id ? { id } : {}),
    };
  }

  /** sandboxes and containers that exist already (an agent restarted), from the PLEG's relists */
  private learn(method: string, res: unknown): void {
    const items = obj(res).items;
    if (!Array.isArray(items)) return;
    for (const raw of items) {
      const it = obj(raw);
      const id = str(it.id);
      if (!id) continue;
      if (method === 'ListPodSandbox') {
        const pod = podOf(it.metadata);
        if (pod && !this.sandboxes.has(id)) this.sandboxes.set(id, pod);
      } else if (!this.containers.has(id)) {
        const pod = this.sandboxes.get(str(it.podSandboxId) ?? '');
        if (pod) this.containers.set(id, { ...pod, container: str(obj(it.metadata).name) });
      }
    }
  }
}
