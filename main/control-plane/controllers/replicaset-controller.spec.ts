// The ReplicaSet controller against a real API server: creation through generateName
// with controller ownerReferences, no over-creation, replacement of deleted pods,
// adoption and release, scale-down order, status with minReadySeconds, events.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubeObject } from '../../common/kube-types.js';
import { ReplicaSetController } from './replicaset-controller.js';
import type { Pod, ReplicaSet } from './workload-types.js';
import { POD_PATH, RS_PATH } from './workload-types.js';
import type { WorkloadLab } from './workload-spec-support.js';
import { listPods, markPodReady, patchRetrying, startWorkloadLab, waitFor } from './workload-spec-support.js';

let lab: WorkloadLab;
const ns = 'default';
const rsPath = { ...RS_PATH, namespace: ns };
const podPath = { ...POD_PATH, namespace: ns };

function replicaSet(name: string, replicas: number, labels: Record<string, string>, extra: Partial<ReplicaSet['spec']> = {}): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name },
    spec: { replicas, selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers: [{ name: 'c', image: 'busybox' }] } }, ...extra },
  };
}

async function podsOf(rs: KubeObject): Promise<Pod[]> {
  return (await listPods(lab.admin, ns)).filter((p) => p.metadata.ownerReferences?.some((r) => r.uid === rs.metadata.uid && r.controller));
}

async function events(name: string): Promise<{ reason: string; message: string; type: string }[]> {
  const list = await lab.admin.list({ group: '', version: 'v1', resource: 'events', namespace: ns });
  return list.items.filter((e) => (e.involvedObject as { name?: string }).name === name) as unknown as { reason: string; message: string; type: string }[];
}

/** generous: a loaded 2-core machine polls slowly, and no assertion is timed */
const T = { timeout: 120_000 };

beforeAll(async () => {
  lab = await startWorkloadLab();
  lab.add(new ReplicaSetController(lab.controllerClient, { onError: lab.onError }));
}, 60_000);

afterAll(async () => {
  await lab.stop();
}, 30_000);

describe('ReplicaSetController', () => {
  it('creates exactly spec.replicas pods named <rs>-<5 chars>, owned with controller and blockOwnerDeletion', T, async () => {
    const rs = await lab.admin.create(rsPath, replicaSet('web', 4, { app: 'web' }));
    const pods = await waitFor('4 pods', async () => {
      const p = await podsOf(rs);
      return p.length === 4 && p;
    });
    for (const p of pods) {
      expect(p.metadata.name).toMatch(/^web-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
      expect(p.metadata.ownerReferences).toEqual([{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web', uid: rs.metadata.uid, controller: true, blockOwnerDeletion: true }]);
      expect(p.metadata.labels).toEqual({ app: 'web' });
    }
    const status = await waitFor('status', async () => {
      const cur = await lab.admin.get<ReplicaSet>(rsPath, 'web');
      return cur.status?.replicas === 4 && cur.status.observedGeneration === 1 && cur.status;
    });
    expect(status).toEqual({ replicas: 4, fullyLabeledReplicas: 4, observedGeneration: 1 });
    // a burst of events (status writes, re-syncs) never over-creates: still 4 a moment later
    await new Promise((r) => setTimeout(r, 500));
    expect(await podsOf(rs)).toHaveLength(4);
    const ev = await waitFor('4 SuccessfulCreate events', async () => {
      const e = (await events('web')).filter((x) => x.reason === 'SuccessfulCreate');
      return e.length === 4 && e;
    });
    expect(ev.map((e) => e.message).sort()).toEqual(pods.map((p) => `Created pod: ${p.metadata.name ?? ''}`).sort());
  });

  it('a burst to 50 replicas (slow-start batches, many watch events) creates exactly 50', T, async () => {
    const rs = await lab.admin.create(rsPath, replicaSet('burst', 0, { app: 'burst' }));
    await patchRetrying(lab.admin, rsPath, 'burst', { spec: { replicas: 50 } });
    await waitFor('50 pods', async () => (await podsOf(rs)).length === 50);
    await waitFor('status 50', async () => (await lab.admin.get<ReplicaSet>(rsPath, 'burst')).status?.replicas === 50);
    await new Promise((r) => setTimeout(r, 500));
    expect(await podsOf(rs)).toHaveLength(50);
    await patchRetrying(lab.admin, rsPath, 'burst', { spec: { replicas: 0 } });
    await waitFor('none left', async () => (await podsOf(rs)).length === 0);
  });

  it('replaces a deleted pod', T, async () => {
    const rs = await lab.admin.get(rsPath, 'web');
    const [victim] = await podsOf(rs);
    await lab.admin.delete(podPath, victim?.metadata.name ?? '');
    const pods = await waitFor('a replacement', async () => {
      const p = await podsOf(rs);
      return p.length === 4 && !p.some((x) => x.metadata.name === victim?.metadata.name) && p;
    });
    expect(pods).toHaveLength(4);
  });

  it('counts ready and available replicas, honouring minReadySeconds', T, async () => {
    const rs = await lab.admin.create(rsPath, replicaSet('slow', 2, { app: 'slow' }, { minReadySeconds: 2 }));
    const pods = await waitFor('2 pods', async () => {
      const p = await podsOf(rs);
      return p.length === 2 && p;
    });
    for (const p of pods) await markPodReady(lab.admin, p);
    const ready = await waitFor('ready 2', async () => {
      const cur = await lab.admin.get<ReplicaSet>(rsPath, 'slow');
      return cur.status?.readyReplicas === 2 && cur.status;
    });
    expect(ready.availableReplicas ?? 0).toBeLessThan(2);
    // the controller requeues itself after minReadySeconds: no further pod event is needed
    await waitFor('available 2', async () => (await lab.admin.get<ReplicaSet>(rsPath, 'slow')).status?.availableReplicas === 2, 30_000);
  });

  it('scales down not-ready pods before ready ones, and records SuccessfulDelete', T, async () => {
    const rs = await lab.admin.create(rsPath, replicaSet('order', 4, { app: 'order' }));
    const pods = await waitFor('4 pods', async () => {
      const p = await podsOf(rs);
      return p.length === 4 && p;
    });
    const ready = pods.slice(0, 2);
    for (const p of ready) await markPodReady(lab.admin, p);
    await waitFor('ready 2', async () => (await lab.admin.get<ReplicaSet>(rsPath, 'order')).status?.readyReplicas === 2);
    await patchRetrying(lab.admin, rsPath, 'order', { spec: { replicas: 2 } });
    const left = await waitFor('2 pods left', async () => {
      const p = await podsOf(rs);
      return p.length === 2 && p;
    });
    expect(left.map((p) => p.metadata.name).sort()).toEqual(ready.map((p) => p.metadata.name).sort());
    const deletes = await waitFor('SuccessfulDelete events', async () => {
      const e = (await events('order')).filter((x) => x.reason === 'SuccessfulDelete');
      return e.length === 2 && e;
    });
    expect(deletes.every((e) => /^Deleted pod: order-[a-z0-9]{5}$/.test(e.message))).toBe(true);
  });

  it('adopts a matching orphan instead of creating, and releases a pod whose labels stop matching', T, async () => {
    const orphan = await lab.admin.create(podPath, { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'stray', labels: { app: 'adopt' } }, spec: { containers: [{ name: 'c', image: 'busybox' }] } });
    const rs = await lab.admin.create(rsPath, replicaSet('adopt', 2, { app: 'adopt' }));
    const pods = await waitFor('2 pods incl. the orphan', async () => {
      const p = await podsOf(rs);
      return p.length === 2 && p;
    });
    expect(pods.map((p) => p.metadata.name)).toContain('stray');
    expect((await lab.admin.get(podPath, 'stray')).metadata.uid).toBe(orphan.metadata.uid);
    await patchRetrying(lab.admin, podPath, 'stray', { metadata: { labels: { app: 'elsewhere' } } });
    const released = await waitFor('released', async () => {
      const p = await lab.admin.get(podPath, 'stray');
      return (p.metadata.ownerReferences ?? []).length === 0 && p;
    });
    expect(released.metadata.labels).toEqual({ app: 'elsewhere' });
    await waitFor('a new pod in its place', async () => (await podsOf(rs)).length === 2 && !(await podsOf(rs)).some((p) => p.metadata.name === 'stray'));
  });

  it('records FailedCreate with the API error, stops the slow-start batch and sets ReplicaFailure', T, async () => {
    // template finalizers are not validated with the template (as in kube), pod finalizers are: every create fails
    const bad = replicaSet('bad', 3, { app: 'bad' });
    (bad.spec as { template: { metadata: Record<string, unknown> } }).template.metadata.finalizers = ['not-qualified'];
    await lab.admin.create(rsPath, bad);
    const ev = await waitFor('FailedCreate', async () => (await events('bad')).find((e) => e.reason === 'FailedCreate'));
    expect(ev.type).toBe('Warning');
    expect(ev.message).toMatch(/^Error creating: Pod "bad-[a-z0-9]{5}" is invalid: metadata\.finalizers\[0\]: Invalid value: "not-qualified"/);
    const status = await waitFor('ReplicaFailure', async () => {
      const cur = await lab.admin.get<ReplicaSet>(rsPath, 'bad');
      return cur.status?.conditions?.find((c) => c.type === 'ReplicaFailure');
    });
    expect(status).toMatchObject({ status: 'True', reason: 'FailedCreate' });
    expect(status.message).toContain('is invalid');
    expect((await listPods(lab.admin, ns)).filter((p) => p.metadata.name?.startsWith('bad-'))).toHaveLength(0);
    // fixing the template clears the condition
    await patchRetrying(lab.admin, rsPath, 'bad', { spec: { template: { metadata: { finalizers: null } } } });
    await waitFor('3 pods and no ReplicaFailure', async () => {
      const cur = await lab.admin.get<ReplicaSet>(rsPath, 'bad');
      return cur.status?.replicas === 3 && !cur.status.conditions;
    });
  });
});
