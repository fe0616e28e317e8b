// The kubelet's probe manager (pkg/kubelet/prober/prober_manager.go) with its results
// managers (prober/results) and event reporting (prober.go). The kubelet role tells it
// which container instances run; it probes them and reports:
//   onResult  a cached result changed (readiness false → true, …), keyed by container id
//   onEvent   Warning Unhealthy "Liveness probe failed: HTTP probe failed with statuscode: 404"
//   onKill    liveness/startup reached failureThreshold: "Container mynapp failed liveness
//             probe, will be restarted" — the kubelet role kills the container with that
//             message (event Killing) and, on restart, adds the new container id.
import { createProbeRunner } from './probe-runners.js';
import type { ProbeRunner } from './probe-runners.js';
import { defaultProbe, probeSpecOf, probeTypeTitle } from './probe-helpers.js';
import { ProbeWorker } from './probe-worker.js';
import type { RoundResult, WorkerHost } from './probe-worker.js';
import { ProbeError } from './types.js';
import type { ExecSyncFn, ProbeClock, ProbeResultValue, ProbeType, ProbedContainer, ProbedPod } from './types.js';

export interface ProbeResultUpdate {
  podKey: string;
  container: string;
  containerId: string;
  probeType: ProbeType;
  result: ProbeResultValue;
}

export interface ProbeEvent {
  type: 'Warning';
  /** events.ContainerUnhealthy, events.ContainerProbeWarning */
  reason: 'Unhealthy' | 'ProbeWarning';
  message: string;
  podKey: string;
  container: string;
  containerId: string;
  /** involvedObject.fieldPath, as kubecontainer.GenerateContainerRef makes it */
  fieldPath: string;
}

export interface ProbeKill {
  podKey: string;
  container: string;
  containerId: string;
  reason: 'liveness' | 'startup';
  /** the Killing event's message (kuberuntime computePodActions) */
  message: string;
}

export interface ProbeManagerConfig {
  /** CRI ExecSync for exec probes */
  execSync?: ExecSyncFn;
  /** replaces the real runners (unit specs) */
  runProbe?: ProbeRunner;
  clock?: ProbeClock;
  random?: () => number;
  /**
   * The kubelet spreads probes over one period when it has just (re)started and finds
   * running containers. Off by default: the agent turns it on when it restarts.
   */
  jitterOnStart?: boolean;
  /** a listener threw, or a probe round crashed */
  onError?: (err: unknown) => void;
}

const realClock: ProbeClock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

/** prober.go maxProbeRetries: an erroring probe is tried this many times per round */
const MAX_PROBE_RETRIES = 3;

/** worker.go: readiness starts Failure, liveness Success, startup Unknown */
const INITIAL_RESULT: Record<ProbeType, ProbeResultValue> = { readiness: 'failure', liveness: 'success', startup: 'unknown' };

interface ContainerEntry {
  name: string;
  containerId: string;
  spec: ProbedContainer;
  workers: Map<ProbeType, ProbeWorker>;
}

interface PodEntry {
  pod: ProbedPod;
  podIP: string | undefined;
  containers: Map<string, ContainerEntry>;
}

type Listener<T> = (value: T) => void;

function validateConfig(config: ProbeManagerConfig): void {
  const fns: (keyof ProbeManagerConfig)[] = ['execSync', 'runProbe', 'random', 'onError'];
  for (const key of fns) {
    if (config[key] !== undefined && typeof config[key] !== 'function') throw new ProbeError(`ProbeManager config.${key} must be a function`);
  }
  const clock = config.clock;
  if (clock && (typeof clock.now !== 'function' || typeof clock.setTimeout !== 'function' || typeof clock.clearTimeout !== 'function')) {
    throw new ProbeError('ProbeManager config.clock needs now, setTimeout and clearTimeout');
  }
}

export class ProbeManager {
  private readonly clock: ProbeClock;
  private readonly runProbe: ProbeRunner;
  private readonly random: () => number;
  private readonly startedAt: number;
  private readonly pods = new Map<string, PodEntry>();
  /** the three results managers, keyed by container id so a restarted container starts fresh */
  private readonly results = new Map<string, Map<ProbeType, ProbeResultValue>>();
  private readonly inFlight = new Set<Promise<void>>();
  private readonly resultListeners = new Set<Listener<ProbeResultUpdate>>();
  private readonly eventListeners = new Set<Listener<ProbeEvent>>();
  private readonly killListeners = new Set<Listener<ProbeKill>>();

  constructor(private readonly config: ProbeManagerConfig = {}) {
    validateConfig(config);
    this.clock = config.clock ?? realClock;
    this.runProbe = config.runProbe ?? createProbeRunner({ execSync: config.execSync });
    this.random = config.random ?? Math.random;
    this.startedAt = this.clock.now();
  }

  onResult(cb: Listener<ProbeResultUpdate>): () => void {
    this.resultListeners.add(cb);
    return () => this.resultListeners.delete(cb);
  }

  onEvent(cb: Listener<ProbeEvent>): () => void {
    this.eventListeners.add(cb);
    return () => this.eventListeners.delete(cb);
  }

  onKill(cb: Listener<ProbeKill>): () => void {
    this.killListeners.add(cb);
    return () => this.killListeners.delete(cb);
  }

  /**
   * A container instance is running (startedAt: State.Running.StartedAt, ms). Starts its
   * probe workers; the same id again is a no-op, a new id replaces the old instance.
   * The pod IP comes from options.podIP, else pod.status.podIP.
   */
  addContainer(podKey: string, pod: ProbedPod, containerName: string, containerId: string, startedAt: number, options: { podIP?: string } = {}): void {
    const spec = findContainer(pod, containerName);
    if (!spec) throw new ProbeError(`pod ${podKey} has no container ${JSON.stringify(containerName)}`);
    let entry = this.pods.get(podKey);
    if (!entry) {
      entry = { pod, podIP: undefined, containers: new Map() };
      this.pods.set(podKey, entry);
    }
    entry.pod = pod;
    entry.podIP = options.podIP ?? pod.status?.podIP ?? entry.podIP;
    const existing = entry.containers.get(containerName);
    if (existing?.containerId === containerId) return;
    if (existing) this.dropContainer(existing);

    const container: ContainerEntry = { name: containerName, containerId, spec, workers: new Map() };
    entry.containers.set(containerName, container);
    const podEntry = entry;
    for (const probeType of ['startup', 'liveness', 'readiness'] as const) {
      const probeSpec = probeSpecOf(spec, probeType);
      if (!probeSpec) continue;
      const probe = defaultProbe(probeSpec, probeType);
      const periodMs = probe.periodSeconds * 1000;
      const jitter = this.config.jitterOnStart === true && periodMs > this.clock.now() - this.startedAt ? this.random() * periodMs : 0;
      const worker = new ProbeWorker(this.hostFor(podKey, podEntry, container), probeType, probe, containerId, startedAt, jitter);
      container.workers.set(probeType, worker);
      this.setResult(podKey, container, probeType, INITIAL_RESULT[probeType]);
    }
    for (const worker of container.workers.values()) worker.start();
  }

  /** the container instance is gone (exited, removed); with containerId, only if it is still that one */
  removeContainer(podKey: string, containerName: string, containerId?: string): void {
    const entry = this.pods.get(podKey);
    const container = entry?.containers.get(containerName);
    if (!entry || !container || (containerId !== undefined && container.containerId !== containerId)) return;
    this.dropContainer(container);
    entry.containers.delete(containerName);
    if (entry.containers.size === 0) this.pods.delete(podKey);
  }

  removePod(podKey: string): void {
    const entry = this.pods.get(podKey);
    if (!entry) return;
    for (const container of entry.containers.values()) this.dropContainer(container);
    this.pods.delete(podKey);
  }

  /** a newer pod object (deletionTimestamp, status.podIP) */
  updatePod(podKey: string, pod: ProbedPod, options: { podIP?: string } = {}): void {
    const entry = this.pods.get(podKey);
    if (!entry) return;
    entry.pod = pod;
    entry.podIP = options.podIP ?? pod.status?.podIP ?? entry.podIP;
  }

  /** prober_manager StopLivenessAndStartup: the pod is terminating, stop restarting its containers */
  stopLivenessAndStartup(podKey: string): void {
    for (const container of this.pods.get(podKey)?.containers.values() ?? []) {
      container.workers.get('liveness')?.stop();
      container.workers.get('startup')?.stop();
    }
  }

  /** ContainerStatus.Started: startup probe succeeded, or there is none */
  isStarted(podKey: string, containerName: string): boolean {
    const container = this.pods.get(podKey)?.containers.get(containerName);
    return container !== undefined && this.startedById(container);
  }

  /** ContainerStatus.Ready: started, and the readiness probe succeeded (or there is none) */
  isReady(podKey: string, containerName: string): boolean {
    const container = this.pods.get(podKey)?.containers.get(containerName);
    if (!container || !this.startedById(container)) return false;
    if (!container.workers.has('readiness')) return true;
    return this.results.get(container.containerId)?.get('readiness') === 'success';
  }

  /** the cached result of one probe of one container instance */
  result(containerId: string, probeType: ProbeType): ProbeResultValue | undefined {
    return this.results.get(containerId)?.get(probeType);
  }

  /** resolves once no probe round is running (tests, shutdown) */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
  }

  stop(): void {
    for (const podKey of [...this.pods.keys()]) this.removePod(podKey);
  }

  private startedById(container: ContainerEntry): boolean {
    if (!container.workers.has('startup')) return true;
    return this.results.get(container.containerId)?.get('startup') === 'success';
  }

  private dropContainer(container: ContainerEntry): void {
    for (const worker of container.workers.values()) worker.stop();
    container.workers.clear();
    this.results.delete(container.containerId);
  }

  private hostFor(podKey: string, podEntry: PodEntry, container: ContainerEntry): WorkerHost {
    return {
      clock: this.clock,
      isStarted: () => this.startedById(container),
      isDeleting: () => podEntry.pod.metadata.deletionTimestamp !== undefined,
      runRound: (worker) => this.runRound(podKey, podEntry, container, worker),
      setResult: (worker, result) => {
        if (!worker.isStopped) this.setResult(podKey, container, worker.probeType, result);
      },
      failed: (worker) => this.failed(podKey, podEntry, container, worker),
      reportError: (err) => this.reportError(err),
      track: (p) => {
        this.inFlight.add(p);
        void p.finally(() => this.inFlight.delete(p));
      },
    };
  }

  /** prober.probe: run with retries while erroring, record the kubelet's events */
  private async runRound(podKey: string, podEntry: PodEntry, container: ContainerEntry, worker: ProbeWorker): Promise<RoundResult> {
    const req = {
      probeType: worker.probeType,
      spec: worker.probe.spec,
      timeoutMs: worker.probe.timeoutSeconds * 1000,
      pod: podEntry.pod,
      container: container.spec,
      containerId: container.containerId,
      podIP: podEntry.podIP,
    };
    let outcome = await this.attempt(req);
    for (let i = 1; i < MAX_PROBE_RETRIES && outcome.error !== undefined && !worker.isStopped; i++) outcome = await this.attempt(req);
    if (worker.isStopped) return 'errored';

    const title = probeTypeTitle(worker.probeType);
    const event = (reason: ProbeEvent['reason'], message: string): void => {
      const fieldPath = fieldPathOf(podEntry.pod, container.name);
      this.emit(this.eventListeners, { type: 'Warning', reason, message, podKey, container: container.name, containerId: container.containerId, fieldPath });
    };
    if (outcome.error !== undefined) {
      event('Unhealthy', `${title} probe errored and resulted in ${outcome.result} state: ${outcome.error}`);
      return 'errored';
    }
    switch (outcome.result) {
      case 'success':
        return 'success';
      case 'warning':
        event('ProbeWarning', `${title} probe warning: ${outcome.output}`);
        return 'success';
      case 'failure':
        event('Unhealthy', `${title} probe failed: ${outcome.output}`);
        return 'failure';
      case 'unknown':
        return 'failure';
    }
  }

  private async attempt(req: Parameters<ProbeRunner>[0]): Promise<Awaited<ReturnType<ProbeRunner>>> {
    try {
      return await this.runProbe(req);
    } catch (e) {
      return { result: 'unknown', output: '', error: e instanceof Error ? e.message : String(e) };
    }
  }

  private failed(podKey: string, podEntry: PodEntry, container: ContainerEntry, worker: ProbeWorker): void {
    if (worker.probeType === 'readiness') return;
    // computePodActions: restart unless restartPolicy is Never, and say so in the message
    const restart = podEntry.pod.spec?.restartPolicy !== 'Never';
    const message = `Container ${container.name} failed ${worker.probeType} probe${restart ? ', will be restarted' : ''}`;
    this.emit(this.killListeners, { podKey, container: container.name, containerId: container.containerId, reason: worker.probeType, message });
  }

  private setResult(podKey: string, container: ContainerEntry, probeType: ProbeType, result: ProbeResultValue): void {
    let byType = this.results.get(container.containerId);
    if (!byType) {
      byType = new Map();
      this.results.set(container.containerId, byType);
    }
    // results.Manager.Set: only a change is an update
    if (byType.get(probeType) === result) return;
    byType.set(probeType, result);
    this.emit(this.resultListeners, { podKey, container: container.name, containerId: container.containerId, probeType, result });
    // UpdatePodStatus triggers the readiness probe as soon as the container counts as started
    if (probeType === 'startup' && result === 'success') container.workers.get('readiness')?.trigger();
  }

  private emit<T>(listeners: Set<Listener<T>>, value: T): void {
    for (const cb of listeners) {
      try {
        cb(value);
      } catch (e) {
        this.reportError(e);
      }
    }
  }

  private reportError(err: unknown): void {
    if (this.config.onError) this.config.onError(err);
    else console.error('[prober]', err);
  }
}

function findContainer(pod: ProbedPod, name: string): ProbedContainer | undefined {
  return pod.spec?.containers?.find((c) => c.name === name) ?? pod.spec?.initContainers?.find((c) => c.name === name);
}

/** GenerateContainerRef's fieldPath: spec.containers{name} or spec.initContainers{name} */
function fieldPathOf(pod: ProbedPod, name: string): string {
  const isInit = !pod.spec?.containers?.some((c) => c.name === name) && pod.spec?.initContainers?.some((c) => c.name === name);
  return isInit ? `spec.initContainers{${name}}` : `spec.containers{${name}}`;
}
