// kube-scheduler's shape: informers feed the cache and the queue (eventhandlers.go), one
// loop pops a pod and runs a synchronous scheduling cycle, the pod is assumed on the
// chosen node and bound asynchronously (the binding cycle), and a pod no node fits gets a
// FailedScheduling event and PodScheduled=False. Writes about one pod are serialized so
// a late status patch can never land after its binding.
import { setImmediate as yieldToIo } from 'node:timers/promises';
import type { KubeObject } from '../../common/kube-types.js';
import type { ApiClient } from '../../common/client/api-client.js';
import { ApiClientError } from '../../common/client/api-client.js';
import { EventRecorder } from '../../common/client/event-recorder.js';
import type { InformerEvent } from '../../common/client/informer.js';
import { Informer } from '../../common/client/informer.js';
import type { UnscheduledReason } from './binder.js';
import { Binder } from './binder.js';
import { SchedulerCache } from './cache.js';
import type { ResolvedConfig, SchedulerConfig } from './config.js';
import { resolveConfig } from './config.js';
import type { DecisionListener, SchedulingDecision } from './decisions.js';
import { DecisionStore } from './decisions.js';
import { DEFAULT_FILTERS } from './filters/index.js';
import { Framework } from './framework.js';
import { Listers } from './lookup.js';
import type { PodInfo } from './pod-info.js';
import { parsePod } from './pod-info.js';
import type { QueuedPod } from './queue.js';
import { SchedulingQueue } from './queue.js';
import { DEFAULT_SCORES } from './scores/index.js';
import type { Taint } from './types.js';

export interface NodeSummary {
  name: string;
  ready: boolean;
  unschedulable: boolean;
  taints: Taint[];
  allocatable: { milliCpu: number; memory: number; pods: number };
  requested: { milliCpu: number; memory: number; pods: number };
  /** namespace/name of every pod counted on the node */
  pods: string[];
}

function json(v: unknown): string {
  return JSON.stringify(v ?? null);
}

/** isPodUpdated: more than status/resourceVersion/managedFields changed */
function specChanged(old: KubeObject, obj: KubeObject): boolean {
  return json(old.spec) !== json(obj.spec) || json(old.metadata.labels) !== json(obj.metadata.labels) || json(old.metadata.annotations) !== json(obj.metadata.annotations);
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

export class Scheduler {
  readonly cfg: ResolvedConfig;
  private readonly cache = new SchedulerCache();
  private readonly queue: SchedulingQueue;
  private readonly pods: Informer;
  private readonly nodes: Informer;
  private readonly listers: Listers;
  private readonly framework: Framework;
  private readonly binder: Binder;
  private readonly store: DecisionStore;
  private readonly writes = new Map<string, Promise<void>>();
  /** every API write still in flight (bindings, status patches, events) */
  private readonly pending = new Set<Promise<void>>();
  private stopped = false;
  private readonly syncedPromise: Promise<void>;

  constructor(client: ApiClient, config: SchedulerConfig = {}) {
    this.cfg = resolveConfig(config);
    this.queue = new SchedulingQueue(this.cfg);
    this.pods = new Informer(client, { group: '', version: 'v1', resource: 'pods' }, {}, this.cfg.relistDelayMs);
    this.nodes = new Informer(client, { group: '', version: 'v1', resource: 'nodes' }, {}, this.cfg.relistDelayMs);
    this.listers = new Listers(client, this.cfg.relistDelayMs);
    this.framework = new Framework(this.cfg, DEFAULT_FILTERS, DEFAULT_SCORES, this.listers.lookup(this.cache));
    this.binder = new Binder(client, new EventRecorder(client, { component: this.cfg.schedulerName }, this.cfg.clock), this.cfg);
    this.store = new DecisionStore(this.cfg.decisionsPerPod, this.cfg.decisionPods);
    this.nodes.on((e) => this.onNode(e));
    this.pods.on((e) => this.onPod(e));
    this.syncedPromise = Promise.all(this.informers().map((i) => i.hasSynced())).then(() => undefined);
  }

  private informers(): Informer[] {
    return [this.nodes, this.pods, ...this.listers.all()];
  }

  start(): void {
    for (const i of this.informers()) i.start();
    void this.run().catch((e: unknown) => this.cfg.onError('scheduling loop', e));
  }

  stop(): void {
    this.stopped = true;
    this.queue.close();
    for (const i of this.informers()) i.stop();
  }

  synced(): Promise<void> {
    return this.syncedPromise;
  }

  /** resolves once every binding, status patch and event already started has finished */
  async drain(): Promise<void> {
    while (this.pending.size) await Promise.all([...this.pending]);
  }

  private track(p: Promise<void>): void {
    this.pending.add(p);
    const done = (): void => void this.pending.delete(p);
    p.then(done, done);
  }

  decisions(podKey: string): SchedulingDecision[] {
    return this.store.get(podKey);
  }

  onDecision(listener: DecisionListener): () => void {
    return this.store.on(listener);
  }

  stats(): { active: number; backoff: number; unschedulable: number; gated: number; cachedPods: number; nodes: number } {
    return { ...this.queue.stats(), cachedPods: this.cache.podCount(), nodes: this.cache.nodeList().length };
  }

  /** the scheduler's view of each node: what it has counted there (bound and assumed pods) */
  nodeSummaries(): NodeSummary[] {
    return this.cache.nodeList().map((n) => ({
      name: n.name,
      ready: n.ready,
      unschedulable: n.unschedulable,
      taints: n.taints.map((t) => ({ ...t })),
      allocatable: { milliCpu: n.allocatable.milliCpu, memory: n.allocatable.memory, pods: n.allowedPods },
      requested: { milliCpu: n.requested.milliCpu, memory: n.requested.memory, pods: n.pods.size },
      pods: [...n.pods.values()].map((p) => p.key).sort(),
    }));
  }

  private async run(): Promise<void> {
    await this.syncedPromise;
    if (this.stopped) return;
    this.queue.run();
    let slice = performance.now();
    for (;;) {
      const qp = await this.queue.pop();
      if (!qp || this.stopped) return;
      try {
        this.scheduleOne(qp);
      } catch (e) {
        this.cfg.onError('scheduling cycle', e);
        this.queue.addBackoff(qp);
      }
      // a burst must not starve the watches and bindings of I/O
      if (performance.now() - slice >= this.cfg.yieldEveryMs) {
        await yieldToIo();
        slice = performance.now();
      }
    }
  }

  private live(info: PodInfo): KubeObject | undefined {
    const obj = this.pods.get(info.key);
    return obj && obj.metadata.uid === info.uid ? obj : undefined;
  }

  private scheduleOne(qp: QueuedPod): void {
    const info = qp.info;
    if (!this.live(info) || this.cache.has(info.uid)) return;
    if (info.deleting) {
      // skipPodSchedule: a pod being deleted is not scheduled
      this.track(this.binder.failed(info, `skip schedule deleting pod: ${info.key}`));
      return;
    }
    const out = this.framework.schedule(info, qp.attempts);
    this.store.record(out.record);
    if (out.kind === 'unschedulable') {
      this.handleFailure(qp, 'Unschedulable', out.message, out.plugins, false);
      return;
    }
    const node = out.node.name;
    this.cache.assumePod(info, node);
    this.serialize(info.uid, async () => {
      try {
        await this.binder.bind(info, node);
      } catch (e) {
        this.bindFailed(qp, node, e);
        return;
      }
      this.cache.finishBinding(info.uid);
      this.track(this.binder.scheduled(info, node));
    });
  }

  private bindFailed(qp: QueuedPod, node: string, e: unknown): void {
    if (this.stopped) return;
    // forgetting an assumed pod frees its node like a pod deletion would
    if (this.cache.forgetPod(qp.info.uid)) this.queue.moveOnEvent({ kind: 'AssignedPodDelete' });
    const message = `running Bind plugin "DefaultBinder": ${errorText(e)}`;
    this.store.record({
      pod: qp.info.key,
      uid: qp.info.uid,
      attempt: qp.attempts,
      time: this.cfg.clock.now(),
      result: 'Error',
      node,
      message,
      nodesInCluster: this.cache.nodeList().length,
      filterPlugins: [],
      skippedPlugins: [],
      rejected: [],
      feasible: [],
      scorePlugins: [],
      scores: [],
      totals: [],
    });
    // an error is retried after the backoff, not parked as unschedulable
    this.handleFailure(qp, 'SchedulerError', message, new Set(), true);
  }

  /** handleSchedulingFailure: requeue unless the pod is gone or bound, then event and condition */
  private handleFailure(qp: QueuedPod, reason: UnscheduledReason, message: string, plugins: Set<string>, backoff: boolean): void {
    const live = this.live(qp.info);
    if (!live) return;
    const current = parsePod(live);
    if (current.nodeName) return;
    qp.info = current;
    if (backoff) this.queue.addBackoff(qp);
    else this.queue.addUnschedulable(qp, plugins);
    this.track(this.binder.failed(current, message));
    this.serialize(current.uid, async () => {
      const now = this.live(current);
      if (!now || ((now.spec ?? {}) as { nodeName?: string }).nodeName) return;
      await this.binder.markUnscheduled(now, reason, message);
    });
  }

  /** one pod's API writes in order: a status patch queued before a binding finishes first */
  private serialize(uid: string, write: () => Promise<void>): void {
    const prev = this.writes.get(uid) ?? Promise.resolve();
    const next: Promise<void> = prev
      .then(write)
      .catch((e: unknown) => {
        if (!(e instanceof ApiClientError && e.code === 404)) this.cfg.onError('pod write', e);
      })
      .finally(() => {
        if (this.writes.get(uid) === next) this.writes.delete(uid);
      });
    this.writes.set(uid, next);
    this.track(next);
  }

  private onNode(e: InformerEvent<KubeObject>): void {
    if (e.type === 'add') {
      this.cache.addNode(e.obj);
      this.queue.moveOnEvent({ kind: 'NodeAdd' });
    } else if (e.type === 'update') {
      const changes = this.cache.updateNode(e.old, e.obj);
      if (changes.length) this.queue.moveOnEvent({ kind: 'NodeUpdate', changes });
    } else {
      this.cache.removeNode(e.obj.metadata.name ?? '');
      this.queue.moveOnEvent({ kind: 'NodeDelete' });
    }
  }

  private onPod(e: InformerEvent<KubeObject>): void {
    if (e.type === 'delete') {
      this.podGone(e.obj.metadata.uid ?? '');
      return;
    }
    const info = parsePod(e.obj);
    // the scheduler's pod informer leaves out Succeeded and Failed pods: they hold no resources
    if (info.terminal) {
      this.podGone(info.uid);
      return;
    }
    if (info.nodeName) {
      this.queue.delete(info.uid);
      const known = this.cache.has(info.uid) && !this.cache.isAssumed(info.uid);
      const before = this.cache.podInfo(info.uid);
      this.cache.addPod(info);
      if (!known) this.queue.moveOnEvent({ kind: 'AssignedPodAdd' });
      else if (before && (json(before.labels) !== json(info.labels) || before.requests.milliCpu > info.requests.milliCpu || before.requests.memory > info.requests.memory)) {
        // only label changes and scale-downs can help a pending pod (UpdatePodLabel, UpdatePodScaleDown)
        this.queue.moveOnEvent({ kind: 'AssignedPodUpdate' });
      }
      return;
    }
    // a pod we assumed is waiting for its binding: its unbound updates are not news
    if (this.cache.isAssumed(info.uid)) return;
    if (info.schedulerName !== this.cfg.schedulerName || info.deleting) {
      this.queue.delete(info.uid);
      return;
    }
    if (e.type === 'add') this.queue.add(info);
    else this.queue.update(info, specChanged(e.old, e.obj));
  }

  private podGone(uid: string): void {
    this.queue.delete(uid);
    if (this.cache.removePod(uid)) this.queue.moveOnEvent({ kind: 'AssignedPodDelete' });
  }
}
