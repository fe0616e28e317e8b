// How each box of the architecture drawing is doing, from real signals: the API server's
// /readyz (with its etcd check), the scheduler's and controller-manager's own liveness in
// this process, the registry's /v2/ answer, and per node the Ready condition and the age
// of its lease in kube-node-lease (what the node lifecycle controller judges by).
import { request as httpRequest } from 'node:http';
import { request } from 'node:https';
import type { ClusterHealth, ComponentHealth, NodeHealth, NodePod } from '../../common/bridge/trace.js';
import type { ApiClient } from '../../common/client/api-client.js';
import type { KubeObject } from '../../common/kube-types.js';
import type { ComponentLiveness } from '../../control-plane/trace/trace-bus.js';

/** kube-controller-manager --node-monitor-grace-period: a lease older than this is a lost node */
const LEASE_GRACE_MS = 40_000;
const PROBE_TIMEOUT_MS = 2_000;

interface Condition {
  type?: string;
  status?: string;
  reason?: string;
  message?: string;
}

export interface HealthSources {
  admin: ApiClient;
  liveness?: () => ComponentLiveness;
  registryUrl?: string;
  now?: () => number;
}

function get(url: string, admin?: ApiClient): Promise<{ code: number; text: string }> {
  return new Promise((resolve) => {
    const creds = admin?.creds;
    const opts = { method: 'GET', timeout: PROBE_TIMEOUT_MS, agent: false as const, ...(creds ? { ca: creds.caPem, cert: creds.certPem, key: creds.keyPem } : {}) };
    const req = (url.startsWith('https:') ? request : httpRequest)(url, opts, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ code: res.statusCode ?? 0, text }));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', (e) => resolve({ code: 0, text: e.message }));
    req.end();
  });
}

async function apiAndStore(admin: ApiClient): Promise<ComponentHealth[]> {
  const started = performance.now();
  const r = await get(`${admin.creds.server}/readyz?verbose`, admin);
  const ms = Math.round(performance.now() - started);
  const api: ComponentHealth = r.code === 0 ? { id: 'kube-apiserver', state: 'down', detail: r.text } : { id: 'kube-apiserver', state: r.code === 200 ? 'ok' : 'degraded', detail: `/readyz ${r.code} in ${ms} ms` };
  const etcdLine = r.text.split('\n').find((l) => /\]etcd\b/.test(l));
  const store: ComponentHealth = etcdLine ? { id: 'etcd', state: etcdLine.startsWith('[+]') ? 'ok' : 'down', detail: etcdLine.trim() } : { id: 'etcd', state: 'unknown', detail: 'no etcd check in /readyz' };
  return [api, store];
}

function fromLiveness(l: ComponentLiveness | undefined): { components: ComponentHealth[]; controllers: ComponentHealth[] } {
  if (!l) {
    const unknown = (id: string): ComponentHealth => ({ id, state: 'unknown', detail: 'runs outside this process' });
    return { components: [unknown('kube-scheduler'), unknown('kube-controller-manager')], controllers: [] };
  }
  const s = l.scheduler;
  const scheduler: ComponentHealth = {
    id: 'kube-scheduler',
    state: !s.running ? 'down' : s.synced ? 'ok' : 'degraded',
    detail: `${s.running ? (s.synced ? 'running' : 'starting (informers not synced)') : 'stopped'}; queue active ${s.queue.active}, backoff ${s.queue.backoff}, unschedulable ${s.queue.unschedulable}; ${s.nodes} nodes cached`,
  };
  const cm = l.controllerManager;
  return {
    components: [scheduler, { id: 'kube-controller-manager', state: cm.running ? 'ok' : 'down', detail: `${cm.running ? 'running' : 'stopped'}: ${cm.controllers.length} controllers` }],
    controllers: cm.controllers.map((c) => ({ id: c, state: cm.running ? 'ok' : 'down', detail: cm.running ? 'running' : 'stopped' })),
  };
}

async function registry(url: string | undefined): Promise<ComponentHealth> {
  if (!url) return { id: 'registry', state: 'unknown', detail: 'not reachable from here (VM nodes reach it through QEMU)' };
  const r = await get(`${url.replace(/\/$/, '')}/v2/`);
  return { id: 'registry', state: r.code === 200 ? 'ok' : 'down', detail: r.code ? `GET /v2/ ${r.code}` : r.text };
}

/** one node's kubelet, kube-proxy role and containerd, from its Ready condition and lease */
export function nodeHealth(node: KubeObject, lease: KubeObject | undefined, pods: NodePod[], now: number): NodeHealth {
  const name = node.metadata.name ?? '';
  const conditions = ((node.status as { conditions?: Condition[] } | undefined)?.conditions ?? []);
  const ready = conditions.find((c) => c.type === 'Ready');
  const renew = (lease?.spec as { renewTime?: string } | undefined)?.renewTime;
  const age = renew ? now - Date.parse(renew) : Infinity;
  const fresh = age < LEASE_GRACE_MS;
  const leaseText = renew ? `lease renewed ${Math.max(0, Math.round(age / 1000))} s ago` : 'no lease';
  const readyText = ready ? `Ready=${ready.status ?? ''}${ready.reason ? ` (${ready.reason})` : ''}` : 'no Ready condition';
  const kubelet: ComponentHealth = { id: `${name}/kubelet`, state: !fresh ? 'down' : ready?.status === 'True' ? 'ok' : 'degraded', detail: `${readyText}; ${leaseText}` };
  const runtimeDown = ready?.status !== 'True' && /runtime|containerd|CRI/i.test(ready?.message ?? '');
  const containerd: ComponentHealth = {
    id: `${name}/containerd`,
    state: !fresh ? 'unknown' : runtimeDown ? 'down' : ready?.status === 'True' ? 'ok' : 'unknown',
    detail: runtimeDown ? (ready?.message ?? '') : ready?.status === 'True' ? 'the kubelet reports the runtime ready' : (ready?.message ?? 'not reported'),
  };
  const proxy: ComponentHealth = { id: `${name}/kube-proxy`, state: fresh ? 'ok' : 'down', detail: `runs in the agent process: ${leaseText}` };
  return { name, kubelet, proxy, containerd, pods };
}

export async function clusterHealth(src: HealthSources): Promise<ClusterHealth> {
  const now = src.now ?? Date.now;
  const [core, reg, nodes, leases, pods] = await Promise.all([
    apiAndStore(src.admin),
    registry(src.registryUrl),
    src.admin.list({ group: '', version: 'v1', resource: 'nodes' }).catch(() => ({ items: [] as KubeObject[] })),
    src.admin.list({ group: 'coordination.k8s.io', version: 'v1', resource: 'leases', namespace: 'kube-node-lease' }).catch(() => ({ items: [] as KubeObject[] })),
    src.admin.list({ group: '', version: 'v1', resource: 'pods' }).catch(() => ({ items: [] as KubeObject[] })),
  ]);
  const live = fromLiveness(src.liveness?.());
  const byNode = new Map<string, NodePod[]>();
  for (const p of pods.items) {
    const node = (p.spec as { nodeName?: string } | undefined)?.nodeName;
    if (!node) continue;
    const list = byNode.get(node) ?? [];
    list.push({ namespace: p.metadata.namespace ?? '', name: p.metadata.name ?? '', phase: (p.status as { phase?: string } | undefined)?.phase ?? 'Pending' });
    byNode.set(node, list);
  }
  const leaseOf = new Map(leases.items.map((l) => [l.metadata.name ?? '', l]));
  const t = now();
  return {
    at: t,
    components: [...core, ...live.components, reg],
    controllers: live.controllers,
    nodes: nodes.items.map((n) => nodeHealth(n, leaseOf.get(n.metadata.name ?? ''), byNode.get(n.metadata.name ?? '') ?? [], t)).sort((a, b) => a.name.localeCompare(b.name)),
  };
}
