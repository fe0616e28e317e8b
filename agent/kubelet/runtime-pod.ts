// A pod as the runtime has it: its sandboxes and containers in containerd, found by the
// labels the kubelet puts on them (kuberuntime_labels.go), with the details
// ContainerStatus gives (exit code, start and finish times).
import type { CriClient } from '../cri/cri-client.js';
import type { ContainerState, PodSandbox } from '../cri/types.js';

export const LABEL_POD_NAME = 'io.kubernetes.pod.name';
export const LABEL_POD_NAMESPACE = 'io.kubernetes.pod.namespace';
export const LABEL_POD_UID = 'io.kubernetes.pod.uid';
export const LABEL_CONTAINER_NAME = 'io.kubernetes.container.name';
export const ANNOTATION_CONTAINER_HASH = 'io.kubernetes.container.hash';
export const ANNOTATION_RESTART_COUNT = 'io.kubernetes.container.restartCount';
export const ANNOTATION_TERMINATION_MESSAGE_PATH = 'io.kubernetes.container.terminationMessagePath';
export const ANNOTATION_GRACE_PERIOD = 'io.kubernetes.pod.terminationGracePeriod';

export interface RuntimeContainer {
  id: string;
  sandboxId: string;
  name: string;
  attempt: number;
  state: ContainerState;
  /** ms since the epoch (0 when it has not happened) */
  createdAt: number;
  startedAt: number;
  finishedAt: number;
  exitCode: number;
  reason: string;
  message: string;
  image: string;
  imageRef: string;
  hash: string;
  restartCount: number;
  logPath: string;
}

export interface RuntimePod {
  uid: string;
  /** newest first */
  sandboxes: PodSandbox[];
  /** newest first */
  containers: RuntimeContainer[];
}

const nsToMs = (ns: number): number => Math.floor(ns / 1e6);

/** ContainerStatus answers cached per (id, state): a finished container does not change */
export class ContainerStatusCache {
  private readonly cache = new Map<string, { state: ContainerState; value: RuntimeContainer }>();

  constructor(private readonly cri: CriClient) {}

  async get(id: string, state: ContainerState): Promise<RuntimeContainer | undefined> {
    const hit = this.cache.get(id);
    if (hit && hit.state === state && state !== 'CONTAINER_RUNNING') return hit.value;
    let status;
    try {
      status = (await this.cri.containerStatus({ containerId: id })).status;
    } catch {
      return undefined; // removed meanwhile
    }
    if (!status) return undefined;
    const value: RuntimeContainer = {
      id,
      sandboxId: '',
      name: status.labels[LABEL_CONTAINER_NAME] ?? status.metadata?.name ?? '',
      attempt: status.metadata?.attempt ?? 0,
      state: status.state,
      createdAt: nsToMs(status.createdAt),
      startedAt: nsToMs(status.startedAt),
      finishedAt: nsToMs(status.finishedAt),
      exitCode: status.exitCode,
      reason: status.reason,
      message: status.message,
      image: status.image?.image ?? '',
      imageRef: status.imageRef,
      hash: status.annotations[ANNOTATION_CONTAINER_HASH] ?? '',
      restartCount: Number(status.annotations[ANNOTATION_RESTART_COUNT] ?? status.metadata?.attempt ?? 0),
      logPath: status.logPath,
    };
    this.cache.set(id, { state: status.state, value });
    return value;
  }

  forget(id: string): void {
    this.cache.delete(id);
  }

  /** drops entries of containers that no longer exist */
  retain(ids: Set<string>): void {
    for (const id of this.cache.keys()) if (!ids.has(id)) this.cache.delete(id);
  }
}

export async function readRuntimePod(cri: CriClient, statuses: ContainerStatusCache, uid: string): Promise<RuntimePod> {
  const selector = { labelSelector: { [LABEL_POD_UID]: uid } };
  const [{ items }, { containers }] = await Promise.all([cri.listPodSandbox({ filter: selector }), cri.listContainers({ filter: selector })]);
  const views: RuntimeContainer[] = [];
  for (const c of containers) {
    const v = await statuses.get(c.id, c.state);
    if (v) views.push({ ...v, sandboxId: c.podSandboxId });
  }
  return {
    uid,
    sandboxes: [...items].sort((a, b) => b.createdAt - a.createdAt),
    containers: views.sort((a, b) => b.createdAt - a.createdAt || b.attempt - a.attempt),
  };
}

/** the newest runtime container with that name (and, for lastState, the one before) */
export function latestContainers(rp: RuntimePod, name: string): RuntimeContainer[] {
  return rp.containers.filter((c) => c.name === name);
}
