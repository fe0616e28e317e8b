// The Nodes view's channels: the node list (live), node actions, log streams, terminals
// and the crictl-style pane. Types and tiny pure helpers only: see ./contract.ts.
//
// Log streams and terminals are generic: any view may open one (a container's log from
// the Resources view, a node terminal from the containerd-vs-Docker view) and show it
// with renderer/components/log-pane or renderer/components/terminal.

export const NODE_ACTIONS = ['stop', 'start', 'restart', 'crash', 'cordon', 'uncordon', 'drain'] as const;
export type NodeAction = (typeof NODE_ACTIONS)[number];

/** a node as the provider runs it, joined with the Node object the API server keeps */
export interface NodeSummary {
  name: string;
  /** the provider's view: null when the node is only an API object (no provider, or not ours) */
  state: 'running' | 'stopped' | 'crashed' | null;
  /** the Ready condition's status; null before the agent registered */
  ready: 'True' | 'False' | 'Unknown' | null;
  readyReason: string;
  readyMessage: string;
  /** what `kubectl get nodes` prints in STATUS: Ready, NotReady, Unknown, …,SchedulingDisabled */
  status: string;
  roles: string;
  addresses: { type: string; address: string }[];
  podCIDR: string;
  capacity: Record<string, string>;
  allocatable: Record<string, string>;
  kubeletVersion: string;
  containerRuntimeVersion: string;
  osImage: string;
  unschedulable: boolean;
  taints: string[];
  /** pods bound to the node (spec.nodeName), not yet terminated */
  podCount: number;
  /** creationTimestamp of the Node object, '' when there is none */
  created: string;
}

export interface NodeList {
  provider: 'host' | 'qemu' | null;
  nodes: NodeSummary[];
}

/** what a drain did, pod by pod (kubectl drain prints "evicting pod ns/name", "pod/name evicted") */
export interface DrainReport {
  evicted: string[];
  /** DaemonSet-owned and mirror pods, left on the node (kubectl's warning) */
  skipped: { pod: string; reason: string }[];
  failed: { pod: string; message: string }[];
  /** 'eviction' (policy/v1 pods/eviction) or 'delete' */
  via: 'eviction' | 'delete';
}

export const LOG_SOURCES = ['agent', 'containerd', 'console', 'container'] as const;
export type LogSource = (typeof LOG_SOURCES)[number];

export interface LogOpenParams {
  source: LogSource;
  /** the node, for agent/containerd/console */
  node?: string;
  /** the pod, for source container (through the API server's pods/log, follow=true) */
  namespace?: string;
  pod?: string;
  container?: string;
  /** source container: the previous instance's log, as `kubectl logs -p` (it has ended: no follow) */
  previous?: boolean;
  /** start this far back (bytes of a node log; lines of a container log are derived); default 64 KiB */
  tailBytes?: number;
}

export interface TerminalOpenParams {
  node: string;
  cols: number;
  rows: number;
}

/** limits the main side enforces (the renderer may use them to stay inside) */
export const TERMINAL_LIMITS = { maxInput: 64 * 1024, minCols: 2, maxCols: 500, minRows: 1, maxRows: 300 } as const;
export const LOG_LIMITS = { defaultTailBytes: 64 * 1024, maxTailBytes: 4 * 1024 * 1024 } as const;

/** one pod sandbox as `crictl pods` shows it */
export interface CriSandboxRow {
  id: string;
  name: string;
  namespace: string;
  uid: string;
  attempt: number;
  state: string;
  created: string;
  runtimeHandler: string;
}

/** one container as `crictl ps -a` shows it */
export interface CriContainerRow {
  id: string;
  name: string;
  attempt: number;
  image: string;
  state: string;
  created: string;
  podSandboxId: string;
  podName: string;
  podNamespace: string;
  podUid: string;
}

/** one image as `crictl images` shows it */
export interface CriImageRow {
  id: string;
  tags: string[];
  size: string;
  pinned: boolean;
}

/** a pod on the node as the API server has it (kubectl get pods --field-selector spec.nodeName=NODE) */
export interface ApiPodRow {
  namespace: string;
  name: string;
  uid: string;
  phase: string;
  podIP: string;
  containers: { name: string; state: string; containerID: string }[];
}

/** both views of the node's pods, matched by pod UID */
export interface CriView {
  node: string;
  /** the commands that produced this, as a learner would type them on the node */
  commands: string[];
  sandboxes: CriSandboxRow[];
  containers: CriContainerRow[];
  images: CriImageRow[];
  apiPods: ApiPodRow[];
  /** pod UID → both sides; a pod only one side knows has the other side empty */
  pairs: { uid: string; namespace: string; name: string; sandboxIds: string[]; inApi: boolean }[];
  /** what failed on the node side (containerd down on a crashed node), '' when it worked */
  error: string;
}

export interface NodeRequests {
  'nodes:list': { params: Record<string, never>; result: NodeList };
  /** the list now, then `nodes:changed` with the same watchId whenever it changes */
  'nodes:watch': { params: Record<string, never>; result: { watchId: string; list: NodeList } };
  'nodes:unwatch': { params: { watchId: string }; result: { stopped: boolean } };
  'nodes:action': { params: { name: string; action: NodeAction; /** drain only: also pods no controller manages (kubectl drain --force) */ force?: boolean }; result: { message: string; drain?: DrainReport } };
  /** a followed log: the last tailBytes, then `nodes:logs.data` until `nodes:logs.end` or close */
  'nodes:logs.open': { params: LogOpenParams; result: { streamId: string; title: string } };
  'nodes:logs.close': { params: { streamId: string }; result: { stopped: boolean } };
  /** a shell on a pty in the node: `nodes:terminal.data` out, `nodes:terminal.exit` at the end */
  'nodes:terminal.open': { params: TerminalOpenParams; result: { streamId: string } };
  'nodes:terminal.input': { params: { streamId: string; data: string }; result: { ok: true } };
  'nodes:terminal.resize': { params: { streamId: string; cols: number; rows: number }; result: { ok: true } };
  'nodes:terminal.close': { params: { streamId: string }; result: { stopped: boolean } };
  'nodes:cri': { params: { node: string }; result: CriView };
}

export interface NodeEvents {
  'nodes:changed': { watchId: string; list: NodeList };
  'nodes:logs.data': { streamId: string; data: string };
  'nodes:logs.end': { streamId: string; reason: string };
  'nodes:terminal.data': { streamId: string; data: string };
  'nodes:terminal.exit': { streamId: string; code: number | null; reason: string };
}

export const NODE_CHANNELS = [
  'nodes:list',
  'nodes:watch',
  'nodes:unwatch',
  'nodes:action',
  'nodes:logs.open',
  'nodes:logs.close',
  'nodes:terminal.open',
  'nodes:terminal.input',
  'nodes:terminal.resize',
  'nodes:terminal.close',
  'nodes:cri',
] as const satisfies readonly (keyof NodeRequests)[];

/** stream id prefixes (SessionScope.own) */
export const NODE_STREAM_PREFIX = { watch: 'nw', log: 'nl', terminal: 'nt' } as const;
