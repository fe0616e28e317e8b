// Helpers for the scheduler's specs: a real API server (startApiHarness) with Node
// objects created and their status set through the API, kwok-style, and polling waits
// with generous deadlines (the specs run on a loaded 2-core machine).
import type { KubeObject } from '../../common/kube-types.js';
import type { ApiClient } from '../../common/client/api-client.js';
import type { ApiHarness } from '../testing/api-harness.js';
import { startApiHarness } from '../testing/api-harness.js';
import type { Scheduler, SchedulerConfig } from './index.js';
import { startScheduler } from './index.js';
import type { PodCondition, PodSpecShape, Taint } from './types.js';

export const NODES = { group: '', version: 'v1', resource: 'nodes' };
export const pods = (namespace = 'default'): { group: string; version: string; resource: string; namespace: string } => ({ group: '', version: 'v1', resource: 'pods', namespace });
export const EVENTS = { group: '', version: 'v1', resource: 'events', namespace: 'default' };

export interface Lab {
  h: ApiHarness;
  admin: ApiClient;
  sched: Scheduler;
  errors: string[];
  stop(): Promise<void>;
}

export async function startLab(config: SchedulerConfig = {}): Promise<Lab> {
  const h = await startApiHarness();
  const client = await h.clientFor('system:kube-scheduler');
  const errors: string[] = [];
  const sched = startScheduler(client, { relistDelayMs: 200, ...config, onError: (ctx, e) => errors.push(`${ctx}: ${e instanceof Error ? e.message : String(e)}`) });
  await sched.synced();
  return {
    h,
    admin: h.admin,
    sched,
    errors,
    stop: async () => {
      sched.stop();
      await sched.drain();
      await h.stop();
    },
  };
}

export async function waitFor<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 60_000, everyMs = 50): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  for (;;) {
    try {
      const v = await probe();
      if (v !== undefined) return v;
    } catch (e) {
      last = e instanceof Error ? e.message : String(e);
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${last}` : ''}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

export interface NodeOptions {
  cpu?: string;
  memory?: string;
  pods?: string;
  labels?: Record<string, string>;
  taints?: Taint[];
  unschedulable?: boolean;
  ready?: 'True' | 'False' | 'Unknown';
}

/** a Node plus its status (capacity, allocatable, Ready), then waits until the scheduler has counted it */
export async function addNode(lab: Lab, name: string, o: NodeOptions = {}): Promise<void> {
  const spec: Record<string, unknown> = {};
  if (o.taints) spec.taints = o.taints;
  if (o.unschedulable) spec.unschedulable = true;
  await lab.admin.create(NODES, { apiVersion: 'v1', kind: 'Node', metadata: { name, labels: { 'kubernetes.io/hostname': name, 'kubernetes.io/os': 'linux', ...o.labels } }, spec });
  const resources = { cpu: o.cpu ?? '4', memory: o.memory ?? '8Gi', pods: o.pods ?? '110' };
  const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  const ready = o.ready ?? 'True';
  await lab.admin.patch(
    NODES,
    name,
    { status: { capacity: resources, allocatable: resources, conditions: [{ type: 'Ready', status: ready, reason: 'KubeletReady', message: 'kubelet is posting ready status', lastHeartbeatTime: now, lastTransitionTime: now }] } },
    'strategic',
    'status',
  );
  await waitFor(`the scheduler to see node ${name}`, () => lab.sched.nodes().find((n) => n.name === name && n.allocatable.pods > 0 && n.ready === (ready === 'True')));
}

export function podObject(name: string, spec: PodSpecShape = {}, meta: Partial<KubeObject['metadata']> = {}): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, ...meta },
    spec: { containers: [{ name: 'app', image: 'nginx' }], ...spec },
  };
}

export function requests(cpu?: string, memory?: string): PodSpecShape {
  const req: Record<string, string> = {};
  if (cpu) req.cpu = cpu;
  if (memory) req.memory = memory;
  return { containers: [{ name: 'app', image: 'nginx', resources: { requests: req } }] };
}

export async function createPod(lab: Lab, pod: KubeObject): Promise<void> {
  await lab.admin.create(pods(pod.metadata.namespace ?? 'default'), pod);
}

export async function getPod(lab: Lab, name: string, namespace = 'default'): Promise<KubeObject> {
  return lab.admin.get(pods(namespace), name);
}

export async function boundTo(lab: Lab, name: string, namespace = 'default'): Promise<string> {
  return waitFor(`pod ${namespace}/${name} to be bound`, async () => ((await getPod(lab, name, namespace)).spec as PodSpecShape).nodeName || undefined);
}

function podScheduled(pod: KubeObject): PodCondition | undefined {
  return ((pod.status ?? {}) as { conditions?: PodCondition[] }).conditions?.find((c) => c.type === 'PodScheduled');
}

export async function eventsFor(lab: Lab, name: string, namespace = 'default'): Promise<KubeObject[]> {
  const list = await lab.admin.list({ ...EVENTS, namespace });
  return list.items.filter((e) => (e.involvedObject as { name?: string } | undefined)?.name === name);
}

/**
 * Waits until the pod's PodScheduled condition carries `message` and a FailedScheduling
 * event with that message exists; returns what was last seen on timeout.
 */
export async function expectUnschedulable(lab: Lab, name: string, message: string, namespace = 'default'): Promise<void> {
  let seen = '';
  await waitFor(
    `pod ${name} to be unschedulable with "${message}"`,
    async () => {
      const c = podScheduled(await getPod(lab, name, namespace));
      seen = `condition: ${JSON.stringify(c)}`;
      if (c?.status !== 'False' || c.reason !== 'Unschedulable' || c.message !== message) return undefined;
      const events = await eventsFor(lab, name, namespace);
      seen += `; events: ${JSON.stringify(events.map((e) => [e.reason, e.message]))}`;
      return events.some((e) => e.reason === 'FailedScheduling' && e.message === message && e.type === 'Warning') ? true : undefined;
    },
    60_000,
  ).catch((e: unknown) => {
    throw new Error(`${e instanceof Error ? e.message : String(e)}\nlast seen ${seen}`);
  });
}
