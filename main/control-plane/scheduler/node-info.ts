// framework.NodeInfo: a node with the pods the scheduler has placed on it (bound or
// assumed) and incrementally maintained totals, so a filter is a few comparisons.
import type { KubeObject } from '../../common/kube-types.js';
import type { HostPort, PodInfo } from './pod-info.js';
import type { Resources } from './resources.js';
import { allocatableOf, emptyResources } from './resources.js';
import type { NodeSpecShape, NodeStatusShape, Taint } from './types.js';
import { TAINT_NOT_READY, TAINT_UNREACHABLE } from './types.js';

function portKey(protocol: string, port: number): string {
  return `${protocol}/${port}`;
}

function addTo(r: Resources, o: Resources, sign: 1 | -1): void {
  r.milliCpu += sign * o.milliCpu;
  r.memory += sign * o.memory;
  r.ephemeralStorage += sign * o.ephemeralStorage;
  if (o.scalar) {
    r.scalar ??= new Map();
    for (const [k, v] of o.scalar) r.scalar.set(k, (r.scalar.get(k) ?? 0) + sign * v);
  }
}

/**
 * A node that is not Ready carries, in a real cluster, the lifecycle controller's
 * not-ready/unreachable NoSchedule taint (TaintNodesByCondition); the scheduler only looks
 * at taints. Until that controller has caught up, the taint is implied here so a node
 * that is not Ready is filtered the same way, with the same message.
 */
function impliedTaint(status: NodeStatusShape, taints: readonly Taint[]): Taint | undefined {
  const ready = (status.conditions ?? []).find((c) => c.type === 'Ready');
  if (ready?.status === 'True') return undefined;
  const key = ready?.status === 'Unknown' ? TAINT_UNREACHABLE : TAINT_NOT_READY;
  if (taints.some((t) => (t.key === TAINT_NOT_READY || t.key === TAINT_UNREACHABLE) && t.effect === 'NoSchedule')) return undefined;
  return { key, effect: 'NoSchedule' };
}

export class NodeInfo {
  node: KubeObject | null = null;
  labels: Record<string, string> = {};
  unschedulable = false;
  /** every taint, implied ones last */
  taints: Taint[] = [];
  /** NoSchedule and NoExecute taints: what the TaintToleration filter checks */
  hardTaints: Taint[] = [];
  /** PreferNoSchedule taints: what the TaintToleration score counts */
  softTaints: Taint[] = [];
  ready = false;
  allocatable: Resources = emptyResources();
  allowedPods = 0;
  readonly requested: Resources = emptyResources();
  readonly nonZeroRequested: Resources = emptyResources();
  readonly pods = new Map<string, PodInfo>();
  readonly podsWithAffinity = new Set<PodInfo>();
  readonly podsWithRequiredAntiAffinity = new Set<PodInfo>();
  /** "protocol/port" → host IP → how many pods use it */
  readonly usedPorts = new Map<string, Map<string, number>>();
  /** bumped on every change, for the app's view */
  generation = 0;

  constructor(readonly name: string) {}

  setNode(node: KubeObject): void {
    const spec = (node.spec ?? {}) as NodeSpecShape;
    const status = (node.status ?? {}) as NodeStatusShape;
    this.node = node;
    this.labels = node.metadata.labels ?? {};
    this.unschedulable = spec.unschedulable === true;
    const taints = [...(spec.taints ?? [])];
    const implied = impliedTaint(status, taints);
    if (implied) taints.push(implied);
    this.taints = taints;
    this.hardTaints = taints.filter((t) => t.effect === 'NoSchedule' || t.effect === 'NoExecute');
    this.softTaints = taints.filter((t) => t.effect === 'PreferNoSchedule');
    this.ready = implied === undefined;
    // the scheduler uses status.allocatable only (NodeInfo.SetNode)
    const alloc = allocatableOf(status.allocatable);
    this.allocatable = alloc.res;
    this.allowedPods = alloc.pods;
    this.generation++;
  }

  clearNode(): void {
    this.node = null;
    this.generation++;
  }

  addPod(p: PodInfo): void {
    this.pods.set(p.uid, p);
    if (p.hasAffinity) this.podsWithAffinity.add(p);
    if (p.requiredAntiAffinity.length) this.podsWithRequiredAntiAffinity.add(p);
    this.account(p, 1);
  }

  removePod(uid: string): PodInfo | undefined {
    const p = this.pods.get(uid);
    if (!p) return undefined;
    this.pods.delete(uid);
    this.podsWithAffinity.delete(p);
    this.podsWithRequiredAntiAffinity.delete(p);
    this.account(p, -1);
    return p;
  }

  private account(p: PodInfo, sign: 1 | -1): void {
    addTo(this.requested, p.requests, sign);
    this.nonZeroRequested.milliCpu += sign * p.nonZero.milliCpu;
    this.nonZeroRequested.memory += sign * p.nonZero.memory;
    for (const hp of p.hostPorts) {
      const key = portKey(hp.protocol, hp.port);
      let ips = this.usedPorts.get(key);
      if (!ips) this.usedPorts.set(key, (ips = new Map<string, number>()));
      const n = (ips.get(hp.ip) ?? 0) + sign;
      if (n > 0) ips.set(hp.ip, n);
      else ips.delete(hp.ip);
      if (ips.size === 0) this.usedPorts.delete(key);
    }
    this.generation++;
  }

  /** HostPortInfo.CheckConflict: 0.0.0.0 conflicts with every IP on the same protocol/port */
  portConflict(hp: HostPort): boolean {
    const ips = this.usedPorts.get(portKey(hp.protocol, hp.port));
    if (!ips) return false;
    if (hp.ip === '0.0.0.0') return ips.size > 0;
    return ips.has('0.0.0.0') || ips.has(hp.ip);
  }
}
