// The Setup view's channels, and the progress model every long action reports with
// (the lab start, adding a node; other views reuse ProgressStep for their own work).
// Types and tiny pure helpers only (shared by main and the renderer): see ./contract.ts.

/** a node as its provider sees it (main/vm/provider.ts NodeInfo) */
export interface NodeInfoView {
  name: string;
  ip: string;
  state: 'running' | 'stopped' | 'crashed';
}

export type StepState = 'pending' | 'running' | 'done' | 'failed';

/**
 * One step of a long action. `title` is an i18n key (with its parameters) so the UI
 * shows it in the user's language; `detail` is raw text (an address, a log line) shown
 * as it is.
 */
export interface ProgressStep {
  /** unique within the lab's history, e.g. `control-plane`, `node/node-1/containerd` */
  id: string;
  /** steps of one action share it: `start`, `add-node-2`, … */
  operation: string;
  title: { key: string; params?: Record<string, string> };
  state: StepState;
  detail?: string;
  /** 0–100 when the step knows how far it is */
  percent?: number;
  /** ms since the epoch */
  startedAt: number;
  endedAt?: number;
}

/** the steps in order of first appearance, a step replaced in place when it changes */
export function upsertStep(steps: readonly ProgressStep[], step: ProgressStep): ProgressStep[] {
  const i = steps.findIndex((s) => s.id === step.id);
  if (i < 0) return [...steps, step];
  const next = steps.slice();
  next[i] = step;
  return next;
}

/** how far a whole action is: done or failed steps over all steps */
export function progressSummary(steps: readonly ProgressStep[]): { total: number; finished: number; failed: number; running: number } {
  let finished = 0;
  let failed = 0;
  let running = 0;
  for (const s of steps) {
    if (s.state === 'done') finished++;
    else if (s.state === 'failed') failed++;
    else if (s.state === 'running') running++;
  }
  return { total: steps.length, finished: finished + failed, failed, running };
}

export type ProviderKind = 'host' | 'qemu';
export type AcceleratorKind = 'kvm' | 'hvf' | 'whpx' | 'tcg';

/** what the user chooses on first run (and what `k8s-lab up` was started with) */
export interface LabChoice {
  provider: ProviderKind;
  nodes: number;
  /** VM nodes only */
  cpus: number;
  memoryMiB: number;
}

export const NODE_LIMITS = { minNodes: 0, maxNodes: 8, minCpus: 1, maxCpus: 8, minMemoryMiB: 512, maxMemoryMiB: 8192 } as const;
/** the VM defaults of the qemu provider (qemu-provider.ts: 1 vCPU, 768 MiB) */
export const DEFAULT_CHOICE: LabChoice = { provider: 'qemu', nodes: 2, cpus: 1, memoryMiB: 768 };

export interface ProviderAvailability {
  available: boolean;
  /** why not, raw text (tools missing, platform) */
  reason?: string;
}

export interface AcceleratorInfo {
  /** null: not known yet (no probe, no VM lab) */
  accel: AcceleratorKind | null;
  /** raw text from the probe (accel.ts) */
  reason: string;
  /** where the answer came from */
  source: 'lab' | 'cache' | 'probe' | 'none';
}

export type SetupPhase = 'first-run' | 'starting' | 'running' | 'failed';

export interface SetupState {
  phase: SetupPhase;
  /** the options the lab runs with (or was asked to start with) */
  choice?: LabChoice;
  /** the running lab: absent before it starts */
  lab?: { provider: ProviderKind | null; apiServer: string; kubeconfig: string; dataDir: string; nodes: NodeInfoView[] };
  providers: Record<ProviderKind, ProviderAvailability>;
  /** the failure when phase is `failed` */
  error?: string;
}

/** one line of the kubeconfig preview, as a unified diff prints it */
export interface DiffLine {
  op: ' ' | '+' | '-';
  text: string;
}

export interface KubeconfigChange {
  section: 'clusters' | 'users' | 'contexts' | 'current-context';
  name: string;
  action: 'add' | 'replace' | 'unchanged';
}

export interface KubeconfigPlan {
  /** the file kubectl reads ($KUBECONFIG's first existing file, else ~/.kube/config) */
  path: string;
  exists: boolean;
  /** where the current file is copied before writing (absent when there is no file yet) */
  backupPath?: string;
  changes: KubeconfigChange[];
  /** the file before → after, certificate data shortened */
  diff: DiffLine[];
  /** the current file's digest: the merge refuses when the file changed after the preview */
  baseDigest: string;
  /** entries of other clusters kept as they are */
  kept: { clusters: string[]; users: string[]; contexts: string[] };
  currentContext: { before: string | null; after: string | null };
}

export interface SetupRequests {
  'setup:state': { params: Record<string, never>; result: SetupState };
  /** the steps so far (history), then `setup:progress` events with the same watchId */
  'setup:watchProgress': { params: Record<string, never>; result: { watchId: string; steps: ProgressStep[] } };
  'setup:unwatchProgress': { params: { watchId: string }; result: { stopped: boolean } };
  /** the accelerator VM nodes use or would use; `probe` runs a test boot when nothing is known (~8 s) */
  'setup:accelerator': { params: { probe?: boolean }; result: AcceleratorInfo };
  /** first run (desktop app): start the lab with these options */
  'setup:start': { params: LabChoice; result: { starting: true } };
  'setup:addNode': { params: { name?: string }; result: NodeInfoView };
  'setup:removeNode': { params: { name: string }; result: { removed: string } };
  'setup:kubeconfigPreview': { params: { setCurrentContext: boolean }; result: KubeconfigPlan };
  'setup:kubeconfigMerge': { params: { setCurrentContext: boolean; baseDigest: string }; result: { path: string; backupPath?: string; changes: KubeconfigChange[] } };
}

export interface SetupEvents {
  'setup:progress': { watchId: string; step: ProgressStep };
}

export const SETUP_CHANNELS = [
  'setup:state',
  'setup:watchProgress',
  'setup:unwatchProgress',
  'setup:accelerator',
  'setup:start',
  'setup:addNode',
  'setup:removeNode',
  'setup:kubeconfigPreview',
  'setup:kubeconfigMerge',
] as const satisfies readonly (keyof SetupRequests)[];
