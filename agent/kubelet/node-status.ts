// Node registration, node status and the node Lease, as the kubelet does them
// (kubelet_node_status.go, nodelease): the Node is created (or taken over) at start,
// its status is posted every nodeStatusUpdateFrequency (10 s) and whenever a condition
// changes, and the Lease in kube-node-lease is renewed every 10 s (a quarter of its
// 40 s duration), which is the heartbeat the node lifecycle controller watches.
import type { ApiClient } from '../../main/common/client/api-client.js';
import { ApiClientError } from '../../main/common/client/api-client.js';
import type { KubeObject } from '../../main/common/kube-types.js';
import type { AgentConfig } from '../config.js';
import type { CriClient } from '../cri/cri-client.js';
import { capacity, goArch, nodeImages, systemInfo } from './node-info.js';
import type { NodeSystemInfo } from './node-info.js';

const NODES = { group: '', version: 'v1', resource: 'nodes' };
const LEASES = { group: 'coordination.k8s.io', version: 'v1', resource: 'leases', namespace: 'kube-node-lease' };

export interface NodeCondition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  lastHeartbeatTime?: string;
  lastTransitionTime?: string;
  reason: string;
  message: string;
}

export interface NodeObject extends KubeObject {
  spec?: { podCIDR?: string; podCIDRs?: string[]; unschedulable?: boolean; taints?: unknown[] };
  status?: { conditions?: NodeCondition[]; addresses?: { type: string; address: string }[]; [field: string]: unknown };
}

/** what the rest of the agent tells the status loop about the node's health */
export interface NodeHealth {
  /** CRI Status: RuntimeReady / NetworkReady with the runtime's reasons */
  runtimeError?: string;
  networkError?: string;
  /** the node network (pod CIDR routes) is set up */
  routesReady: boolean;
}

const now = (): string => new Date().toISOString().replace(/\.\d+Z$/, 'Z');
const microTime = (): string => new Date().toISOString().replace(/Z$/, '000Z');

export class NodeStatusManager {
  private info: NodeSystemInfo | undefined;
  private node: NodeObject | undefined;
  private statusTimer: NodeJS.Timeout | undefined;
  private leaseTimer: NodeJS.Timeout | undefined;
  private stopped = false;
  private readonly listeners: ((node: NodeObject) => void)[] = [];

  constructor(
    private readonly client: ApiClient,
    private readonly cri: CriClient,
    private readonly cfg: AgentConfig,
    private readonly health: () => Promise<NodeHealth>,
    private readonly log: (line: string) => void,
  ) {}

  /** the Node as last written (spec.podCIDR comes from the control plane's node IPAM) */
  current(): NodeObject | undefined {
    return this.node;
  }

  onNode(fn: (node: NodeObject) => void): void {
    this.listeners.push(fn);
  }

  async start(): Promise<void> {
    this.info = await systemInfo(this.cri, this.cfg.rootDir);
    await this.register();
    await this.updateStatus();
    await this.renewLease();
    const loop = (fn: () => Promise<void>, ms: number, set: (t: NodeJS.Timeout) => void): void => {
      const tick = (): void => {
        if (this.stopped) return;
        void fn()
          .catch((e: unknown) => this.log(`node status: ${e instanceof Error ? e.message : String(e)}`))
          .finally(() => !this.stopped && set(setTimeout(tick, ms)));
      };
      set(setTimeout(tick, ms));
    };
    loop(() => this.updateStatus(), this.cfg.nodeStatusUpdateFrequencyMs, (t) => (this.statusTimer = t));
    loop(() => this.renewLease(), Math.max(1000, (this.cfg.nodeLeaseDurationSeconds * 1000) / 4), (t) => (this.leaseTimer = t));
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.statusTimer);
    clearTimeout(this.leaseTimer);
  }

  private labels(): Record<string, string> {
    const a = goArch();
    return {
      'beta.kubernetes.io/arch': a,
      'beta.kubernetes.io/os': 'linux',
      'kubernetes.io/arch': a,
      'kubernetes.io/hostname': this.cfg.nodeName,
      'kubernetes.io/os': 'linux',
      ...this.cfg.labels,
    };
  }

  /** registerWithAPIServer: create the Node, or take over the one with our name */
  private async register(): Promise<void> {
    const body: NodeObject = {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: {
        name: this.cfg.nodeName,
        labels: this.labels(),
        annotations: { 'node.alpha.kubernetes.io/ttl': '0', 'volumes.kubernetes.io/controller-managed-attach-detach': 'true' },
      },
      spec: {},
    };
    try {
      this.node = await this.client.create<NodeObject>(NODES, body);
      this.log(`registered node ${this.cfg.nodeName}`);
    } catch (e) {
      if (!(e instanceof ApiClientError) || e.code !== 409) throw e;
      this.node = await this.client.patch<NodeObject>(NODES, this.cfg.nodeName, { metadata: { labels: this.labels() } }, 'merge');
      this.log(`node ${this.cfg.nodeName} already registered; taking it over`);
    }
    this.emit();
  }

  private emit(): void {
    if (this.node) for (const fn of this.listeners) fn(this.node);
  }

  private conditions(previous: NodeCondition[] | undefined, h: NodeHealth): NodeCondition[] {
    const heartbeat = now();
    const readyProblems = [h.runtimeError && `container runtime is down: ${h.runtimeError}`, h.networkError && `container runtime network not ready: ${h.networkError}`].filter(Boolean);
    const wanted: Omit<NodeCondition, 'lastHeartbeatTime' | 'lastTransitionTime'>[] = [
      { type: 'NetworkUnavailable', status: h.routesReady ? 'False' : 'True', reason: h.routesReady ? 'RouteCreated' : 'NoRouteCreated', message: h.routesReady ? 'k8s-lab agent routes pod CIDRs between nodes' : 'the pod network of this node is not set up yet' },
      { type: 'MemoryPressure', status: 'False', reason: 'KubeletHasSufficientMemory', message: 'kubelet has sufficient memory available' },
      { type: 'DiskPressure', status: 'False', reason: 'KubeletHasNoDiskPressure', message: 'kubelet has no disk pressure' },
      { type: 'PIDPressure', status: 'False', reason: 'KubeletHasSufficientPID', message: 'kubelet has sufficient PID available' },
      readyProblems.length === 0
        ? { type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status' }
        : { type: 'Ready', status: 'False', reason: 'KubeletNotReady', message: readyProblems.join(', ') },
    ];
    return wanted.map((c) => {
      const old = previous?.find((p) => p.type === c.type);
      return { ...c, lastHeartbeatTime: heartbeat, lastTransitionTime: old && old.status === c.status && old.lastTransitionTime ? old.lastTransitionTime : heartbeat };
    });
  }

  /** tryUpdateNodeStatus: read the Node, set every status field, write it back (retry on conflict) */
  async updateStatus(): Promise<void> {
    const h = await this.health();
    const images = await nodeImages(this.cri).catch(() => []);
    const { capacity: cap, allocatable } = capacity(this.cfg.rootDir, this.cfg.maxPods);
    for (let attempt = 0; ; attempt++) {
      const node = await this.client.get<NodeObject>(NODES, this.cfg.nodeName).catch(async (e: unknown) => {
        // the Node was deleted under us (kubectl delete node): register again, as the kubelet does
        if (e instanceof ApiClientError && e.code === 404) {
          await this.register();
          return this.client.get<NodeObject>(NODES, this.cfg.nodeName);
        }
        throw e;
      });
      node.status = {
        ...node.status,
        capacity: cap,
        allocatable,
        conditions: this.conditions(node.status?.conditions, h),
        addresses: [
          { type: 'InternalIP', address: this.cfg.nodeIP },
          { type: 'Hostname', address: this.cfg.nodeName },
        ],
        daemonEndpoints: { kubeletEndpoint: { Port: this.cfg.kubeletPort } },
        nodeInfo: this.info,
        images,
      };
      try {
        this.node = await this.client.update<NodeObject>(NODES, node, 'status');
        this.emit();
        return;
      } catch (e) {
        if (!(e instanceof ApiClientError) || e.code !== 409 || attempt >= 5) throw e;
      }
    }
  }

  private async renewLease(): Promise<void> {
    const spec = { holderIdentity: this.cfg.nodeName, leaseDurationSeconds: this.cfg.nodeLeaseDurationSeconds, renewTime: microTime() };
    try {
      const lease = await this.client.get(LEASES, this.cfg.nodeName);
      await this.client.update(LEASES, { ...lease, spec: { ...(lease.spec as object), ...spec } });
    } catch (e) {
      if (!(e instanceof ApiClientError) || e.code !== 404) throw e;
      const ownerReferences = this.node?.metadata.uid ? [{ apiVersion: 'v1', kind: 'Node', name: this.cfg.nodeName, uid: this.node.metadata.uid }] : [];
      await this.client.create(LEASES, { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name: this.cfg.nodeName, namespace: 'kube-node-lease', ownerReferences }, spec });
    }
  }
}
