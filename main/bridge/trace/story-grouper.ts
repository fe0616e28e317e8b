// Turns trace events into steps and groups them into stories: every step about one object
// (a pod's create request, its store write, the watch events that carried it to the
// scheduler and the kubelet, the scheduling decision, the binding, the CRI calls on its
// node, the status writes back) shares one story id, `pods/default/nginx#1`. A store
// `create` of the object's key opens the next generation, so a pod deleted and made again
// under the same name tells a new story. Pure: no clock, no I/O (see story-grouper.spec.ts).
import type { CriCallTrace, TraceStep } from '../../common/bridge/trace.js';
import type { TraceEvent } from '../../control-plane/trace/trace-bus.js';

/** etcd key prefixes whose resource is named differently in the API (kube's storage layout) */
const STORAGE_NAMES: Record<string, string> = { minions: 'nodes', 'services/specs': 'services', 'services/endpoints': 'endpoints' };

/** traffic that keeps the cluster alive but tells no story: heartbeats, events */
const BACKGROUND_RESOURCES = new Set(['leases', 'events']);

/** "/registry/pods/default/nginx" → "pods/default/nginx"; undefined for a prefix (a list) */
export function keyOfStorage(key: string): { object?: string; resource: string } {
  const parts = key.replace(/^\/registry\//, '').split('/').filter((p) => p !== '');
  const two = `${parts[0] ?? ''}/${parts[1] ?? ''}`;
  const [resource, rest] = STORAGE_NAMES[two] ? [STORAGE_NAMES[two], parts.slice(2)] : [STORAGE_NAMES[parts[0] ?? ''] ?? parts[0] ?? '', parts.slice(1)];
  // a list reads a prefix ending in "/": the key then has fewer parts than an object's
  if (key.endsWith('/') || rest.length === 0) return { resource };
  return { object: `${resource}/${rest.join('/')}`, resource };
}

function objectKey(resource: string, namespace: string | undefined, name: string | undefined): string | undefined {
  if (!name) return undefined;
  return namespace ? `${resource}/${namespace}/${name}` : `${resource}/${name}`;
}

type StepDraft = TraceStep extends infer S ? (S extends TraceStep ? Omit<S, 'id' | 'story' | 'background'> : never) : never;

export interface Grouped {
  step: TraceStep;
  bodies?: { request?: string; response?: string };
}

interface Life {
  gen: number;
  /** this generation has seen its creation */
  created: boolean;
  /** the store has not deleted it since */
  alive: boolean;
}

export class StoryGrouper {
  private readonly lives = new Map<string, Life>();
  private nextId = 1;

  private life(key: string): Life {
    let l = this.lives.get(key);
    if (!l) {
      l = { gen: 1, created: false, alive: false };
      this.lives.set(key, l);
      // a lab's objects are few, but names churn: forget the oldest beyond a bound
      if (this.lives.size > 50_000) this.lives.delete(this.lives.keys().next().value ?? '');
    }
    return l;
  }

  private created(key: string): void {
    const l = this.life(key);
    if (l.alive) return;
    if (l.created) l.gen++;
    l.created = true;
    l.alive = true;
  }

  /** the step for a control-plane event */
  fromEvent(e: TraceEvent): Grouped {
    switch (e.kind) {
      case 'request': {
        const key = objectKey(e.resource, e.namespace, e.name);
        const readOnly = e.verb === 'list' || e.verb === 'watch' || (e.verb === 'get' && !key);
        // the kubelet's node heartbeats (nodes/status) and anything outside the resource API
        const background = readOnly || !key || BACKGROUND_RESOURCES.has(e.resource) || (e.resource === 'nodes' && e.subresource === 'status') || e.subresource === 'proxy' || e.resource.startsWith('/');
        const draft: StepDraft = {
          kind: 'request', ts: e.ts, user: e.user, groups: e.groups ?? [], verb: e.verb, resource: e.resource, code: e.code, ms: round(e.ms),
          hasBodies: e.requestBody !== undefined || e.responseBody !== undefined,
          ...(e.subresource ? { subresource: e.subresource } : {}),
          ...(e.namespace ? { namespace: e.namespace } : {}),
          ...(e.name ? { name: e.name } : {}),
          ...(e.userAgent ? { userAgent: e.userAgent } : {}),
        };
        const bodies = draft.hasBodies ? { request: e.requestBody, response: e.responseBody } : undefined;
        return { step: this.make(draft, key, background), ...(bodies ? { bodies } : {}) };
      }
      case 'store': {
        const { object, resource } = keyOfStorage(e.key ?? '');
        if (object && e.op === 'create') this.created(object);
        if (object && e.op === 'delete') this.life(object).alive = false;
        const background = !object || BACKGROUND_RESOURCES.has(resource) || e.op === 'list';
        return { step: this.make({ kind: 'store', ts: e.ts, op: e.op, key: e.key ?? '', ms: round(e.ms), ...(e.revision !== undefined ? { revision: e.revision } : {}) }, object, background) };
      }
      case 'watch': {
        const key = objectKey(e.resource, e.namespace, e.name);
        if (key && e.type === 'ADDED') this.created(key);
        const draft: StepDraft = {
          kind: 'watch', ts: e.ts, resource: e.resource, type: e.type, user: e.user,
          ...(e.namespace ? { namespace: e.namespace } : {}),
          ...(e.name ? { name: e.name } : {}),
          ...(e.resourceVersion ? { resourceVersion: e.resourceVersion } : {}),
        };
        return { step: this.make(draft, key, !key || BACKGROUND_RESOURCES.has(e.resource) || e.resource === 'nodes') };
      }
      case 'schedule': {
        const draft: StepDraft = {
          kind: 'schedule', ts: e.ts, namespace: e.namespace, name: e.name, result: e.result, nodes: e.nodes,
          ...(e.node !== undefined ? { node: e.node } : {}),
          ...(e.message !== undefined ? { message: e.message } : {}),
        };
        return { step: this.make(draft, objectKey('pods', e.namespace, e.name), false) };
      }
    }
  }

  /** the step for a CRI call a node's agent reported */
  fromCri(node: string, e: CriCallTrace): Grouped {
    const key = objectKey('pods', e.namespace, e.pod);
    const draft: StepDraft = {
      kind: 'cri', ts: e.ts, node, method: e.method, ms: e.ms, ok: e.ok,
      ...(e.error ? { error: e.error } : {}),
      ...(e.namespace ? { namespace: e.namespace } : {}),
      ...(e.pod ? { name: e.pod } : {}),
      ...(e.container ? { container: e.container } : {}),
      ...(e.image ? { image: e.image } : {}),
    };
    return { step: this.make(draft, key ?? `nodes/${node}`, !key) };
  }

  private make(draft: StepDraft, key: string | undefined, background: boolean): TraceStep {
    const story = key ? `${key}#${this.life(key).gen}` : '';
    return { ...draft, id: this.nextId++, story, background };
  }
}

function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}
