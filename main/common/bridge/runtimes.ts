// The containerd vs Docker view's channels. Types and tiny pure helpers only (shared by
// main and the renderer): see ./contract.ts. Everything in a snapshot comes from the
// live node: the commands' own output, and what main parsed out of it.

/** one command as a learner types it on the node, and what it printed there just now */
export interface CommandRun {
  /** e.g. `ctr -n moby c ls` */
  command: string;
  ok: boolean;
  /** stdout, or stderr when it failed */
  output: string;
}

/** which side of the comparison a process or container belongs to */
export type RuntimeSide = 'docker' | 'cri';

export type ProcessRole = 'dockerd' | 'containerd' | 'agent' | 'shim' | 'pause' | 'container' | 'other';

/** a process of the node, with its children (a `ps -ef --forest` tree) */
export interface ProcessNode {
  pid: number;
  ppid: number;
  command: string;
  role: ProcessRole;
  /** for shims and containers: the containerd namespace they run in */
  side?: RuntimeSide;
  /** for shims: the container or sandbox id (-id) */
  containerId?: string;
  children: ProcessNode[];
}

export interface RuntimeContainer {
  id: string;
  namespace: 'moby' | 'k8s.io';
  image: string;
  /** docker: the container name; CRI: the container name, or the pod's for its sandbox */
  name: string;
  /** CRI only: the pod (namespace/name) and whether this is its sandbox (pause) container */
  pod?: string;
  sandbox?: boolean;
  /** the task's pid (`ctr t ls`), absent when not running */
  pid?: number;
  /** the pid's /proc/PID/cgroup, one line per hierarchy */
  cgroup?: string[];
  /** where its stdout/stderr is written on the node */
  logPath?: string;
}

export interface RuntimeSideData {
  /** ctr -n <ns> c ls */
  containerList: CommandRun;
  /** docker ps / crictl ps */
  toolList: CommandRun;
  /** crictl pods (CRI only) */
  podList?: CommandRun;
  containers: RuntimeContainer[];
  /** docker images / ctr -n k8s.io images ls */
  images: CommandRun;
  /** where the image store is on the node */
  imageStore: string;
  /** how to show one container's log file path in a terminal */
  logCommand: string;
}

export interface DockerState {
  installed: boolean;
  running: boolean;
  /** the command that installs it, when it is not installed */
  installCommand?: string;
  /** dockerd's data root (images, containers, logs) */
  dataRoot?: string;
}

export interface RuntimeSnapshot {
  node: string;
  provider: 'host' | 'qemu';
  takenAt: string;
  /** for host nodes: the environment a node terminal sets so the commands reach this node */
  env: string[];
  docker: DockerState;
  namespaces: CommandRun;
  /** docker is null when Docker is not installed or not running on the node */
  sides: { docker: RuntimeSideData | null; cri: RuntimeSideData };
  processes: { command: string; tree: ProcessNode[] };
}

export interface RuntimeNodeInfo {
  name: string;
  state: 'running' | 'stopped' | 'crashed';
}

export const DEMO_STEPS = ['docker-run', 'pod-create', 'pod-running', 'done'] as const;
export type DemoStep = (typeof DEMO_STEPS)[number];

export interface DemoProgress {
  node: string;
  step: DemoStep;
  state: 'running' | 'done' | 'failed';
  /** the command or API call of this step, or what failed */
  detail: string;
}

/** the names the demo uses: a container `demo-docker` and a pod `demo-k8s` in default */
export const DEMO_DOCKER_NAME = 'demo-docker';
export const DEMO_POD_NAME = 'demo-k8s';

export interface RuntimeRequests {
  'runtimes:nodes': { params: Record<string, never>; result: { provider: 'host' | 'qemu' | null; nodes: RuntimeNodeInfo[] } };
  'runtimes:snapshot': { params: { node: string }; result: RuntimeSnapshot };
  /** docker run -d --name demo-docker IMAGE on the node, and a pod of IMAGE bound to it; progress as events */
  'runtimes:demo': { params: { node: string; image?: string }; result: { docker: string; pod: string } };
}

export interface RuntimeEvents {
  'runtimes:demo-progress': DemoProgress;
}

export const RUNTIME_CHANNELS = ['runtimes:nodes', 'runtimes:snapshot', 'runtimes:demo'] as const satisfies readonly (keyof RuntimeRequests)[];
