// Test support for the controller specs: nodes driven through the API the way kwok
// drives them (a Node with its status, a Lease in kube-node-lease renewed as a kubelet
// renews it, pods given an IP and readiness, deletions finished), a fake clock, and a
// poll helper. This is a real API client, not a fake control plane (issue 3 allows it).
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { KubeObject } from '../../common/kube-types.js';
import type { ApiClient } from '../../common/client/api-client.js';
import { Informer, objectKey } from '../../common/client/informer.js';
import type { ApiHarness } from '../testing/api-harness.js';
import { writeKubeconfig } from '../pki/index.js';
import { issueClientCert } from '../pki/index.js';
import type { ControllerClock } from './controller-support.js';
import { isApiError, isNotFound, microTime, rfc3339 } from './controller-support.js';
import type { Taint } from './node-taints.js';

export const NODES = { group: '', version: 'v1', resource: 'nodes' };
export const LEASES = { group: 'coordination.k8s.io', version: 'v1', resource: 'leases', namespace: 'kube-node-lease' };
export const podsIn = (namespace: string): { group: string; version: string; resource: string; namespace: string } => ({ group: '', version: 'v1', resource: 'pods', namespace });

/** k8s.io/utils/clock/testing FakeClock: time moves only when the test says so */
export class FakeClock implements ControllerClock {
  private timers: { at: number; fn: () => void; id: number }[] = [];
  private nextId = 0;
  constructor(private t = Date.now()) {}
  now(): number {
    return this.t;
  }
  afterFunc(ms: number, fn: () => void): () => void {
    const id = this.nextId++;
    this.timers.push({ at: this.t + Math.max(0, ms), fn, id });
    return () => {
      this.timers = this.timers.filter((x) => x.id !== id);
    };
  }
  advance(ms: number): void {
    const target = this.t + ms;
    for (;;) {
      const due = this.timers.filter((x) => x.at <= target).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      this.timers = this.timers.filter((x) => x.id !== due.id);
      this.t = Math.max(this.t, due.at);
      due.fn();
    }
    this.t = target;
  }
}

/** polls until fn returns something other than undefined/false; generous deadlines for a loaded 2-core machine */
export async function waitFor<T>(what: string, fn: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs = 60_000, intervalMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v !== undefined && v !== false) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last instanceof Error ? `: ${last.message}` : ''}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/**
 * retries a write that lost a race: our API server answers a PATCH without a
 * resourceVersion with 409 when another write lands between its read and its write
 * (apiserver/handlers/write.ts guaranteedUpdate; kube-apiserver retries those itself)
 */
export async function retryConflict<T>(fn: () => Promise<T>, attempts = 10): Promise<T> {
  for (let i = 0; ; i++) {
    try {
      return await fn();
    } catch (e) {
      if (i >= attempts || !isApiError(e, 409)) throw e;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

export async function tryGet(client: ApiClient, path: Parameters<ApiClient['get']>[0], name: string): Promise<KubeObject | undefined> {
  try {
    return await client.get(path, name);
  } catch (e) {
    if (isNotFound(e)) return undefined;
    throw e;
  }
}

export interface KwokNodeOptions {
  labels?: Record<string, string>;
  taints?: Taint[];
  unschedulable?: boolean;
}

interface KwokNode {
  index: number;
  alive: boolean;
  timer: NodeJS.Timeout | undefined;
  nextIp: number;
}

export interface KwokOptions {
  /** how often each live node renews its lease (the kubelet: 10 s) */
  heartbeatMs?: number;
  /** bind pods whose node affinity names one of our nodes (what the scheduler does for DaemonSet pods) */
  bindPods?: boolean;
  /** mark pods on live nodes Running and Ready with an IP */
  runPods?: boolean;
}

/** a few kwok-style nodes and the kubelet's part for their pods */
export class KwokCluster {
  private readonly nodes = new Map<string, KwokNode>();
  private readonly pods: Informer;
  private readonly busy = new Set<string>();
  private readonly dirty = new Set<string>();

  constructor(
    private readonly client: ApiClient,
    private readonly opts: KwokOptions = {},
  ) {
    this.pods = new Informer(client, { group: '', version: 'v1', resource: 'pods' });
    this.pods.on((e) => {
      if (e.type !== 'delete') void this.syncPod(e.obj);
    });
  }

  start(): void {
    this.pods.start();
  }

  stop(): void {
    this.pods.stop();
    for (const n of this.nodes.values()) clearInterval(n.timer);
  }

  async addNode(name: string, o: KwokNodeOptions = {}): Promise<void> {
    const index = this.nodes.size + 1;
    const labels = { 'kubernetes.io/hostname': name, 'kubernetes.io/os': 'linux', 'kubernetes.io/arch': 'amd64', type: 'kwok', ...o.labels };
    await this.client.create(NODES, { apiVersion: 'v1', kind: 'Node', metadata: { name, labels }, spec: { ...(o.taints ? { taints: o.taints } : {}), ...(o.unschedulable ? { unschedulable: true } : {}) } });
    const resources = { cpu: '4', memory: '8Gi', pods: '110' };
    await retryConflict(() => this.client.patch(NODES, name, { status: { capacity: resources, allocatable: resources, addresses: [{ type: 'InternalIP', address: `172.30.0.${index}` }, { type: 'Hostname', address: name }] } }, 'merge', 'status'));
    await this.postReady(name, 'True');
    await this.client.create(LEASES, { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name }, spec: { holderIdentity: name, leaseDurationSeconds: 40, renewTime: microTime(Date.now()) } });
    const node: KwokNode = { index, alive: true, timer: undefined, nextIp: 2 };
    this.nodes.set(name, node);
    this.startHeartbeat(name, node);
    // pods that named this node before it was ours to run
    for (const pod of this.pods.list()) void this.syncPod(pod);
  }

  /** the kubelet posting its Ready condition (status 'False' is a kubelet that runs but is not ready) */
  async postReady(name: string, status: 'True' | 'False'): Promise<void> {
    const now = rfc3339(Date.now());
    const reason = status === 'True' ? 'KubeletReady' : 'KubeletNotReady';
    const message = status === 'True' ? 'kubelet is posting ready status' : 'container runtime network not ready';
    await retryConflict(() => this.client.patch(NODES, name, { status: { conditions: [{ type: 'Ready', status, reason, message, lastHeartbeatTime: now, lastTransitionTime: now }] } }, 'strategic', 'status'));
  }

  /** the node's kubelet dies: no more lease renewals, its pods are left as they are */
  killNode(name: string): void {
    const n = this.nodes.get(name);
    if (!n) return;
    n.alive = false;
    clearInterval(n.timer);
  }

  /** the kubelet comes back: renews its lease and posts Ready=True */
  async reviveNode(name: string): Promise<void> {
    const n = this.nodes.get(name);
    if (!n) return;
    await this.renew(name);
    await this.postReady(name, 'True');
    n.alive = true;
    this.startHeartbeat(name, n);
    for (const pod of this.pods.list()) void this.syncPod(pod);
  }

  async removeNode(name: string): Promise<void> {
    this.killNode(name);
    this.nodes.delete(name);
    await this.client.delete(NODES, name);
  }

  private startHeartbeat(name: string, n: KwokNode): void {
    clearInterval(n.timer);
    n.timer = setInterval(() => void this.renew(name).catch(() => undefined), this.opts.heartbeatMs ?? 250);
    n.timer.unref();
  }

  private async renew(name: string): Promise<void> {
    await retryConflict(() => this.client.patch(LEASES, name, { spec: { renewTime: microTime(Date.now()) } }, 'merge'));
  }

  /** the node a pod is bound to, or the one a DaemonSet pod's affinity names */
  private targetNode(pod: KubeObject): { name: string; bound: boolean } | undefined {
    const spec = (pod.spec ?? {}) as { nodeName?: string; affinity?: { nodeAffinity?: { requiredDuringSchedulingIgnoredDuringExecution?: { nodeSelectorTerms?: { matchFields?: { key: string; values?: string[] }[] }[] } } } };
    if (spec.nodeName) return { name: spec.nodeName, bound: true };
    const field = spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms?.[0]?.matchFields?.[0];
    return field?.key === 'metadata.name' && field.values?.[0] ? { name: field.values[0], bound: false } : undefined;
  }

  private async syncPod(pod: KubeObject): Promise<void> {
    const key = objectKey(pod);
    const target = this.targetNode(pod);
    const node = target ? this.nodes.get(target.name) : undefined;
    if (!target || !node?.alive) return;
    if (this.busy.has(key)) {
      this.dirty.add(key);
      return;
    }
    this.busy.add(key);
    const path = podsIn(pod.metadata.namespace ?? 'default');
    const name = pod.metadata.name ?? '';
    try {
      if (pod.metadata.deletionTimestamp) {
        if (target.bound) await this.client.delete(path, name, { gracePeriodSeconds: 0 });
      } else if (!target.bound) {
        if (this.opts.bindPods) await this.client.create(path, { apiVersion: 'v1', kind: 'Binding', metadata: { name }, target: { kind: 'Node', name: target.name } }, 'binding', name);
      } else if (this.opts.runPods && !(pod.status as { podIP?: string } | undefined)?.podIP) {
        const ip = `10.244.${node.index}.${node.nextIp++}`;
        const now = rfc3339(Date.now());
        const ready = { type: 'Ready', status: 'True', lastProbeTime: null, lastTransitionTime: now };
        await retryConflict(() => this.client.patch(path, name, { status: { phase: 'Running', podIP: ip, podIPs: [{ ip }], hostIP: `172.30.0.${node.index}`, startTime: now, conditions: [ready] } }, 'strategic', 'status'));
      }
    } catch {
      // the pod changed meanwhile: its next event brings it back here
    } finally {
      this.busy.delete(key);
      const latest = this.pods.get(key);
      if (this.dirty.delete(key) && latest) void this.syncPod(latest);
    }
  }
}

/** a pod bound to a node, then given an IP and readiness the way the kubelet reports them */
export async function runPod(client: ApiClient, name: string, o: { ip?: string; ready?: boolean; labels?: Record<string, string>; ports?: { name?: string; containerPort: number }[]; node?: string }): Promise<void> {
  const pods = podsIn('default');
  await client.create(pods, {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, labels: o.labels ?? { app: 'web' } },
    spec: { nodeName: o.node ?? 'node-a', containers: [{ name: 'c', image: 'nginx', ports: o.ports ?? [] }] },
  });
  if (!o.ip) return;
  const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  const conditions = [{ type: 'Ready', status: o.ready === false ? 'False' : 'True', lastProbeTime: null, lastTransitionTime: now }];
  await retryConflict(() => client.patch(pods, name, { status: { phase: 'Running', podIP: o.ip, podIPs: [{ ip: o.ip }], conditions } }, 'strategic', 'status'));
}

/** a pod's Ready condition as a kubelet's readiness probe would set it */
export async function setPodReady(client: ApiClient, namespace: string, name: string, ready: boolean): Promise<void> {
  const condition = { type: 'Ready', status: ready ? 'True' : 'False', lastProbeTime: null, lastTransitionTime: rfc3339(Date.now()) };
  await retryConflict(() => client.patch(podsIn(namespace), name, { status: { conditions: [condition] } }, 'strategic', 'status'));
}

/** runs the real kubectl (v1.32) against the harness with an admin kubeconfig */
export async function kubectl(h: ApiHarness, ...args: string[]): Promise<string> {
  const path = join(h.dir, 'admin.kubeconfig');
  const cert = await issueClientCert(h.pki, { commonName: 'kubernetes-admin', organizations: ['system:masters'], signer: 'kubernetes' });
  await writeKubeconfig(path, { clusterName: 'k8s-lab', server: h.server.url, caPem: h.pki.ca.certPem, user: 'kubernetes-admin', certPem: cert.certPem, keyPem: cert.keyPem });
  const { stdout } = await promisify(execFile)('kubectl', ['--kubeconfig', path, ...args], { timeout: 60_000 });
  return stdout;
}
