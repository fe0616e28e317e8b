// The scheduler cache (pkg/scheduler/backend/cache): nodes and the pods on them, fed by
// the informers, plus "assumed" pods the scheduler has placed but the API has not yet
// confirmed. Assuming is synchronous, so a burst of pods never overcommits a node while
// bindings are in flight and the watch has not caught up.
import type { KubeObject } from '../../common/kube-types.js';
import { NodeInfo } from './node-info.js';
import type { PodInfo } from './pod-info.js';

export type NodeChange = 'labels' | 'taints' | 'unschedulable' | 'allocatable' | 'ready';

interface PodState {
  info: PodInfo;
  node: string;
  assumed: boolean;
  bindingFinished: boolean;
}

function json(v: unknown): string {
  return JSON.stringify(v ?? null);
}

export class SchedulerCache {
  private readonly infos = new Map<string, NodeInfo>();
  private list: NodeInfo[] = [];
  private readonly podStates = new Map<string, PodState>();
  /** pods with any pod (anti-)affinity, and with required anti-affinity: most clusters have none, and then the InterPodAffinity plugins skip their scans */
  podsWithAffinity = 0;
  podsWithRequiredAntiAffinity = 0;

  /** nodes that exist, in a stable order (the snapshot's node list) */
  nodeList(): readonly NodeInfo[] {
    return this.list;
  }

  node(name: string): NodeInfo | undefined {
    const n = this.infos.get(name);
    return n?.node ? n : undefined;
  }

  private infoFor(name: string): NodeInfo {
    let n = this.infos.get(name);
    if (!n) this.infos.set(name, (n = new NodeInfo(name)));
    return n;
  }

  private rebuildList(): void {
    this.list = [...this.infos.values()].filter((n) => n.node !== null);
  }

  addNode(obj: KubeObject): NodeInfo {
    const n = this.infoFor(obj.metadata.name ?? '');
    const isNew = n.node === null;
    n.setNode(obj);
    if (isNew) this.rebuildList();
    return n;
  }

  /** what changed that scheduling cares about (nodeSchedulingPropertiesChange); heartbeats are not changes */
  updateNode(old: KubeObject, obj: KubeObject): NodeChange[] {
    const info = this.infos.get(obj.metadata.name ?? '');
    const wasReady = info?.node ? info.ready : false;
    const n = this.addNode(obj);
    const changes: NodeChange[] = [];
    const spec = (o: KubeObject): Record<string, unknown> => (o.spec ?? {}) as Record<string, unknown>;
    const status = (o: KubeObject): Record<string, unknown> => (o.status ?? {}) as Record<string, unknown>;
    if (json(old.metadata.labels) !== json(obj.metadata.labels)) changes.push('labels');
    if (json(spec(old).taints) !== json(spec(obj).taints)) changes.push('taints');
    if (Boolean(spec(old).unschedulable) !== Boolean(spec(obj).unschedulable)) changes.push('unschedulable');
    if (json(status(old).allocatable) !== json(status(obj).allocatable)) changes.push('allocatable');
    if (wasReady !== n.ready) changes.push('ready');
    return changes;
  }

  removeNode(name: string): void {
    const n = this.infos.get(name);
    if (!n) return;
    // pods still bound to a deleted node keep a placeholder until they go (kube's "imaginary" node)
    if (n.pods.size === 0) this.infos.delete(name);
    else n.clearNode();
    this.rebuildList();
  }

  has(uid: string): boolean {
    return this.podStates.has(uid);
  }

  isAssumed(uid: string): boolean {
    return this.podStates.get(uid)?.assumed === true;
  }

  podCount(): number {
    return this.podStates.size;
  }

  private place(info: PodInfo, node: string): void {
    this.infoFor(node).addPod(info);
    this.countAffinity(info, 1);
  }

  private unplace(uid: string, node: string): void {
    const n = this.infos.get(node);
    if (!n) return;
    const removed = n.removePod(uid);
    if (removed) this.countAffinity(removed, -1);
    if (n.node === null && n.pods.size === 0) this.infos.delete(node);
  }

  private countAffinity(info: PodInfo, sign: 1 | -1): void {
    if (info.hasAffinity) this.podsWithAffinity += sign;
    if (info.requiredAntiAffinity.length) this.podsWithRequiredAntiAffinity += sign;
  }

  /** AssumePod: the pod counts on the node from now on, before the API has it bound */
  assumePod(info: PodInfo, node: string): void {
    if (this.podStates.has(info.uid)) this.removePod(info.uid);
    this.podStates.set(info.uid, { info, node, assumed: true, bindingFinished: false });
    this.place(info, node);
  }

  finishBinding(uid: string): void {
    const s = this.podStates.get(uid);
    if (s?.assumed) s.bindingFinished = true;
  }

  /** ForgetPod: binding failed; only an assumed pod is forgotten */
  forgetPod(uid: string): boolean {
    const s = this.podStates.get(uid);
    if (!s?.assumed) return false;
    this.removePod(uid);
    return true;
  }

  /** a bound pod seen by the informer; confirms an assumed one (moving it if bound elsewhere) */
  addPod(info: PodInfo): void {
    const s = this.podStates.get(info.uid);
    if (s) this.unplace(info.uid, s.node);
    this.podStates.set(info.uid, { info, node: info.nodeName, assumed: false, bindingFinished: true });
    this.place(info, info.nodeName);
  }

  removePod(uid: string): PodInfo | undefined {
    const s = this.podStates.get(uid);
    if (!s) return undefined;
    this.podStates.delete(uid);
    this.unplace(uid, s.node);
    return s.info;
  }

  podInfo(uid: string): PodInfo | undefined {
    return this.podStates.get(uid)?.info;
  }
}
