// kube-controller-manager's node-lifecycle-controller (pkg/controller/nodelifecycle, 1.32):
// every node-monitor-period it looks at each Node and its Lease in kube-node-lease; a node
// silent for node-monitor-grace-period gets Ready (and the pressure conditions) set to
// Unknown, "Kubelet stopped posting node status.", and the node.kubernetes.io/unreachable
// taints (not-ready when the kubelet itself reports Ready=False). The NoExecute taint is
// what the taint-eviction controller acts on; the NoSchedule ones keep the scheduler away.
// Pods on the node are marked not ready so Services stop sending them traffic.
import type { KubeObject } from '../../common/kube-types.js';
import type { ApiClient } from '../../common/client/api-client.js';
import { EventRecorder } from '../../common/client/event-recorder.js';
import { Informer } from '../../common/client/informer.js';
import { WorkQueue } from '../../common/client/work-queue.js';
import type { ControllerClock } from './controller-support.js';
import { checkNumber, isNotFound, realClock, rfc3339, runWorker, withKind } from './controller-support.js';
import type { NodeCondition, NodeHealth } from './node-health.js';
import { conditionsOf, evaluateNodeHealth, readyCondition } from './node-health.js';
import type { Taint } from './node-taints.js';
import {
  NODES,
  TAINT_DISK_PRESSURE,
  TAINT_MEMORY_PRESSURE,
  TAINT_NETWORK_UNAVAILABLE,
  TAINT_NOT_READY,
  TAINT_PID_PRESSURE,
  TAINT_UNREACHABLE,
  TAINT_UNSCHEDULABLE,
  swapNodeTaints,
  taintsOf,
} from './node-taints.js';

// event reasons (pkg/controller/nodelifecycle, pkg/controller/util/node)
export const REASON_REGISTERED_NODE = 'RegisteredNode';
export const REASON_REMOVING_NODE = 'RemovingNode';
export const REASON_NODE_NOT_READY = 'NodeNotReady';

export interface NodeLifecycleConfig {
  clock: ControllerClock;
  /** --node-monitor-period: how often every node is looked at (5 s) */
  nodeMonitorPeriodMs: number;
  /** --node-monitor-grace-period: silence before Ready becomes Unknown (50 s since 1.32; 40 s before, as the seeds say) */
  nodeMonitorGracePeriodMs: number;
  /** --node-startup-grace-period: for a node whose kubelet never posted status (60 s) */
  nodeStartupGracePeriodMs: number;
  /** nodeUpdateWorkerSize in kube (8) */
  workers: number;
  onError?: (key: string, e: unknown) => void;
}

export function nodeLifecycleConfig(c: Partial<NodeLifecycleConfig> = {}): NodeLifecycleConfig {
  const cfg: NodeLifecycleConfig = {
    clock: c.clock ?? realClock,
    nodeMonitorPeriodMs: c.nodeMonitorPeriodMs ?? 5_000,
    nodeMonitorGracePeriodMs: c.nodeMonitorGracePeriodMs ?? 50_000,
    nodeStartupGracePeriodMs: c.nodeStartupGracePeriodMs ?? 60_000,
    workers: c.workers ?? 8,
    onError: c.onError,
  };
  const name = 'node-lifecycle-controller';
  checkNumber(name, 'nodeMonitorPeriodMs', cfg.nodeMonitorPeriodMs, 1);
  checkNumber(name, 'nodeMonitorGracePeriodMs', cfg.nodeMonitorGracePeriodMs, 1);
  checkNumber(name, 'nodeStartupGracePeriodMs', cfg.nodeStartupGracePeriodMs, 1);
  checkNumber(name, 'workers', cfg.workers, 1);
  return cfg;
}

const LEASES = { group: 'coordination.k8s.io', version: 'v1', resource: 'leases', namespace: 'kube-node-lease' };
const PODS = { group: '', version: 'v1', resource: 'pods' };

// nodeConditionToTaintKeyStatusMap: the NoSchedule taint each condition value calls for
const CONDITION_TAINTS: Record<string, Partial<Record<NodeCondition['status'], string>>> = {
  Ready: { False: TAINT_NOT_READY, Unknown: TAINT_UNREACHABLE },
  MemoryPressure: { True: TAINT_MEMORY_PRESSURE },
  DiskPressure: { True: TAINT_DISK_PRESSURE },
  NetworkUnavailable: { True: TAINT_NETWORK_UNAVAILABLE },
  PIDPressure: { True: TAINT_PID_PRESSURE },
};
const CONDITION_TAINT_KEYS = new Set([TAINT_NOT_READY, TAINT_UNREACHABLE, TAINT_MEMORY_PRESSURE, TAINT_DISK_PRESSURE, TAINT_NETWORK_UNAVAILABLE, TAINT_PID_PRESSURE, TAINT_UNSCHEDULABLE]);

/** doNodeProcessingPassWorker's taintNodeByCondition: the NoSchedule taints the conditions and spec.unschedulable ask for */
export function conditionTaints(node: KubeObject): Taint[] {
  const out: Taint[] = [];
  for (const c of conditionsOf(node)) {
    const key = CONDITION_TAINTS[c.type]?.[c.status];
    if (key) out.push({ key, effect: 'NoSchedule' });
  }
  if ((node.spec as { unschedulable?: boolean } | undefined)?.unschedulable) out.push({ key: TAINT_UNSCHEDULABLE, effect: 'NoSchedule' });
  return out;
}

/** processTaintBaseEviction: the NoExecute taint the Ready condition asks for, and the one it excludes */
function noExecuteTaints(ready: NodeCondition['status']): { add: Taint[]; remove: Taint[] } {
  const notReady: Taint = { key: TAINT_NOT_READY, effect: 'NoExecute' };
  const unreachable: Taint = { key: TAINT_UNREACHABLE, effect: 'NoExecute' };
  if (ready === 'False') return { add: [notReady], remove: [unreachable] };
  if (ready === 'Unknown') return { add: [unreachable], remove: [notReady] };
  return { add: [], remove: [notReady, unreachable] };
}

export class NodeLifecycleController {
  readonly config: NodeLifecycleConfig;
  private readonly queue = new WorkQueue({ baseDelayMs: 100, maxDelayMs: 10_000 });
  private readonly nodes: Informer;
  private readonly leases: Informer;
  private readonly pods: Informer;
  private readonly recorder: EventRecorder;
  private readonly health = new Map<string, NodeHealth>();
  private readonly known = new Set<string>();
  private cancelTick: (() => void) | undefined;
  private stopped = false;

  constructor(
    private readonly client: ApiClient,
    config: Partial<NodeLifecycleConfig> = {},
  ) {
    this.config = nodeLifecycleConfig(config);
    this.recorder = new EventRecorder(client, { component: 'node-controller' }, this.config.clock);
    this.nodes = new Informer(client, NODES);
    this.leases = new Informer(client, LEASES);
    this.pods = new Informer(client, PODS);
    this.nodes.on((e) => {
      const name = e.obj.metadata.name ?? '';
      if (e.type === 'delete') this.nodeRemoved(e.obj);
      else this.queue.add(name);
    });
    this.leases.on((e) => this.queue.add(e.obj.metadata.name ?? ''));
    // a pod landing on a node that is not ready is marked not ready too (processPod)
    this.pods.on((e) => {
      const node = (e.obj.spec as { nodeName?: string } | undefined)?.nodeName;
      if (e.type !== 'delete' && node && readyCondition(this.nodes.get(node))?.status !== 'True') this.queue.add(node);
    });
  }

  start(): void {
    this.nodes.start();
    this.leases.start();
    this.pods.start();
    for (let i = 0; i < this.config.workers; i++) void runWorker(this.queue, (k) => this.reconcile(k), this.config.onError);
    void this.hasSynced().then(() => this.tick());
  }

  stop(): void {
    this.stopped = true;
    this.cancelTick?.();
    this.nodes.stop();
    this.leases.stop();
    this.pods.stop();
    this.queue.shutdown();
  }

  async hasSynced(): Promise<void> {
    await Promise.all([this.nodes.hasSynced(), this.leases.hasSynced(), this.pods.hasSynced()]);
  }

  /** monitorNodeHealth's period: every node is looked at again, so silence is noticed */
  private tick(): void {
    if (this.stopped) return;
    for (const node of this.nodes.list()) this.queue.add(node.metadata.name ?? '');
    this.cancelTick = this.config.clock.afterFunc(this.config.nodeMonitorPeriodMs, () => this.tick());
  }

  private nodeRemoved(node: KubeObject): void {
    const name = node.metadata.name ?? '';
    this.health.delete(name);
    if (this.known.delete(name)) this.nodeEvent(node, REASON_REMOVING_NODE, `Removing Node ${name} from Controller`);
  }

  /** RecordNodeEvent: "Node <name> event: <what>" on the Node, from node-controller */
  private nodeEvent(node: KubeObject, reason: string, what: string): void {
    this.recorder.event(withKind(node, 'v1', 'Node'), 'Normal', reason, `Node ${node.metadata.name ?? ''} event: ${what}`);
  }

  /** one pass of monitorNodeHealth for one node */
  async reconcile(name: string): Promise<void> {
    let node = this.nodes.get(name);
    if (!node) return;
    if (!this.known.has(name)) {
      this.known.add(name);
      this.nodeEvent(node, REASON_REGISTERED_NODE, `Registered Node ${name} in Controller`);
    }
    const now = this.config.clock.now();
    const verdict = evaluateNodeHealth(node, this.leases.get(`kube-node-lease/${name}`), this.health.get(name), now, this.config);
    this.health.set(name, verdict.health);
    if (verdict.update) {
      node = await this.client.update(NODES, verdict.update, 'status');
      this.health.set(name, { ...verdict.health, ready: readyCondition(node), readyTransitionTimestamp: now });
    }
    const current = readyCondition(node);
    if (current && current.status !== 'True') {
      // RecordNodeStatusChange once, on the transition this controller made or first saw
      if (verdict.observedReady.status === 'True' && verdict.hasReady) {
        this.recorder.event(withKind(node, 'v1', 'Node'), 'Normal', REASON_NODE_NOT_READY, `Node ${name} status is now: NodeNotReady`);
      }
      await this.markPodsNotReady(name, now);
    }
    await this.reconcileTaints(node, verdict.hasReady ? verdict.observedReady.status : undefined, now);
  }

  /** the NoExecute taint from the Ready condition seen before this pass, and the NoSchedule taints from the conditions now */
  private async reconcileTaints(node: KubeObject, observed: NodeCondition['status'] | undefined, now: number): Promise<void> {
    const wanted = conditionTaints(node);
    const have = taintsOf(node).filter((t) => t.effect === 'NoSchedule' && CONDITION_TAINT_KEYS.has(t.key));
    const add = wanted.filter((w) => !have.some((h) => h.key === w.key));
    const remove = have.filter((h) => !wanted.some((w) => w.key === h.key));
    if (observed !== undefined) {
      const ne = noExecuteTaints(observed);
      add.push(...ne.add);
      remove.push(...ne.remove);
    }
    await swapNodeTaints(this.client, node, add, remove, now);
  }

  /** controllerutil.MarkPodsNotReady: Ready=False on every pod of the node, with a warning event on each */
  private async markPodsNotReady(nodeName: string, now: number): Promise<void> {
    for (const pod of this.pods.list()) {
      if ((pod.spec as { nodeName?: string } | undefined)?.nodeName !== nodeName) continue;
      const conditions = (pod.status as { conditions?: { type: string; status: string }[] } | undefined)?.conditions ?? [];
      const ready = conditions.find((c) => c.type === 'Ready');
      if (!ready || ready.status === 'False') continue;
      const path = { ...PODS, namespace: pod.metadata.namespace };
      const patch = { metadata: { uid: pod.metadata.uid }, status: { conditions: [{ type: 'Ready', status: 'False', lastTransitionTime: rfc3339(now) }] } };
      try {
        await this.client.patch(path, pod.metadata.name ?? '', patch, 'strategic', 'status');
      } catch (e) {
        // a pod deleted meanwhile needs nothing; anything else retries the node
        if (!isNotFound(e)) throw e;
        continue;
      }
      this.recorder.event(withKind(pod, 'v1', 'Pod'), 'Warning', REASON_NODE_NOT_READY, 'Node is not ready');
    }
  }
}
