// The typed bridge between main and the renderer (STYLE.md rule 5): channels named
// `domain:verb`, a request map (params → result) and an event map. Shared by both sides,
// so it holds types and tiny pure helpers only: no Node, no Electron, no side effects.
// The transport (loopback WebSocket headless, Electron IPC in the app) carries the frames
// of ./wire.ts; errors travel as Kubernetes Status objects (STYLE.md rule 6).
// Each view's channels live in their own file (./manifests.ts, ./nodes.ts, ./trace.ts,
// ./runtimes.ts, ./setup.ts, ./pods.ts); this file holds the resources/cluster core and joins them.
import type { KubeObject, Status, StatusCause } from '../kube-types.js';
import { MANIFEST_CHANNELS } from './manifests.js';
import type { ManifestEvents, ManifestRequests } from './manifests.js';
import { NODE_CHANNELS } from './nodes.js';
import type { NodeEvents, NodeRequests } from './nodes.js';
import { POD_CHANNELS } from './pods.js';
import type { PodEvents, PodRequests } from './pods.js';
import { RUNTIME_CHANNELS } from './runtimes.js';
import type { RuntimeEvents, RuntimeRequests } from './runtimes.js';
import { SETUP_CHANNELS } from './setup.js';
import type { SetupEvents, SetupRequests } from './setup.js';
import { TRACE_CHANNELS } from './trace.js';
import type { TraceEvents, TraceRequests } from './trace.js';

/** the kinds the Resources view lists, by their plural resource name as kubectl takes it (the order) */
export const RESOURCE_KINDS = [
  'namespaces',
  'pods',
  'replicasets',
  'replicationcontrollers',
  'deployments',
  'daemonsets',
  'services',
  'endpoints',
  'nodes',
  'events',
  'configmaps',
  'secrets',
] as const;
export type ResourceKind = (typeof RESOURCE_KINDS)[number];

/** cluster-scoped kinds have no namespace (kubectl api-resources NAMESPACED=false) */
export const NAMESPACED: Readonly<Record<ResourceKind, boolean>> = {
  namespaces: false,
  pods: true,
  replicasets: true,
  replicationcontrollers: true,
  deployments: true,
  daemonsets: true,
  services: true,
  endpoints: true,
  nodes: false,
  events: true,
  configmaps: true,
  secrets: true,
};

/**
 * The columns `kubectl get KIND` prints (1.32), in order. Pods add IP and NODE from
 * `-o wide`, because where a pod landed is what the lab is about. NAMESPACE comes first
 * when listing all namespaces, as with `kubectl get -A`.
 */
export const RESOURCE_COLUMNS: Readonly<Record<ResourceKind, readonly string[]>> = {
  namespaces: ['NAME', 'STATUS', 'AGE'],
  pods: ['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE', 'IP', 'NODE'],
  replicasets: ['NAME', 'DESIRED', 'CURRENT', 'READY', 'AGE'],
  replicationcontrollers: ['NAME', 'DESIRED', 'CURRENT', 'READY', 'AGE'],
  deployments: ['NAME', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'AGE'],
  daemonsets: ['NAME', 'DESIRED', 'CURRENT', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'NODE SELECTOR', 'AGE'],
  services: ['NAME', 'TYPE', 'CLUSTER-IP', 'EXTERNAL-IP', 'PORT(S)', 'AGE'],
  endpoints: ['NAME', 'ENDPOINTS', 'AGE'],
  nodes: ['NAME', 'STATUS', 'ROLES', 'AGE', 'VERSION'],
  events: ['LAST SEEN', 'TYPE', 'REASON', 'OBJECT', 'MESSAGE'],
  configmaps: ['NAME', 'DATA', 'AGE'],
  secrets: ['NAME', 'TYPE', 'DATA', 'AGE'],
};

/** the kinds `kubectl scale` takes (they have the scale subresource) */
export const SCALABLE_KINDS = ['deployments', 'replicasets', 'replicationcontrollers'] as const satisfies readonly ResourceKind[];
export type ScalableKind = (typeof SCALABLE_KINDS)[number];
/** the kinds `kubectl rollout restart` takes among ours */
export const RESTARTABLE_KINDS = ['deployments', 'daemonsets'] as const satisfies readonly ResourceKind[];
export type RestartableKind = (typeof RESTARTABLE_KINDS)[number];

export function isScalable(kind: ResourceKind): kind is ScalableKind {
  return (SCALABLE_KINDS as readonly string[]).includes(kind);
}
export function isRestartable(kind: ResourceKind): kind is RestartableKind {
  return (RESTARTABLE_KINDS as readonly string[]).includes(kind);
}

/** one printed object: `cells` line up with the table's columns */
export interface ResourceRow {
  /** namespace/name, or name for cluster-scoped kinds (the informer key) */
  key: string;
  name: string;
  namespace?: string;
  uid: string;
  resourceVersion: string;
  cells: string[];
}

export interface ResourceTable {
  kind: ResourceKind;
  /** null: every namespace (or a cluster-scoped kind) */
  namespace: string | null;
  columns: string[];
  rows: ResourceRow[];
}

export interface ResourceQuery {
  kind: ResourceKind;
  /** absent: all namespaces; must be absent for cluster-scoped kinds */
  namespace?: string;
}

export interface ResourceRef {
  kind: ResourceKind;
  namespace?: string;
  name: string;
}

/**
 * An object another one points at (an ownerReference) or that points at it (what it owns).
 * `kind` is null when the Resources view does not list that kind (a Job, a Node owning a
 * mirror pod): the UI shows the name without a link.
 */
export interface ResourceLink {
  kind: ResourceKind | null;
  /** the API kind as the reference names it ("ReplicaSet") */
  apiKind: string;
  namespace?: string;
  name: string;
  /** ownerReferences[].controller: the one controller managing the object */
  controller: boolean;
}

/** what the detail pane shows: the object, its events, its owners and what it owns */
export interface ResourceDetail {
  object: KubeObject;
  events: ResourceTable;
  owners: ResourceLink[];
  owned: ResourceLink[];
}

/** a verb's outcome in kubectl's words ("deployment.apps/web scaled") */
export interface ActionResult {
  message: string;
}

/** the actions the Resources view offers beyond delete, each done the way kubectl does it */
export interface ResourceActionRequests {
  /** kubectl scale: a merge patch on the scale subresource */
  'resources:scale': { params: ResourceRef & { replicas: number }; result: ActionResult };
  /** kubectl rollout restart: the restartedAt annotation on the pod template */
  'resources:restart': { params: ResourceRef; result: ActionResult };
  /** kubectl rollout undo [--to-revision N]: the chosen ReplicaSet's template copied back */
  'resources:undo': { params: ResourceRef & { toRevision?: number }; result: ActionResult };
  /** kubectl edit, step 1: the object as YAML (managedFields hidden) */
  'resources:yaml': { params: ResourceRef; result: { yaml: string; resourceVersion: string } };
  /** kubectl edit, step 2: PUT the edited YAML (its resourceVersion makes a stale edit a 409) */
  'resources:replace': { params: ResourceRef & { yaml: string }; result: ActionResult };
}

export interface ClusterInfo {
  apiServer: string;
  /** null when the lab runs without nodes */
  provider: 'host' | 'qemu' | null;
  nodeCount: number;
}

/** the core channels: the cluster and the Resources view */
export interface CoreRequests extends ResourceActionRequests {
  'cluster:info': { params: Record<string, never>; result: ClusterInfo };
  'resources:list': { params: ResourceQuery; result: ResourceTable };
  /** the object, its events (what `kubectl describe` ends with), its owners and what it owns */
  'resources:get': { params: ResourceRef; result: ResourceDetail };
  /** a live table: the first snapshot now, then `resources:changed` with the same watchId */
  'resources:watch': { params: ResourceQuery; result: { watchId: string; table: ResourceTable } };
  'resources:unwatch': { params: { watchId: string }; result: { stopped: boolean } };
  'resources:delete': { params: ResourceRef; result: { deleted: string } };
}

export interface CoreEvents {
  /** the whole table again: lab tables are small, and a snapshot cannot drift */
  'resources:changed': { watchId: string; table: ResourceTable };
}

/** channel → params and result */
export interface BridgeRequests extends CoreRequests, ManifestRequests, NodeRequests, TraceRequests, RuntimeRequests, SetupRequests, PodRequests {}

/** event → payload, pushed from main */
export interface BridgeEvents extends CoreEvents, ManifestEvents, NodeEvents, TraceEvents, RuntimeEvents, SetupEvents, PodEvents {}

export type BridgeChannel = keyof BridgeRequests;
export type BridgeEventName = keyof BridgeEvents;
export type BridgeParams<C extends BridgeChannel> = BridgeRequests[C]['params'];
export type BridgeResult<C extends BridgeChannel> = BridgeRequests[C]['result'];

/** what one call returns across the transport: a result or a Status, never a thrown string */
export type BridgeReply<T = unknown> = { ok: true; result: T } | { ok: false; error: Status };

export const CORE_CHANNELS = [
  'cluster:info',
  'resources:list',
  'resources:get',
  'resources:watch',
  'resources:unwatch',
  'resources:delete',
  'resources:scale',
  'resources:restart',
  'resources:undo',
  'resources:yaml',
  'resources:replace',
] as const satisfies readonly (keyof CoreRequests)[];

export const BRIDGE_CHANNELS: readonly BridgeChannel[] = [...CORE_CHANNELS, ...MANIFEST_CHANNELS, ...NODE_CHANNELS, ...TRACE_CHANNELS, ...RUNTIME_CHANNELS, ...SETUP_CHANNELS, ...POD_CHANNELS];

export function isBridgeChannel(value: unknown): value is BridgeChannel {
  return typeof value === 'string' && (BRIDGE_CHANNELS as readonly string[]).includes(value);
}

export function isResourceKind(value: unknown): value is ResourceKind {
  return typeof value === 'string' && (RESOURCE_KINDS as readonly string[]).includes(value);
}

/** a failure Status as the API server writes it (apimachinery's StatusError) */
export function failureStatus(code: number, reason: string, message: string, causes?: StatusCause[]): Status {
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    reason,
    ...(causes && causes.length > 0 ? { details: { causes } } : {}),
    code,
  };
}

export function isStatus(value: unknown): value is Status {
  return typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'Status' && typeof (value as { code?: unknown }).code === 'number';
}
