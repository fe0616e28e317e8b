// kube-controller-manager's taint-eviction-controller (pkg/controller/tainteviction, split
// out of the node lifecycle controller in 1.29): a pod bound to a node with a NoExecute
// taint it does not tolerate is deleted at once; one that tolerates it for
// tolerationSeconds is deleted when that runs out (the DefaultTolerationSeconds admission
// gives every pod 300 s for not-ready/unreachable: the seeds' "5 minutes"). Before the
// delete the pod gets the DisruptionTarget condition, and events say what happened.
import type { KubeObject } from '../../common/kube-types.js';
import type { ApiClient } from '../../common/client/api-client.js';
import { EventRecorder } from '../../common/client/event-recorder.js';
import { Informer, objectKey } from '../../common/client/informer.js';
import { WorkQueue } from '../../common/client/work-queue.js';
import type { ControllerClock } from './controller-support.js';
import { checkNumber, isNotFound, realClock, rfc3339, runWorker } from './controller-support.js';
import type { Taint } from './node-taints.js';
import { NODES, matchingTolerations, minTolerationMs, taintsOf, tolerationsOf } from './node-taints.js';

export const REASON_TAINT_MANAGER_EVICTION = 'TaintManagerEviction';

export interface TaintEvictionConfig {
  clock: ControllerClock;
  /** kube runs 8 update workers */
  workers: number;
  onError?: (key: string, e: unknown) => void;
}

export function taintEvictionConfig(c: Partial<TaintEvictionConfig> = {}): TaintEvictionConfig {
  const cfg = { clock: c.clock ?? realClock, workers: c.workers ?? 8, onError: c.onError };
  checkNumber('taint-eviction-controller', 'workers', cfg.workers, 1);
  return cfg;
}

const PODS = { group: '', version: 'v1', resource: 'pods' };

interface ScheduledEviction {
  createdAt: number;
  fireAt: number;
  cancel: () => void;
  /** the pod was deleted: the entry stays so the same eviction is not queued twice (TimedWorkerQueue) */
  done: boolean;
}

function nodeNameOf(pod: KubeObject | undefined): string {
  return (pod?.spec as { nodeName?: string } | undefined)?.nodeName ?? '';
}

function noExecuteTaints(node: KubeObject | undefined): Taint[] {
  return taintsOf(node).filter((t) => t.effect === 'NoExecute');
}

/** the reference kube puts on these events: the pod by name, without a uid */
function podRef(key: string): KubeObject {
  const [namespace, name] = key.split('/') as [string, string];
  return { apiVersion: 'v1', kind: 'Pod', metadata: { namespace, name } };
}

export class TaintEvictionController {
  readonly config: TaintEvictionConfig;
  private readonly queue = new WorkQueue({ baseDelayMs: 100, maxDelayMs: 30_000 });
  private readonly nodes: Informer;
  private readonly pods: Informer;
  private readonly recorder: EventRecorder;
  private readonly evictions = new Map<string, ScheduledEviction>();
  private stopped = false;

  constructor(
    private readonly client: ApiClient,
    config: Partial<TaintEvictionConfig> = {},
  ) {
    this.config = taintEvictionConfig(config);
    this.recorder = new EventRecorder(client, { component: 'taint-eviction-controller' }, this.config.clock);
    this.nodes = new Informer(client, NODES);
    this.pods = new Informer(client, PODS);
    // NodeUpdated: only a change of NoExecute taints matters
    this.nodes.on((e) => {
      if (e.type === 'update' && JSON.stringify(noExecuteTaints(e.old)) === JSON.stringify(noExecuteTaints(e.obj))) return;
      this.queue.add(`node:${e.obj.metadata.name ?? ''}`);
    });
    // PodUpdated: only a change of node or tolerations matters
    this.pods.on((e) => {
      if (e.type === 'update' && nodeNameOf(e.old) === nodeNameOf(e.obj) && JSON.stringify(tolerationsOf(e.old)) === JSON.stringify(tolerationsOf(e.obj))) return;
      this.queue.add(`pod:${objectKey(e.obj)}`);
    });
  }

  start(): void {
    this.nodes.start();
    this.pods.start();
    for (let i = 0; i < this.config.workers; i++) void runWorker(this.queue, (k) => this.reconcile(k), this.config.onError);
  }

  stop(): void {
    this.stopped = true;
    this.nodes.stop();
    this.pods.stop();
    this.queue.shutdown();
    for (const e of this.evictions.values()) e.cancel();
    this.evictions.clear();
  }

  async hasSynced(): Promise<void> {
    await Promise.all([this.nodes.hasSynced(), this.pods.hasSynced()]);
  }

  /** keys are `node:<name>` (handleNodeUpdate) or `pod:<namespace>/<name>` (handlePodUpdate) */
  reconcile(key: string): Promise<void> {
    this.sync(key);
    return Promise.resolve();
  }

  private sync(key: string): void {
    const now = this.config.clock.now();
    if (key.startsWith('node:')) {
      const name = key.slice(5);
      const taints = noExecuteTaints(this.nodes.get(name));
      const pods = this.pods.list().filter((p) => nodeNameOf(p) === name);
      for (const pod of pods) this.processPodOnNode(objectKey(pod), pod, taints, now);
      return;
    }
    const podKey = key.slice(4);
    const pod = this.pods.get(podKey);
    if (!pod) {
      this.cancelWithEvent(podKey);
      return;
    }
    const node = nodeNameOf(pod);
    if (!node) return;
    const taints = noExecuteTaints(this.nodes.get(node));
    // a node without NoExecute taints was already handled by its own update (kube's taintedNodes)
    if (taints.length === 0) return;
    this.processPodOnNode(podKey, pod, taints, now);
  }

  private processPodOnNode(podKey: string, pod: KubeObject, taints: Taint[], now: number): void {
    if (taints.length === 0) {
      this.cancelWithEvent(podKey);
      return;
    }
    const { allTolerated, used } = matchingTolerations(taints, tolerationsOf(pod));
    if (!allTolerated) {
      // an untolerated NoExecute taint: delete right away
      this.cancelWithEvent(podKey);
      this.addEviction(podKey, now, now);
      return;
    }
    const min = minTolerationMs(used);
    if (min < 0) {
      this.cancelWithEvent(podKey);
      return;
    }
    let startTime = now;
    const triggerTime = now + min;
    const scheduled = this.evictions.get(podKey);
    if (scheduled && !scheduled.done) {
      startTime = scheduled.createdAt;
      // an eviction already due sooner stays as it is
      if (startTime + min < triggerTime) return;
      this.cancelWithEvent(podKey);
    }
    this.addEviction(podKey, startTime, triggerTime);
  }

  private addEviction(podKey: string, createdAt: number, fireAt: number): void {
    if (this.stopped || this.evictions.has(podKey)) return;
    const entry: ScheduledEviction = { createdAt, fireAt, cancel: () => undefined, done: false };
    this.evictions.set(podKey, entry);
    entry.cancel = this.config.clock.afterFunc(fireAt - this.config.clock.now(), () => {
      void this.evict(podKey).then(
        () => {
          entry.done = true;
        },
        (e: unknown) => {
          // a failed eviction is forgotten and the pod looked at again, with backoff
          if (this.evictions.get(podKey) === entry) this.evictions.delete(podKey);
          this.config.onError?.(`pod:${podKey}`, e);
          this.queue.addRateLimited(`pod:${podKey}`);
        },
      );
    });
  }

  /** cancelWorkWithEvent: kube reports a cancel for any eviction it knew of, done ones included */
  private cancelWithEvent(podKey: string): void {
    const entry = this.evictions.get(podKey);
    if (!entry) return;
    entry.cancel();
    this.evictions.delete(podKey);
    this.recorder.event(podRef(podKey), 'Normal', REASON_TAINT_MANAGER_EVICTION, `Cancelling deletion of Pod ${podKey}`);
  }

  /** deletePodHandler + addConditionAndDeletePod */
  private async evict(podKey: string): Promise<void> {
    if (this.stopped) return;
    this.recorder.event(podRef(podKey), 'Normal', REASON_TAINT_MANAGER_EVICTION, `Marking for deletion Pod ${podKey}`);
    const [namespace, name] = podKey.split('/') as [string, string];
    const path = { ...PODS, namespace };
    try {
      const pod = await this.client.get(path, name);
      const conditions = (pod.status as { conditions?: { type: string; status: string; reason?: string }[] } | undefined)?.conditions ?? [];
      const has = conditions.find((c) => c.type === 'DisruptionTarget');
      if (!(has?.status === 'True' && has.reason === 'DeletionByTaintManager')) {
        const condition = {
          type: 'DisruptionTarget',
          status: 'True',
          reason: 'DeletionByTaintManager',
          message: 'Taint manager: deleting due to NoExecute taint',
          lastProbeTime: null,
          lastTransitionTime: rfc3339(this.config.clock.now()),
        };
        await this.client.patch(path, name, { metadata: { uid: pod.metadata.uid }, status: { conditions: [condition] } }, 'strategic', 'status');
      }
      await this.client.delete(path, name, { preconditions: { uid: pod.metadata.uid } });
    } catch (e) {
      // already gone: nothing left to evict
      if (!isNotFound(e)) throw e;
    }
  }
}
