// The Architecture view's channels: the live trace of the cluster and the health of its
// parts. Types and tiny pure helpers only (shared by main, the agent and the renderer):
// see ./contract.ts.

/** one CRI call a node's agent made, as its kubelet server streams them (GET /criTrace) */
export interface CriCallTrace {
  /** per agent process, increasing: a reconnecting reader asks for what came after */
  seq: number;
  /** when the call returned (ms since the epoch) */
  ts: number;
  /** the RPC: RunPodSandbox, PullImage, CreateContainer, StartContainer, … */
  method: string;
  ms: number;
  ok: boolean;
  /** the gRPC status and the runtime's message */
  error?: string;
  namespace?: string;
  pod?: string;
  podUid?: string;
  container?: string;
  image?: string;
  /** sandbox or container id the call made or acted on */
  id?: string;
}

interface StepBase {
  /** increasing per lab run: the order the trace saw steps in */
  id: number;
  ts: number;
  /** the story (one object's path through the cluster) this step belongs to */
  story: string;
  /** lease renewals, node heartbeats, events, reads of whole lists: hidden unless asked for */
  background: boolean;
}

export interface RequestStep extends StepBase {
  kind: 'request';
  user: string;
  groups: string[];
  verb: string;
  resource: string;
  subresource?: string;
  namespace?: string;
  name?: string;
  code: number;
  ms: number;
  userAgent?: string;
  /** the raw bodies are kept: ask `trace:step` for them */
  hasBodies: boolean;
}

export interface StoreStep extends StepBase {
  kind: 'store';
  op: string;
  key: string;
  revision?: number;
  ms: number;
}

export interface WatchStep extends StepBase {
  kind: 'watch';
  resource: string;
  type: string;
  namespace?: string;
  name?: string;
  resourceVersion?: string;
  /** who received it: system:kube-scheduler, system:node:node-1, … */
  user: string;
}

export interface ScheduleNodeResult {
  node: string;
  feasible: boolean;
  chosen: boolean;
  filter?: string;
  reasons?: readonly string[];
  score?: number;
}

export interface ScheduleStep extends StepBase {
  kind: 'schedule';
  namespace: string;
  name: string;
  result: string;
  node?: string;
  message?: string;
  nodes: ScheduleNodeResult[];
}

export interface CriStep extends StepBase {
  kind: 'cri';
  node: string;
  method: string;
  ms: number;
  ok: boolean;
  error?: string;
  namespace?: string;
  name?: string;
  container?: string;
  image?: string;
}

export type TraceStep = RequestStep | StoreStep | WatchStep | ScheduleStep | CriStep;
export type TraceStepKind = TraceStep['kind'];

export type HealthState = 'ok' | 'degraded' | 'down' | 'unknown';

/** one box of the architecture drawing and how it is doing; `detail` is data (English, as the cluster says it) */
export interface ComponentHealth {
  id: string;
  state: HealthState;
  detail: string;
}

export interface NodePod {
  namespace: string;
  name: string;
  phase: string;
}

export interface NodeHealth {
  name: string;
  /** the agent as kubelet: Ready condition and lease renewals */
  kubelet: ComponentHealth;
  /** the agent's kube-proxy role (the same process) */
  proxy: ComponentHealth;
  /** the node's containerd, as the kubelet reports it (runtime conditions) */
  containerd: ComponentHealth;
  pods: NodePod[];
}

export interface ClusterHealth {
  at: number;
  /** kube-apiserver, etcd (the store), kube-scheduler, kube-controller-manager, registry */
  components: ComponentHealth[];
  /** the controller-manager's controllers */
  controllers: ComponentHealth[];
  nodes: NodeHealth[];
}

export const CONTROL_PLANE_COMPONENTS = ['kube-apiserver', 'etcd', 'kube-scheduler', 'kube-controller-manager', 'registry'] as const;

export interface TraceSnapshot {
  streamId: string;
  /** the recent history (the last ~10 minutes the trace was watched), oldest first */
  steps: TraceStep[];
  health: ClusterHealth;
  /** main's clock when this was taken */
  now: number;
  /** how far back the history goes, in ms */
  windowMs: number;
}

export interface StepDetail {
  step: TraceStep;
  /** the raw request and response bodies of an API request (cut at ~16 KiB) */
  request?: string;
  response?: string;
}

export interface TraceRequests {
  /** starts the live trace for this window: the history now, then `trace:steps` and `trace:health` */
  'trace:subscribe': { params: Record<string, never>; result: TraceSnapshot };
  'trace:unsubscribe': { params: { streamId: string }; result: { stopped: boolean } };
  /** one step with its raw request and response (404 once it left the history) */
  'trace:step': { params: { id: number }; result: StepDetail };
}

export interface TraceEvents {
  /** new steps, batched (~every 50 ms) */
  'trace:steps': { streamId: string; steps: TraceStep[] };
  'trace:health': { streamId: string; health: ClusterHealth };
}

export const TRACE_CHANNELS = ['trace:subscribe', 'trace:unsubscribe', 'trace:step'] as const satisfies readonly (keyof TraceRequests)[];

/** "pods/default/nginx" → its parts; the story id is that key plus a generation ("#2") */
export function storyObject(story: string): { resource: string; namespace?: string; name: string } | undefined {
  const key = story.split('#')[0] ?? '';
  const parts = key.split('/');
  if (parts.length === 3) return { resource: parts[0] ?? '', namespace: parts[1], name: parts[2] ?? '' };
  if (parts.length === 2) return { resource: parts[0] ?? '', name: parts[1] ?? '' };
  return undefined;
}
