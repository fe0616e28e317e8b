// The trace as the view reads it: steps grouped into stories, a one-line summary of each
// step (cluster data, shown as is), which boxes and arrows of the drawing a step lights,
// and the time window of the replay. Pure functions (see trace-model.spec.ts).
import type { TraceStep } from '../../../main/common/bridge/trace.js';

/** the renderer keeps at most this many steps (main keeps the full 10 minutes) */
export const MAX_STEPS = 20_000;

export interface Story {
  id: string;
  /** "pods/default/nginx" */
  object: string;
  first: number;
  last: number;
  lastId: number;
  count: number;
  background: boolean;
}

export type StepLabel = TraceStep['kind'] | 'status';

export function appendSteps(have: TraceStep[], more: TraceStep[]): TraceStep[] {
  const all = have.length === 0 ? more : [...have, ...more];
  return all.length > MAX_STEPS ? all.slice(all.length - MAX_STEPS) : all;
}

/** what the step list calls a step: status writes back from the kubelet are their own kind */
export function stepLabel(s: TraceStep): StepLabel {
  return s.kind === 'request' && s.subresource === 'status' ? 'status' : s.kind;
}

function ms(n: number): string {
  return n >= 100 ? `${Math.round(n)} ms` : `${n.toFixed(1)} ms`;
}

function objectOf(resource: string, namespace?: string, name?: string): string {
  return [resource, namespace, name].filter(Boolean).join('/');
}

/** one line, in the cluster's own words */
export function summarize(s: TraceStep): string {
  switch (s.kind) {
    case 'request':
      return `${s.verb.toUpperCase()} ${objectOf(s.resource, s.namespace, s.name)}${s.subresource ? `/${s.subresource}` : ''} → ${s.code} · ${ms(s.ms)} · ${s.user}${s.groups.length ? ` [${s.groups.join(', ')}]` : ''}`;
    case 'store':
      return `${s.op} ${s.key}${s.revision !== undefined ? ` @ revision ${s.revision}` : ''} · ${ms(s.ms)}`;
    case 'watch':
      return `${s.type} ${objectOf(s.resource, s.namespace, s.name)}${s.resourceVersion ? ` rv=${s.resourceVersion}` : ''} → ${s.user}`;
    case 'schedule': {
      const nodes = s.nodes.map((n) => (n.feasible ? `${n.node}${n.score !== undefined ? ` score ${n.score}` : ''}${n.chosen ? ' ✓' : ''}` : `${n.node} ✗ ${n.filter ?? ''}${n.reasons?.length ? `: ${n.reasons.join('; ')}` : ''}`));
      return `${s.result}${s.node ? ` → ${s.node}` : ''} · ${nodes.join(' | ')}${s.message ? ` · ${s.message}` : ''}`;
    }
    case 'cri':
      return `${s.node}: ${s.method}${s.container ? ` ${s.container}` : ''}${s.image ? ` (${s.image})` : ''} · ${ms(s.ms)} · ${s.ok ? 'OK' : (s.error ?? 'error')}`;
  }
}

/** stories newest first; background ones only when asked */
export function groupStories(steps: readonly TraceStep[], showBackground: boolean, until = Infinity): Story[] {
  const byId = new Map<string, Story>();
  for (const s of steps) {
    if (!s.story || s.ts > until) continue;
    const st = byId.get(s.story);
    if (!st) {
      byId.set(s.story, { id: s.story, object: s.story.split('#')[0] ?? s.story, first: s.ts, last: s.ts, lastId: s.id, count: 1, background: s.background });
    } else {
      st.count++;
      st.first = Math.min(st.first, s.ts);
      st.last = Math.max(st.last, s.ts);
      st.lastId = s.id;
      // one foreground step makes the story worth showing
      st.background &&= s.background;
    }
  }
  return [...byId.values()].filter((s) => showBackground || !s.background).sort((a, b) => b.lastId - a.lastId);
}

/** a story's steps in time order (CRI calls arrive late, stamped with when they ended) */
export function storySteps(steps: readonly TraceStep[], story: string, until = Infinity): TraceStep[] {
  return steps.filter((s) => s.story === story && s.ts <= until).sort((a, b) => a.ts - b.ts || a.id - b.id);
}

/** which component a user name is: the scheduler, the controller-manager, a node's agent, or a client */
export function componentOfUser(user: string): string {
  if (user === 'system:kube-scheduler') return 'kube-scheduler';
  if (user === 'system:kube-controller-manager') return 'kube-controller-manager';
  const node = /^system:node:(.+)$/.exec(user)?.[1];
  return node ? `${node}/kubelet` : 'clients';
}

/** the edge between a component and the API server */
export function apiEdge(component: string): string {
  return `e:${component}:api`;
}

/** the boxes and arrows a step lights up */
export function stepTarget(s: TraceStep): { nodes: string[]; edges: string[] } {
  switch (s.kind) {
    case 'request': {
      const from = componentOfUser(s.user);
      return { nodes: [from, 'kube-apiserver'], edges: [apiEdge(from)] };
    }
    case 'store':
      return { nodes: ['kube-apiserver', 'etcd'], edges: ['e:kube-apiserver:etcd'] };
    case 'watch': {
      const to = componentOfUser(s.user);
      return { nodes: ['kube-apiserver', to], edges: [apiEdge(to)] };
    }
    case 'schedule':
      return { nodes: ['kube-scheduler', ...(s.node ? [`${s.node}/node`] : [])], edges: [] };
    case 'cri': {
      const edges = [`e:${s.node}:cri`];
      if (s.method === 'PullImage') edges.push(`e:${s.node}:pull`);
      if (s.method === 'StartContainer' || s.method === 'RunPodSandbox') edges.push(`e:${s.node}:run`);
      const nodes = [`${s.node}/kubelet`, `${s.node}/containerd`];
      if (s.method === 'PullImage') nodes.push('registry');
      if (s.method === 'StartContainer') nodes.push(`${s.node}/pods`);
      return { nodes, edges };
    }
  }
}

/** the replay window: from the oldest step kept to now */
export function timeWindow(steps: readonly TraceStep[], now: number, windowMs: number): { start: number; end: number } {
  const oldest = steps[0]?.ts ?? now;
  return { start: Math.max(now - windowMs, Math.min(oldest, now - 1000)), end: now };
}
