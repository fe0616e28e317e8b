// SyncPod for one pod, as the kubelet's pod worker does it (kuberuntime_manager.go
// computePodActions + SyncPod, kubelet.go SyncTerminatingPod): make sure the sandbox
// runs, run init containers in order, start or restart containers per restartPolicy
// with CrashLoopBackOff, tear the pod down on deletion, and post its status.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { ApiClient } from '../../main/common/client/api-client.js';
import { ApiClientError } from '../../main/common/client/api-client.js';
import type { EventRecorder } from '../../main/common/client/event-recorder.js';
import type { AgentConfig } from '../config.js';
import type { CriClient } from '../cri/cri-client.js';
import { forgetNeighbour } from '../network/pod-network.js';
import { Backoff } from './backoff.js';
import { expandContainerCommandAndArgs, resolveEnv } from './env.js';
import type { EnvDeps } from './env.js';
import { ImagePuller, runtimeErrorText } from './image-puller.js';
import { containerMounts } from './mounts.js';
import type { Container, Pod, PodStatus, ResourceList } from './pod-types.js';
import { generatePodStatus } from './pod-status.js';
import type { Waiting } from './pod-status.js';
import type { ProbeManager } from './probes/prober.js';
import { containerConfig, containerHash, sandboxConfig } from './runtime-config.js';
import type { RuntimeConfigOptions } from './runtime-config.js';
import { readRuntimePod } from './runtime-pod.js';
import type { ContainerStatusCache, RuntimeContainer, RuntimePod } from './runtime-pod.js';
import { cleanupVolumes, prepareVolumes } from './volumes.js';

export interface PodSyncDeps {
  cri: CriClient;
  client: ApiClient;
  cfg: AgentConfig;
  events: EventRecorder;
  prober: ProbeManager;
  statuses: ContainerStatusCache;
  objects: Pick<EnvDeps, 'getConfigMap' | 'getSecret' | 'services'>;
  nodeAllocatable(): ResourceList;
  log(line: string): void;
}

interface PodState {
  startTime: string;
  waiting: Map<string, Waiting>;
  lastStatus: string;
}

const PODS = (ns: string): { group: string; version: string; resource: string; namespace: string } => ({ group: '', version: 'v1', resource: 'pods', namespace: ns });
const errText = runtimeErrorText;
const isoNow = (): string => new Date().toISOString().replace(/\.\d+Z$/, 'Z');

export const podKey = (pod: Pod): string => `${pod.metadata.namespace ?? 'default'}/${pod.metadata.name ?? ''}`;

export class PodSyncer {
  private readonly states = new Map<string, PodState>();
  private readonly crashBackoff = new Backoff();
  readonly images: ImagePuller;
  private readonly rcfg: RuntimeConfigOptions;

  constructor(private readonly d: PodSyncDeps) {
    this.images = new ImagePuller(d.cri);
    this.rcfg = { podLogsDir: d.cfg.podLogsDir, cgroupRoot: d.cfg.cgroupRoot, clusterDNS: d.cfg.clusterDNS, clusterDomain: d.cfg.clusterDomain };
  }

  podDir(uid: string): string {
    return join(this.d.cfg.rootDir, 'pods', uid);
  }

  private state(pod: Pod): PodState {
    const uid = pod.metadata.uid ?? '';
    let s = this.states.get(uid);
    if (!s) {
      s = { startTime: pod.status?.startTime ?? isoNow(), waiting: new Map(), lastStatus: '' };
      this.states.set(uid, s);
    }
    return s;
  }

  private event(pod: Pod, type: 'Normal' | 'Warning', reason: string, message: string): void {
    this.d.events.event({ ...pod, apiVersion: 'v1', kind: 'Pod' }, type, reason, message, (e) => this.d.log(`event ${reason}: ${errText(e)}`));
  }

  /** one sync; returns when the pod wants to be looked at again (ms), or undefined */
  async sync(pod: Pod): Promise<number | undefined> {
    const rp = await readRuntimePod(this.d.cri, this.d.statuses, pod.metadata.uid ?? '');
    if (pod.metadata.deletionTimestamp) {
      await this.terminate(pod, rp, pod.metadata.deletionGracePeriodSeconds ?? pod.spec.terminationGracePeriodSeconds ?? 30);
      await this.postStatus(pod, await readRuntimePod(this.d.cri, this.d.statuses, pod.metadata.uid ?? ''), true);
      await this.finishDeletion(pod);
      return undefined;
    }
    const phase = pod.status?.phase;
    if (phase === 'Succeeded' || phase === 'Failed') {
      // a finished pod keeps its containers (for logs) but not its sandbox
      for (const sb of rp.sandboxes) if (sb.state === 'SANDBOX_READY') await this.d.cri.stopPodSandbox({ podSandboxId: sb.id }).catch(() => undefined);
      return undefined;
    }
    const st = this.state(pod);
    await this.removeDeadContainers(rp);
    let retry: number | undefined = await this.syncRunning(pod, rp, st);
    const fresh = await readRuntimePod(this.d.cri, this.d.statuses, pod.metadata.uid ?? '');
    const status = await this.postStatus(pod, fresh, false);
    if (status.phase === 'Succeeded' || status.phase === 'Failed') {
      for (const sb of fresh.sandboxes) if (sb.state === 'SANDBOX_READY') await this.d.cri.stopPodSandbox({ podSandboxId: sb.id }).catch(() => undefined);
      this.d.prober.removePod(podKey(pod));
      retry = undefined;
    }
    return retry;
  }

  private async syncRunning(pod: Pod, rp: RuntimePod, st: PodState): Promise<number | undefined> {
    const uid = pod.metadata.uid ?? '';
    const podDir = this.podDir(uid);
    await mkdir(podDir, { recursive: true });
    let volumes;
    try {
      volumes = await prepareVolumes(pod, podDir, { ...this.d.objects, nodeAllocatable: this.d.nodeAllocatable(), recordEvent: (t, r, m) => this.event(pod, t, r, m) });
    } catch (e) {
      this.event(pod, 'Warning', 'FailedMount', errText(e));
      return 5_000;
    }
    // the sandbox
    let sandbox = rp.sandboxes[0];
    let created = false;
    if (!sandbox || sandbox.state !== 'SANDBOX_READY') {
      const attempt = sandbox ? (sandbox.metadata?.attempt ?? 0) + 1 : 0;
      if (sandbox) {
        this.event(pod, 'Normal', 'SandboxChanged', 'Pod sandbox changed, it will be killed and re-created.');
        await this.killContainers(pod, rp.containers.filter((c) => c.state === 'CONTAINER_RUNNING'), 0, 'SandboxChanged');
      }
      try {
        const { podSandboxId } = await this.d.cri.runPodSandbox({ config: sandboxConfig(pod, attempt, this.rcfg) });
        rp = await readRuntimePod(this.d.cri, this.d.statuses, uid);
        sandbox = rp.sandboxes.find((s) => s.id === podSandboxId);
        created = true;
      } catch (e) {
        this.event(pod, 'Warning', 'FailedCreatePodSandBox', `Failed to create pod sandbox: ${errText(e)}`);
        return 10_000;
      }
      if (!sandbox) return 1_000;
    }
    const sbStatus = await this.d.cri.podSandboxStatus({ podSandboxId: sandbox.id });
    const podIP = pod.spec.hostNetwork ? this.d.cfg.nodeIP : sbStatus.status?.network?.ip || undefined;
    // a new sandbox may have a released IP: the node must not keep the old pod's MAC for it
    if (created && podIP && !pod.spec.hostNetwork) await forgetNeighbour(podIP).catch((e: unknown) => this.d.log(`pod ${podKey(pod)}: ${errText(e)}`));
    const sbConfig = sandboxConfig(pod, sandbox.metadata?.attempt ?? 0, this.rcfg);
    const inSandbox = (cs: RuntimeContainer[]): RuntimeContainer[] => cs.filter((c) => c.sandboxId === sandbox.id);
    const start = async (c: Container, restartCount: number): Promise<number | undefined> => {
      const pulled = await this.images.ensure(uid, c, (t, r, m) => this.event(pod, t, r, m));
      if (!pulled.ok) {
        st.waiting.set(c.name, { reason: pulled.reason, message: pulled.message });
        if (pulled.reason === 'ImagePullBackOff') this.event(pod, 'Warning', 'Failed', 'Error: ImagePullBackOff');
        return Math.max(500, pulled.retryInMs);
      }
      try {
        const envs = await resolveEnv(pod, c, {
          ...this.d.objects,
          nodeAllocatable: this.d.nodeAllocatable(),
          hostIP: this.d.cfg.nodeIP,
          podIPs: podIP ? [podIP] : [],
          recordEvent: (t, r, m) => this.event(pod, t, r, m),
        });
        const { command, args } = expandContainerCommandAndArgs(c, envs);
        const mounts = await containerMounts(pod, c, volumes, podDir, { podIPs: podIP ? [podIP] : [], env: envs, clusterDomain: this.d.cfg.clusterDomain });
        const config = containerConfig({ pod, container: c, restartCount, imageRef: pulled.imageRef, command, args, envs, mounts });
        let id: string;
        try {
          id = (await this.d.cri.createContainer({ podSandboxId: sandbox.id, config, sandboxConfig: sbConfig })).containerId;
        } catch (e) {
          st.waiting.set(c.name, { reason: 'CreateContainerError', message: errText(e) });
          this.event(pod, 'Warning', 'Failed', `Error: ${errText(e)}`);
          return 10_000;
        }
        this.event(pod, 'Normal', 'Created', `Created container ${c.name}`);
        try {
          await this.d.cri.startContainer({ containerId: id });
        } catch (e) {
          st.waiting.set(c.name, { reason: 'RunContainerError', message: errText(e) });
          this.event(pod, 'Warning', 'Failed', `Error: failed to start container "${c.name}": ${errText(e)}`);
          return 10_000;
        }
        st.waiting.delete(c.name);
        this.event(pod, 'Normal', 'Started', `Started container ${c.name}`);
        this.d.prober.addContainer(podKey(pod), pod, c.name, id, Date.now(), { podIP });
        return undefined;
      } catch (e) {
        st.waiting.set(c.name, { reason: 'CreateContainerConfigError', message: errText(e) });
        this.event(pod, 'Warning', 'Failed', `Error: ${errText(e)}`);
        return 5_000;
      }
    };
    const policy = pod.spec.restartPolicy ?? 'Always';
    let retry: number | undefined;
    const soonest = (ms: number | undefined): void => {
      if (ms !== undefined) retry = retry === undefined ? ms : Math.min(retry, ms);
    };
    /** a dead container that should run again: restart now, or wait out CrashLoopBackOff */
    const restart = async (c: Container, dead: RuntimeContainer): Promise<void> => {
      const key = `${uid}/${c.name}`;
      if (this.crashBackoff.isInBackOffSince(key, dead.finishedAt)) {
        const delay = this.crashBackoff.get(key);
        const message = `back-off ${Math.round(delay / 1000)}s restarting failed container=${c.name} pod=${pod.metadata.name ?? ''}_${pod.metadata.namespace ?? ''}(${uid})`;
        st.waiting.set(c.name, { reason: 'CrashLoopBackOff', message });
        this.event(pod, 'Warning', 'BackOff', `Back-off restarting failed container ${c.name} in pod ${pod.metadata.name ?? ''}_${pod.metadata.namespace ?? ''}(${uid})`);
        soonest(Math.max(200, this.crashBackoff.remaining(key, dead.finishedAt)));
        return;
      }
      this.crashBackoff.next(key, dead.finishedAt);
      soonest(await start(c, dead.restartCount + 1));
    };
    // init containers, one at a time
    for (const c of pod.spec.initContainers ?? []) {
      const [latest] = inSandbox(rp.containers).filter((x) => x.name === c.name);
      if (latest?.state === 'CONTAINER_EXITED' && latest.exitCode === 0) continue;
      if (latest?.state === 'CONTAINER_RUNNING' || latest?.state === 'CONTAINER_CREATED') return 1_000;
      if (!latest) return (await start(c, 0)) ?? 1_000;
      if (policy === 'Never') return undefined; // the pod fails (getPhase)
      await restart(c, latest);
      return retry ?? 1_000;
    }
    for (const c of pod.spec.containers) {
      const all = rp.containers.filter((x) => x.name === c.name);
      const [latest] = all;
      if (!latest || latest.sandboxId !== sandbox.id) {
        soonest(await start(c, latest ? latest.restartCount + 1 : 0));
        continue;
      }
      if (latest.state === 'CONTAINER_RUNNING') {
        if (latest.hash && latest.hash !== containerHash(c)) {
          await this.killContainers(pod, [latest], pod.spec.terminationGracePeriodSeconds ?? 30, `Container ${c.name} definition changed, will be restarted`);
          soonest(await start(c, latest.restartCount + 1));
        }
        continue;
      }
      if (latest.state === 'CONTAINER_CREATED') {
        await this.d.cri.startContainer({ containerId: latest.id }).catch(() => undefined);
        continue;
      }
      // exited
      const changed = latest.hash && latest.hash !== containerHash(c);
      const shouldRestart = changed || policy === 'Always' || (policy === 'OnFailure' && latest.exitCode !== 0);
      if (!shouldRestart) continue;
      if (changed) soonest(await start(c, latest.restartCount + 1));
      else await restart(c, latest);
    }
    return retry;
  }

  /**
   * Container GC (kuberuntime_gc.go evictContainers with MaxPerPodContainer = 1): of the
   * exited instances of a container, the newest one stays (its exit is lastState and
   * `kubectl logs --previous` reads its log); older ones are removed with their logs.
   */
  private async removeDeadContainers(rp: RuntimePod): Promise<void> {
    const seen = new Map<string, number>();
    for (const c of rp.containers) {
      const n = (seen.get(c.name) ?? 0) + 1;
      seen.set(c.name, n);
      // newest first: keep the current instance and one exited one before it
      if (n <= 2 || c.state !== 'CONTAINER_EXITED') continue;
      await this.d.cri.removeContainer({ containerId: c.id }).catch((e: unknown) => this.d.log(`gc ${c.id}: ${errText(e)}`));
      this.d.statuses.forget(c.id);
    }
    // sandboxes replaced by a newer one, once none of their containers is left
    for (const sb of rp.sandboxes.slice(1)) {
      if (sb.state === 'SANDBOX_READY' || rp.containers.some((c) => c.sandboxId === sb.id)) continue;
      await this.d.cri.removePodSandbox({ podSandboxId: sb.id }).catch((e: unknown) => this.d.log(`gc sandbox ${sb.id}: ${errText(e)}`));
    }
  }

  /** the probe said so: kill it now, the next sync restarts it */
  async killForProbe(pod: Pod, containerId: string, message: string): Promise<void> {
    this.event(pod, 'Normal', 'Killing', message);
    await this.stopContainer(containerId, pod.spec.terminationGracePeriodSeconds ?? 30).catch((e: unknown) => this.d.log(`kill ${containerId}: ${errText(e)}`));
    this.d.statuses.forget(containerId);
  }

  /**
   * CRI StopContainer: SIGTERM (or the image's stop signal), SIGKILL after the grace period.
   * The call's own deadline is the grace period plus the runtime request timeout, as the
   * kubelet sets it: a shorter deadline cancels the stop before the SIGKILL.
   */
  private stopContainer(containerId: string, graceSeconds: number): Promise<unknown> {
    const grace = Math.max(0, graceSeconds);
    return this.d.cri.stopContainer({ containerId, timeout: grace }, { timeoutMs: (grace + 30) * 1000 });
  }

  private async killContainers(pod: Pod, containers: RuntimeContainer[], graceSeconds: number, message?: string): Promise<void> {
    await Promise.all(
      containers.map(async (c) => {
        this.event(pod, 'Normal', 'Killing', message ?? `Stopping container ${c.name}`);
        await this.stopContainer(c.id, graceSeconds).catch((e: unknown) => this.d.log(`stop ${c.id}: ${errText(e)}`));
        this.d.statuses.forget(c.id);
      }),
    );
  }

  /** SyncTerminatingPod: stop containers with the grace period, then the sandbox */
  async terminate(pod: Pod, rp: RuntimePod, graceSeconds: number): Promise<void> {
    this.d.prober.removePod(podKey(pod));
    await this.killContainers(pod, rp.containers.filter((c) => c.state === 'CONTAINER_RUNNING' || c.state === 'CONTAINER_CREATED'), graceSeconds);
    for (const sb of rp.sandboxes) if (sb.state === 'SANDBOX_READY') await this.d.cri.stopPodSandbox({ podSandboxId: sb.id }).catch((e: unknown) => this.d.log(`stop sandbox: ${errText(e)}`));
  }

  /** once everything is stopped the kubelet deletes the pod for good (grace 0, same uid) */
  private async finishDeletion(pod: Pod): Promise<void> {
    try {
      await this.d.client.delete(PODS(pod.metadata.namespace ?? 'default'), pod.metadata.name ?? '', { gracePeriodSeconds: 0, preconditions: { uid: pod.metadata.uid } });
    } catch (e) {
      if (!(e instanceof ApiClientError) || (e.code !== 404 && e.code !== 409)) throw e;
    }
  }

  /** removes what is left of a pod that is gone from the API: containers, sandboxes, volumes */
  async cleanup(uid: string): Promise<void> {
    const rp = await readRuntimePod(this.d.cri, this.d.statuses, uid);
    for (const c of rp.containers) {
      if (c.state === 'CONTAINER_RUNNING') await this.d.cri.stopContainer({ containerId: c.id, timeout: 0 }).catch(() => undefined);
      await this.d.cri.removeContainer({ containerId: c.id }).catch(() => undefined);
      this.d.statuses.forget(c.id);
    }
    for (const sb of rp.sandboxes) {
      await this.d.cri.stopPodSandbox({ podSandboxId: sb.id }).catch(() => undefined);
      await this.d.cri.removePodSandbox({ podSandboxId: sb.id }).catch(() => undefined);
    }
    await cleanupVolumes(this.podDir(uid), { removePodDir: true }).catch((e: unknown) => this.d.log(`cleanup volumes of ${uid}: ${errText(e)}`));
    this.states.delete(uid);
    this.images.forgetPod(uid);
  }

  private async postStatus(pod: Pod, rp: RuntimePod, terminating: boolean): Promise<PodStatus> {
    const st = this.state(pod);
    const sb = rp.sandboxes[0];
    let podIP: string | undefined;
    if (sb?.state === 'SANDBOX_READY') podIP = (await this.d.cri.podSandboxStatus({ podSandboxId: sb.id }).catch(() => undefined))?.status?.network?.ip || undefined;
    else podIP = pod.status?.podIP;
    const key = podKey(pod);
    const status = generatePodStatus({
      pod,
      runtime: rp,
      nodeIP: this.d.cfg.nodeIP,
      podIP,
      startTime: st.startTime,
      waiting: st.waiting,
      isReady: (id) => {
        const c = rp.containers.find((x) => x.id === id);
        return c ? this.d.prober.isReady(key, c.name) : false;
      },
      isStarted: (id) => {
        const c = rp.containers.find((x) => x.id === id);
        return c ? this.d.prober.isStarted(key, c.name) : false;
      },
      terminating,
    });
    const text = JSON.stringify(status);
    if (text !== st.lastStatus) {
      try {
        await this.d.client.patch(PODS(pod.metadata.namespace ?? 'default'), pod.metadata.name ?? '', { metadata: { uid: pod.metadata.uid }, status }, 'merge', 'status');
        st.lastStatus = text;
      } catch (e) {
        if (!(e instanceof ApiClientError) || e.code !== 404) throw e;
      }
    }
    return status;
  }
}
