// One probe of one container instance: pkg/kubelet/prober/worker.go. It ticks every
// periodSeconds, skips ticks before initialDelaySeconds and while the startup probe has
// not yet succeeded, counts consecutive results against successThreshold and
// failureThreshold, and only then changes the cached result. A liveness or startup
// failure puts it on hold: the container gets restarted, and the restarted container
// (a new container id) gets a fresh worker.
import type { DefaultedProbe } from './probe-helpers.js';
import type { ProbeClock, ProbeResultValue, ProbeType } from './types.js';

/** what one probe round (prober.probe: up to 3 attempts while erroring) came to */
export type RoundResult = 'success' | 'failure' | 'errored';

export interface WorkerHost {
  clock: ProbeClock;
  /** startup probe succeeded, or the container has none */
  isStarted(): boolean;
  /** the pod has a deletionTimestamp: liveness and startup stop quietly */
  isDeleting(): boolean;
  runRound(worker: ProbeWorker): Promise<RoundResult>;
  setResult(worker: ProbeWorker, result: ProbeResultValue): void;
  /** liveness/startup reached failureThreshold: the container must be restarted */
  failed(worker: ProbeWorker): void;
  reportError(err: unknown): void;
  /** bookkeeping of in-flight rounds (ProbeManager.idle) */
  track(p: Promise<void>): void;
}

export class ProbeWorker {
  private timer: unknown;
  private nextDue: number;
  private running = false;
  private pendingTrigger = false;
  private stopped = false;
  private onHold = false;
  private lastResult: 'success' | 'failure' | undefined;
  private resultRun = 0;

  constructor(
    private readonly host: WorkerHost,
    readonly probeType: ProbeType,
    readonly probe: DefaultedProbe,
    readonly containerId: string,
    /** when the container started running (ms, the clock's epoch) */
    readonly startedAt: number,
    /** extra delay before the first tick (the kubelet's restart jitter), ms */
    jitterMs: number,
  ) {
    // The kubelet's ticker starts with the worker and each tick checks initialDelaySeconds;
    // we put the first tick exactly where the documentation promises: initialDelaySeconds
    // after the container started.
    this.nextDue = Math.max(host.clock.now(), startedAt + probe.initialDelaySeconds * 1000) + jitterMs;
  }

  get isStopped(): boolean {
    return this.stopped;
  }

  start(): void {
    this.schedule(this.nextDue - this.host.clock.now(), false);
  }

  /** run a probe now without moving the period's phase (prober_manager's manualTriggerCh) */
  trigger(): void {
    if (this.stopped) return;
    if (this.running) {
      // the channel has room for one trigger; more collapse into it
      this.pendingTrigger = true;
      return;
    }
    this.schedule(0, true);
  }

  stop(): void {
    this.stopped = true;
    this.clearTimer();
  }

  private clearTimer(): void {
    if (this.timer !== undefined) this.host.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }

  private schedule(delayMs: number, manual: boolean): void {
    this.clearTimer();
    this.timer = this.host.clock.setTimeout(() => {
      this.timer = undefined;
      this.host.track(this.tick(manual));
    }, Math.max(0, delayMs));
  }

  private async tick(manual: boolean): Promise<void> {
    if (this.stopped) return;
    this.running = true;
    let keepGoing = true;
    try {
      keepGoing = await this.doProbe();
    } catch (e) {
      // runtime.HandleCrash in doProbe: report and keep probing
      this.host.reportError(e);
    }
    this.running = false;
    if (this.stopped) return;
    if (!keepGoing) {
      this.stop();
      return;
    }
    const now = this.host.clock.now();
    if (!manual) {
      this.nextDue += this.probe.periodSeconds * 1000;
      if (this.nextDue <= now) {
        // the probe outlasted a period: Go's ticker drops the missed ticks but keeps one buffered
        const periodMs = this.probe.periodSeconds * 1000;
        this.nextDue += Math.floor((now - this.nextDue) / periodMs) * periodMs;
      }
    }
    if (this.pendingTrigger) {
      this.pendingTrigger = false;
      this.schedule(0, true);
      return;
    }
    this.schedule(this.nextDue - now, false);
  }

  /** worker.doProbe: returns whether the worker should keep ticking */
  private async doProbe(): Promise<boolean> {
    if (this.onHold) return true;
    if (this.probeType !== 'readiness' && this.host.isDeleting()) {
      // graceful pod deletion: a last success keeps the shutdown quiet, then stop probing
      this.host.setResult(this, 'success');
      return false;
    }
    if (Math.trunc((this.host.clock.now() - this.startedAt) / 1000) < this.probe.initialDelaySeconds) return true;
    if (this.host.isStarted()) {
      // a started container needs no more startup probing (the kubelet's worker idles; ours ends)
      if (this.probeType === 'startup') return false;
    } else if (this.probeType !== 'startup') {
      // liveness and readiness wait for the startup probe to succeed
      return true;
    }

    const result = await this.host.runRound(this);
    if (this.stopped || result === 'errored') return true;

    if (this.lastResult === result) {
      this.resultRun++;
    } else {
      this.lastResult = result;
      this.resultRun = 1;
    }
    if (
      (result === 'failure' && this.resultRun < this.probe.failureThreshold) ||
      (result === 'success' && this.resultRun < this.probe.successThreshold)
    ) {
      return true;
    }
    this.host.setResult(this, result);
    if (this.probeType !== 'readiness' && result === 'failure') {
      // stop probing until a new container replaces this one
      this.onHold = true;
      this.resultRun = 0;
      this.host.failed(this);
    }
    return true;
  }
}
