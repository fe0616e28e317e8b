// kube-controller-manager's nodeipam controller with --allocate-node-cidrs and the
// RangeAllocator (pkg/controller/nodeipam/ipam/range_allocator.go, 1.32): every node
// without spec.podCIDR gets the lowest free /24 (--node-cidr-mask-size) of
// --cluster-cidr. The node's agent builds its CNI config from it, and the node network
// routes each node's pod CIDR to that node.
import type { ApiClient } from '../../common/client/api-client.js';
import { EventRecorder } from '../../common/client/event-recorder.js';
import { Cidr } from '../../common/cidr.js';
import { Informer } from '../../common/client/informer.js';
import { WorkQueue } from '../../common/client/work-queue.js';
import type { KubeObject } from '../../common/kube-types.js';
import { isApiError, runWorker } from './controller-support.js';

export interface NodeIpamConfig {
  /** --cluster-cidr (kubeadm's podSubnet; flannel's 10.244.0.0/16 is what most labs use) */
  clusterCidr: string;
  /** --node-cidr-mask-size (24 for IPv4) */
  nodeCidrMaskSize: number;
  onError?: (key: string, e: unknown) => void;
}

const NODES = { group: '', version: 'v1', resource: 'nodes' };

interface NodeSpec {
  podCIDR?: string;
  podCIDRs?: string[];
}

export class NodeIpamController {
  private readonly nodes: Informer;
  private readonly queue = new WorkQueue({ baseDelayMs: 100, maxDelayMs: 30_000 });
  private readonly range: Cidr;
  private readonly events: EventRecorder;

  constructor(
    private readonly client: ApiClient,
    private readonly config: NodeIpamConfig,
  ) {
    this.range = new Cidr(config.clusterCidr);
    if (config.nodeCidrMaskSize < this.range.prefix || config.nodeCidrMaskSize > 30) {
      throw new Error(`node-ipam-controller: --node-cidr-mask-size ${config.nodeCidrMaskSize} does not fit --cluster-cidr ${config.clusterCidr}`);
    }
    this.nodes = new Informer(client, NODES);
    this.events = new EventRecorder(client, { component: 'cidrAllocator' });
    this.nodes.on((e) => {
      if (e.type !== 'delete' && !this.specOf(e.obj).podCIDR) this.queue.add(e.obj.metadata.name ?? '');
    });
  }

  start(): void {
    this.nodes.start();
    void this.nodes.hasSynced().then(() => runWorker(this.queue, (k) => this.reconcile(k), this.config.onError));
  }

  stop(): void {
    this.nodes.stop();
    this.queue.shutdown();
  }

  private specOf(node: KubeObject): NodeSpec {
    return (node as { spec?: NodeSpec }).spec ?? {};
  }

  /** AllocateOrOccupyCIDR: the lowest /mask not held by another node */
  async reconcile(name: string): Promise<void> {
    const node = this.nodes.get(name);
    if (!node || this.specOf(node).podCIDR) return;
    const used = new Set(this.nodes.list().flatMap((n) => this.specOf(n).podCIDRs ?? [this.specOf(n).podCIDR ?? '']));
    let cidr: string | undefined;
    for (let i = 0; ; i++) {
      const candidate = this.range.subnet(this.config.nodeCidrMaskSize, i);
      if (candidate === undefined || !used.has(candidate)) {
        cidr = candidate;
        break;
      }
    }
    if (!cidr) {
      this.events.event(node, 'Normal', 'CIDRNotAvailable', `Node ${name} status is now: CIDRNotAvailable`);
      return;
    }
    try {
      await this.client.patch(NODES, name, { spec: { podCIDR: cidr, podCIDRs: [cidr] } }, 'merge');
    } catch (e) {
      if (!isApiError(e, 404)) throw e;
    }
  }
}
