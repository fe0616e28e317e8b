// The contract between the kubelet-style streaming server and the kubelet that owns
// the pods: the server asks the runtime which container a request means and for CRI
// streaming URLs (containerd's streaming server), and does the protocol work itself.
import type { CriTraceSource } from './cri-trace-handler.js';

/** which standard streams a session carries (CRI ExecRequest/AttachRequest fields) */
export interface StreamFlags {
  stdin: boolean;
  stdout: boolean;
  stderr: boolean;
  tty: boolean;
}

export interface ResolvedContainer {
  containerId: string;
  podSandboxId: string;
  /** the CRI log file of the current instance (<podLogDir>/<container>/<restartCount>.log) */
  logPath: string;
  /** the log file of the previous instance, if one exists (for ?previous=true) */
  previousLogPath?: string;
  /** spec.containers[].tty */
  tty?: boolean;
  /** the current instance runs (exec/attach need that; follow stops when it ends) */
  running: boolean;
}

export interface KubeletRuntime {
  /**
   * The container of a pod on this node. Throw a KubeletServerError for answers the
   * kubelet gives itself (see errors.ts: podNotFound, containerNotInPod, waitingToStart).
   */
  resolveContainer(namespace: string, pod: string, container: string): Promise<ResolvedContainer>;
  /** the pod's sandbox, for port-forward */
  resolvePod(namespace: string, pod: string): Promise<{ podSandboxId: string }>;
  /** whether the container still runs (polled while following its log) */
  isRunning(containerId: string): Promise<boolean>;
  /** CRI Exec: containerd's streaming URL for this command */
  exec(containerId: string, cmd: string[], flags: StreamFlags): Promise<{ url: string }>;
  /** CRI Attach */
  attach(containerId: string, flags: StreamFlags): Promise<{ url: string }>;
  /** CRI PortForward (ports may be empty: the SPDY protocol names them per stream) */
  portForward(podSandboxId: string, ports: number[]): Promise<{ url: string }>;
  /** GET /pods: a v1 PodList of the pods the kubelet runs (optional) */
  listPods?(): Promise<unknown>;
}

/** An authenticated client of the server, from its certificate (CN = user, O = groups). */
export interface KubeletUser {
  name: string;
  groups: string[];
}

export interface KubeletServerOptions {
  /** default 0.0.0.0 */
  host?: string;
  /** the kubelet's --port is 10250; 0 picks a free port */
  port: number;
  /** serving certificate and key (PEM), and the CA that signs client certificates */
  tls: { cert: string | Buffer; key: string | Buffer; clientCa: string | Buffer };
  runtime: KubeletRuntime;
  /** who may use the API; default: the API server's kubelet client and system:masters */
  authorize?: (user: KubeletUser) => boolean;
  /** how often a followed log polls for new data and for the container's end; default 250 ms */
  followPollMs?: number;
  log?: (line: string) => void;
  /** the agent's CRI calls, served on GET /criTrace (absent: 404) */
  criTrace?: CriTraceSource;
}

export interface KubeletServer {
  readonly port: number;
  close(): Promise<void>;
}
