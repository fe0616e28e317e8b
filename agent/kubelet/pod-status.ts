// The pod status the kubelet posts (kubelet_pods.go generateAPIPodStatus, getPhase,
// convertToAPIContainerStatuses; status/generate.go for the conditions): container
// states with reasons and exit codes, phase, conditions, IPs and start time.
import type { Container, ContainerState, ContainerStatus, Pod, PodCondition, PodStatus } from './pod-types.js';
import type { RuntimeContainer, RuntimePod } from './runtime-pod.js';

export interface Waiting {
  reason: string;
  message?: string;
}

export interface StatusInputs {
  pod: Pod;
  runtime: RuntimePod;
  nodeIP: string;
  podIP: string | undefined;
  startTime: string;
  /** why a container that is not running waits (ErrImagePull, CrashLoopBackOff, …) */
  waiting: Map<string, Waiting>;
  isReady(containerId: string): boolean;
  isStarted(containerId: string): boolean;
  /** the pod is being torn down (deleted, or finished) */
  terminating: boolean;
}

const iso = (ms: number): string | null => (ms > 0 ? new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z') : null);

function terminatedState(c: RuntimeContainer): ContainerState {
  const reason = c.reason || (c.exitCode === 0 ? 'Completed' : 'Error');
  return {
    terminated: {
      exitCode: c.exitCode,
      reason,
      ...(c.message ? { message: c.message } : {}),
      startedAt: iso(c.startedAt),
      finishedAt: iso(c.finishedAt),
      containerID: `containerd://${c.id}`,
    },
  };
}

function containerStatus(spec: Container, inputs: StatusInputs, defaultWaiting: string): ContainerStatus {
  const all = inputs.runtime.containers.filter((c) => c.name === spec.name);
  const [latest, previous] = all;
  const base = { name: spec.name, image: spec.image ?? '', imageID: '', ready: false, restartCount: 0, started: false };
  if (!latest) {
    const w = inputs.waiting.get(spec.name) ?? { reason: defaultWaiting };
    return { ...base, state: { waiting: { reason: w.reason, ...(w.message ? { message: w.message } : {}) } }, lastState: {} };
  }
  const status: ContainerStatus = {
    ...base,
    image: latest.image || (spec.image ?? ''),
    imageID: latest.imageRef,
    containerID: `containerd://${latest.id}`,
    restartCount: latest.restartCount,
    lastState: previous && previous.state === 'CONTAINER_EXITED' ? terminatedState(previous) : {},
  };
  if (latest.state === 'CONTAINER_RUNNING') {
    status.state = { running: { startedAt: iso(latest.startedAt) ?? undefined } };
    status.started = inputs.isStarted(latest.id);
    status.ready = status.started && inputs.isReady(latest.id);
  } else if (latest.state === 'CONTAINER_EXITED') {
    const w = inputs.waiting.get(spec.name);
    if (w && !inputs.terminating) {
      // it will be restarted: waiting (CrashLoopBackOff …) with the exit as lastState
      status.state = { waiting: { reason: w.reason, ...(w.message ? { message: w.message } : {}) } };
      status.lastState = terminatedState(latest);
    } else {
      status.state = terminatedState(latest);
    }
  } else {
    const w = inputs.waiting.get(spec.name);
    status.state = { waiting: { reason: w?.reason ?? 'ContainerCreating', ...(w?.message ? { message: w.message } : {}) } };
  }
  return status;
}

const isSidecar = (c: Container): boolean => c.restartPolicy === 'Always';

/** getPhase (kubelet_pods.go, 1.32) */
export function podPhase(pod: Pod, init: ContainerStatus[], main: ContainerStatus[]): PodStatus['phase'] {
  const policy = pod.spec.restartPolicy ?? 'Always';
  const initSpecs = pod.spec.initContainers ?? [];
  let pendingInit = false;
  for (const [i, s] of init.entries()) {
    const spec = initSpecs[i];
    if (spec && isSidecar(spec)) continue;
    const t = s.state && 'terminated' in s.state ? s.state.terminated : undefined;
    if (t && t.exitCode === 0) continue;
    if (t && policy === 'Never') return 'Failed';
    const lastFailed = s.lastState && 'terminated' in s.lastState && s.lastState.terminated && s.lastState.terminated.exitCode !== 0;
    if (lastFailed && policy === 'Never') return 'Failed';
    pendingInit = true;
  }
  let waiting = 0;
  let running = 0;
  let stopped = 0;
  let succeeded = 0;
  for (const s of main) {
    const st = s.state ?? {};
    if ('running' in st && st.running) running++;
    else if ('terminated' in st && st.terminated) {
      stopped++;
      if (st.terminated.exitCode === 0) succeeded++;
    } else if ('waiting' in st && st.waiting) {
      if (s.lastState && 'terminated' in s.lastState && s.lastState.terminated) stopped++;
      else waiting++;
    } else waiting++;
  }
  if (pendingInit) return 'Pending';
  if (waiting > 0) return 'Pending';
  if (running > 0) return 'Running';
  if (stopped > 0) {
    if (policy === 'Always') return 'Running';
    if (stopped === succeeded) return 'Succeeded';
    if (policy === 'OnFailure') return 'Running';
    return 'Failed';
  }
  return 'Pending';
}

function condition(type: string, ok: boolean, reason: string | undefined, message: string | undefined, previous: PodCondition[] | undefined, now: string): PodCondition {
  const status = ok ? 'True' : 'False';
  const old = previous?.find((c) => c.type === type);
  return {
    type,
    status,
    lastProbeTime: null,
    lastTransitionTime: old && old.status === status && old.lastTransitionTime ? old.lastTransitionTime : now,
    ...(!ok && reason ? { reason } : {}),
    ...(!ok && message ? { message } : {}),
  };
}

export function generatePodStatus(inputs: StatusInputs): PodStatus {
  const { pod } = inputs;
  const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  const initSpecs = pod.spec.initContainers ?? [];
  const init = initSpecs.map((c) => containerStatus(c, inputs, 'PodInitializing'));
  const initDone = init.every((s, i) => {
    const spec = initSpecs[i];
    if (spec && isSidecar(spec)) return s.started === true;
    return !!(s.state && 'terminated' in s.state && s.state.terminated?.exitCode === 0);
  });
  const main = pod.spec.containers.map((c) => containerStatus(c, inputs, initDone ? 'ContainerCreating' : 'PodInitializing'));
  const phase = podPhase(pod, init, main);
  const previous = pod.status?.conditions;
  const sandboxReady = inputs.runtime.sandboxes[0]?.state === 'SANDBOX_READY' && !!inputs.podIP;
  const notInit = init.filter((s) => !(s.state && 'terminated' in s.state && s.state.terminated?.exitCode === 0)).map((s) => s.name);
  const unready = main.filter((s) => !s.ready).map((s) => s.name);
  const finished = phase === 'Succeeded' || phase === 'Failed';
  // a finished pod's containers are not ready: PodCompleted is the reason (status/generate.go)
  const containersReady = !finished && unready.length === 0;
  const readyReason = finished ? 'PodCompleted' : 'ContainersNotReady';
  const readyMessage = finished ? undefined : `containers with unready status: [${unready.join(' ')}]`;
  const conditions: PodCondition[] = [
    condition('PodReadyToStartContainers', sandboxReady, undefined, undefined, previous, now),
    condition('Initialized', initDone || finished, finished ? 'PodCompleted' : 'ContainersNotInitialized', finished ? undefined : `containers with incomplete status: [${notInit.join(' ')}]`, previous, now),
    condition('Ready', containersReady, readyReason, readyMessage, previous, now),
    condition('ContainersReady', containersReady, readyReason, readyMessage, previous, now),
  ];
  // conditions other components own (PodScheduled, DisruptionTarget, readiness gates) stay as they are
  const owned = new Set(conditions.map((c) => c.type));
  const kept = (previous ?? []).filter((c) => !owned.has(c.type));
  const podIP = pod.spec.hostNetwork ? inputs.nodeIP : inputs.podIP;
  return {
    phase,
    conditions: [...conditions, ...kept],
    hostIP: inputs.nodeIP,
    hostIPs: [{ ip: inputs.nodeIP }],
    ...(podIP ? { podIP, podIPs: [{ ip: podIP }] } : {}),
    startTime: inputs.startTime,
    ...(initSpecs.length ? { initContainerStatuses: init } : {}),
    containerStatuses: main,
    ...(pod.status?.qosClass ? { qosClass: pod.status.qosClass } : {}),
  };
}
