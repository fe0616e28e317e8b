// The garbage collector against a real API server: background, foreground and orphan
// propagation through ownerReferences, dangling and partial owners, namespace
// mismatches; ConfigMaps stand in for arbitrary kinds, ReplicaSets for real ones.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubeObject, OwnerReference } from '../../common/kube-types.js';
import { GarbageCollector } from './garbage-collector.js';
import { ReplicaSetController } from './replicaset-controller.js';
import { RS_PATH } from './workload-types.js';
import type { WorkloadLab } from './workload-spec-support.js';
import { listPods, startWorkloadLab, waitFor } from './workload-spec-support.js';
import { isNotFound } from './workload-support.js';

let lab: WorkloadLab;
const ns = 'default';
const cmPath = (namespace = ns): { group: string; version: string; resource: string; namespace: string } => ({ group: '', version: 'v1', resource: 'configmaps', namespace });
const rsPath = { ...RS_PATH, namespace: ns };

async function gone(path: { group: string; version: string; resource: string; namespace?: string }, name: string): Promise<boolean> {
  try {
    await lab.admin.get(path, name);
    return false;
  } catch (e) {
    if (isNotFound(e)) return true;
    throw e;
  }
}

function ownerRef(o: KubeObject, block = false): OwnerReference {
  return { apiVersion: 'v1', kind: 'ConfigMap', name: o.metadata.name ?? '', uid: o.metadata.uid ?? '', ...(block ? { blockOwnerDeletion: true } : {}) };
}

async function configMap(name: string, owners: OwnerReference[] = [], namespace = ns): Promise<KubeObject> {
  return lab.admin.create(cmPath(namespace), { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace, ownerReferences: owners.length ? owners : undefined }, data: { k: 'v' } });
}

async function replicaSet(name: string, replicas: number): Promise<KubeObject> {
  const labels = { app: name };
  const rs = await lab.admin.create(rsPath, {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name },
    spec: { replicas, selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } },
  });
  await waitFor(`${name} pods`, async () => (await listPods(lab.admin, ns, `app=${name}`)).length === replicas);
  return rs;
}

/** generous: a loaded 2-core machine polls slowly, and no assertion is timed */
const T = { timeout: 120_000 };

beforeAll(async () => {
  lab = await startWorkloadLab();
  lab.add(new ReplicaSetController(lab.controllerClient, { onError: lab.onError }));
  lab.add(new GarbageCollector(lab.controllerClient, { onError: lab.onError }));
}, 60_000);

afterAll(async () => {
  await lab.stop();
}, 30_000);

describe('GarbageCollector', () => {
  it('background: deleting a ReplicaSet deletes its pods', T, async () => {
    await replicaSet('bg', 3);
    await lab.admin.delete(rsPath, 'bg', { propagationPolicy: 'Background' });
    await waitFor('pods gone', async () => (await listPods(lab.admin, ns, 'app=bg')).length === 0);
  });

  it('orphan: the ReplicaSet goes, its pods stay with no ownerReferences', T, async () => {
    await replicaSet('orph', 2);
    const res = await lab.admin.delete(rsPath, 'orph', { propagationPolicy: 'Orphan' });
    expect((res as KubeObject).metadata.finalizers).toContain('orphan');
    await waitFor('rs gone', () => gone(rsPath, 'orph'));
    const pods = await listPods(lab.admin, ns, 'app=orph');
    expect(pods).toHaveLength(2);
    for (const p of pods) expect(p.metadata.ownerReferences).toBeUndefined();
    // and nothing else deletes them later
    await new Promise((r) => setTimeout(r, 500));
    expect(await listPods(lab.admin, ns, 'app=orph')).toHaveLength(2);
  });

  it('foreground: the owner waits with foregroundDeletion until blocking dependents are gone', T, async () => {
    await replicaSet('fg', 2);
    const res = (await lab.admin.delete(rsPath, 'fg', { propagationPolicy: 'Foreground' })) as KubeObject;
    expect(res.metadata.finalizers).toContain('foregroundDeletion');
    expect(res.metadata.deletionTimestamp).toBeTruthy();
    await waitFor('rs gone', () => gone(rsPath, 'fg'));
    expect(await listPods(lab.admin, ns, 'app=fg')).toHaveLength(0);
  });

  it('foreground through two levels: owner → dependent → grand-dependent', T, async () => {
    const top = await configMap('top');
    const mid = await configMap('mid', [ownerRef(top, true)]);
    await configMap('leaf', [ownerRef(mid, true)]);
    await lab.admin.delete(cmPath(), 'top', { propagationPolicy: 'Foreground' });
    await waitFor('all gone', async () => (await gone(cmPath(), 'leaf')) && (await gone(cmPath(), 'mid')) && (await gone(cmPath(), 'top')));
  });

  it('deletes an object whose only owner never existed, and drops only the dangling reference of one with a live owner', T, async () => {
    const live = await configMap('live-owner');
    const ghost: OwnerReference = { apiVersion: 'v1', kind: 'ConfigMap', name: 'ghost', uid: '00000000-0000-4000-8000-000000000000' };
    await configMap('dangling', [ghost]);
    await configMap('partial', [ghost, ownerRef(live)]);
    await waitFor('dangling collected', () => gone(cmPath(), 'dangling'));
    const partial = await waitFor('partial keeps one owner', async () => {
      const o = await lab.admin.get(cmPath(), 'partial');
      return o.metadata.ownerReferences?.length === 1 && o;
    });
    expect(partial.metadata.ownerReferences?.[0]?.uid).toBe(live.metadata.uid);
  });

  it('collects a dependent when an owner deleted without propagation policy goes', T, async () => {
    const owner = await configMap('plain-owner');
    await configMap('plain-dep', [ownerRef(owner)]);
    await lab.admin.delete(cmPath(), 'plain-owner');
    await waitFor('dependent collected', () => gone(cmPath(), 'plain-dep'));
  });

  it('reports OwnerRefInvalidNamespace for an owner in another namespace and collects the dependent', T, async () => {
    await lab.admin.create({ group: '', version: 'v1', resource: 'namespaces' }, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'other' } });
    const owner = await configMap('ns-owner');
    await configMap('ns-dep', [ownerRef(owner)], 'other');
    await waitFor('dependent collected', () => gone(cmPath('other'), 'ns-dep'));
    const ev = await waitFor('event', async () => {
      const list = await lab.admin.list({ group: '', version: 'v1', resource: 'events', namespace: 'other' });
      return list.items.find((e) => e.reason === 'OwnerRefInvalidNamespace');
    });
    expect(ev.message).toBe(`ownerRef [v1/ConfigMap, namespace: other, name: ns-owner, uid: ${owner.metadata.uid ?? ''}] does not exist in namespace "other"`);
    expect(ev.type).toBe('Warning');
    expect(await gone(cmPath(), 'ns-owner')).toBe(false);
  });
});
