// The deployment controller with the ReplicaSet controller and garbage collector
// against a real API server; pods turn Ready through pods/status (kwok-style).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubeObject } from '../../common/kube-types.js';
import { Informer } from '../../common/client/informer.js';
import { DeploymentController } from './deployment-controller.js';
import { computeHash } from './pod-template-hash.js';
import { ReplicaSetController } from './replicaset-controller.js';
import type { Deployment, ReplicaSet } from './workload-types.js';
import { DEPLOYMENT_PATH, RS_PATH } from './workload-types.js';
import type { WorkloadLab } from './workload-spec-support.js';
import { autoReady, kubectlFor, listPods, patchRetrying, startWorkloadLab, waitFor } from './workload-spec-support.js';

let lab: WorkloadLab;
let offsetMs = 0;
const clock = { now: (): number => Date.now() + offsetMs };
const ns = 'default';
const dPath = { ...DEPLOYMENT_PATH, namespace: ns };
const rsPath = { ...RS_PATH, namespace: ns };

function deployment(name: string, replicas: number, image: string, spec: Partial<Deployment['spec']> = {}): KubeObject {
  const labels = { app: name };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name },
    spec: { replicas, selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers: [{ name: 'app', image }] } }, ...spec },
  };
}

async function replicaSetsOf(name: string): Promise<ReplicaSet[]> {
  const d = await lab.admin.get(dPath, name);
  const list = await lab.admin.list<ReplicaSet>(rsPath);
  return list.items.filter((rs) => rs.metadata.ownerReferences?.some((r) => r.uid === d.metadata.uid && r.controller));
}

async function complete(name: string, generation?: number): Promise<Deployment> {
  return waitFor(`${name} complete`, async () => {
    const d = await lab.admin.get<Deployment>(dPath, name);
    const s = d.status ?? {};
    const want = d.spec.replicas ?? 1;
    const progressing = s.conditions?.find((c) => c.type === 'Progressing');
    const ok =
      (s.observedGeneration ?? 0) >= (generation ?? d.metadata.generation ?? 0) &&
      (s.updatedReplicas ?? 0) === want &&
      (s.replicas ?? 0) === want &&
      (s.availableReplicas ?? 0) === want &&
      progressing?.reason === 'NewReplicaSetAvailable';
    return ok && d;
  });
}

async function eventMessages(name: string, reason: string): Promise<string[]> {
  const list = await lab.admin.list({ group: '', version: 'v1', resource: 'events', namespace: ns });
  return list.items.filter((e) => (e.involvedObject as { name?: string }).name === name && e.reason === reason).map((e) => String(e.message));
}

/** generous: a loaded 2-core machine polls slowly, and no assertion is timed */
const T = { timeout: 120_000 };

beforeAll(async () => {
  lab = await startWorkloadLab();
  lab.add(new ReplicaSetController(lab.controllerClient, { onError: lab.onError }));
  lab.add(new DeploymentController(lab.controllerClient, { clock, onError: lab.onError }));
  lab.add(autoReady(lab.admin, ns, 50));
}, 60_000);

afterAll(async () => {
  await lab.stop();
}, 30_000);

describe('DeploymentController', () => {
  it('creates <deploy>-<hash> with the pod-template-hash label, revision 1 and completes', T, async () => {
    await lab.admin.create(dPath, deployment('web', 3, 'nginx'));
    const d = await complete('web');
    const [rs] = await replicaSetsOf('web');
    const hash = rs?.metadata.labels?.['pod-template-hash'] ?? '';
    expect(hash).toMatch(/^[4-9bcdf]{1,10}$/);
    expect(rs?.metadata.name).toBe(`web-${hash}`);
    expect(rs?.spec.selector).toEqual({ matchLabels: { app: 'web', 'pod-template-hash': hash } });
    expect(rs?.spec.template?.metadata?.labels).toEqual({ app: 'web', 'pod-template-hash': hash });
    expect(rs?.metadata.annotations).toEqual({ 'deployment.kubernetes.io/revision': '1', 'deployment.kubernetes.io/desired-replicas': '3', 'deployment.kubernetes.io/max-replicas': '4' });
    expect(rs?.metadata.ownerReferences).toEqual([{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: d.metadata.uid, controller: true, blockOwnerDeletion: true }]);
    expect(d.metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('1');
    expect(d.status).toMatchObject({ observedGeneration: 1, replicas: 3, updatedReplicas: 3, readyReplicas: 3, availableReplicas: 3 });
    expect(d.status?.unavailableReplicas).toBeUndefined();
    const conds = Object.fromEntries((d.status?.conditions ?? []).map((c) => [c.type, c]));
    expect(conds.Available).toMatchObject({ status: 'True', reason: 'MinimumReplicasAvailable', message: 'Deployment has minimum availability.' });
    expect(conds.Progressing).toMatchObject({ status: 'True', reason: 'NewReplicaSetAvailable', message: `ReplicaSet "web-${hash}" has successfully progressed.` });
    expect(await eventMessages('web', 'ScalingReplicaSet')).toEqual([`Scaled up replica set web-${hash} from 0 to 3`]);
  });

  it('rolls a new template onto revision 2 and scales the old ReplicaSet to zero', T, async () => {
    const [first] = await replicaSetsOf('web');
    await patchRetrying(lab.admin, dPath, 'web', { spec: { template: { spec: { containers: [{ name: 'app', image: 'nginx:1.25' }] } } } });
    const d = await complete('web', 2);
    expect(d.metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('2');
    const rss = await replicaSetsOf('web');
    expect(rss).toHaveLength(2);
    const second = rss.find((r) => r.metadata.uid !== first?.metadata.uid);
    expect(second?.metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('2');
    expect(second?.spec.replicas).toBe(3);
    const old = rss.find((r) => r.metadata.uid === first?.metadata.uid);
    expect(old?.spec.replicas).toBe(0);
    const pods = await listPods(lab.admin, ns, 'app=web');
    expect(pods.every((p) => p.metadata.labels?.['pod-template-hash'] === second?.metadata.labels?.['pod-template-hash'])).toBe(true);
    const msgs = await eventMessages('web', 'ScalingReplicaSet');
    expect(msgs).toContain(`Scaled up replica set ${second?.metadata.name ?? ''} from 0 to 1`);
    expect(msgs.some((m) => m.startsWith(`Scaled down replica set ${first?.metadata.name ?? ''} from 3 to `))).toBe(true);
  });

  it('a template equal to an old ReplicaSet reuses it with a new revision and keeps revision-history', T, async () => {
    const [first] = (await replicaSetsOf('web')).sort((a, b) => Number(a.metadata.annotations?.['deployment.kubernetes.io/revision']) - Number(b.metadata.annotations?.['deployment.kubernetes.io/revision']));
    await patchRetrying(lab.admin, dPath, 'web', { spec: { template: { spec: { containers: [{ name: 'app', image: 'nginx' }] } } } });
    await complete('web', 3);
    const rss = await replicaSetsOf('web');
    expect(rss).toHaveLength(2);
    const back = rss.find((r) => r.metadata.uid === first?.metadata.uid);
    expect(back?.metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('3');
    expect(back?.metadata.annotations?.['deployment.kubernetes.io/revision-history']).toBe('1');
    expect((await lab.admin.get(dPath, 'web')).metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('3');
  });

  it('scaling resizes the active ReplicaSet only (a scaling event, not a rollout)', T, async () => {
    await patchRetrying(lab.admin, dPath, 'web', { spec: { replicas: 5 } });
    const d = await complete('web');
    expect(d.metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('3');
    const active = (await replicaSetsOf('web')).filter((r) => (r.spec.replicas ?? 0) > 0);
    expect(active).toHaveLength(1);
    expect(active[0]?.metadata.annotations?.['deployment.kubernetes.io/desired-replicas']).toBe('5');
    expect(active[0]?.metadata.annotations?.['deployment.kubernetes.io/max-replicas']).toBe('7');
  });

  it('keeps revisionHistoryLimit old ReplicaSets', T, async () => {
    await lab.admin.create(dPath, deployment('hist', 1, 'busybox:1', { revisionHistoryLimit: 1 }));
    await complete('hist');
    for (const tag of ['2', '3', '4']) {
      await patchRetrying(lab.admin, dPath, 'hist', { spec: { template: { spec: { containers: [{ name: 'app', image: `busybox:${tag}` }] } } } });
      await complete('hist');
    }
    const rss = await waitFor('2 ReplicaSets left', async () => {
      const r = await replicaSetsOf('hist');
      return r.length === 2 && r;
    });
    expect(rss.map((r) => r.metadata.annotations?.['deployment.kubernetes.io/revision']).sort()).toEqual(['3', '4']);
  });

  it('a paused deployment does not roll out; resume does, with DeploymentPaused / DeploymentResumed', T, async () => {
    await lab.admin.create(dPath, deployment('paused', 2, 'redis'));
    await complete('paused');
    await patchRetrying(lab.admin, dPath, 'paused', { spec: { paused: true } });
    await waitFor('DeploymentPaused', async () => {
      const d = await lab.admin.get<Deployment>(dPath, 'paused');
      const c = d.status?.conditions?.find((x) => x.type === 'Progressing');
      return c?.status === 'Unknown' && c.reason === 'DeploymentPaused' && c.message === 'Deployment is paused';
    });
    await patchRetrying(lab.admin, dPath, 'paused', { spec: { template: { spec: { containers: [{ name: 'app', image: 'redis:7' }] } } } });
    await waitFor('observed', async () => {
      const d = await lab.admin.get<Deployment>(dPath, 'paused');
      return (d.status?.observedGeneration ?? 0) >= (d.metadata.generation ?? 0);
    });
    expect(await replicaSetsOf('paused')).toHaveLength(1);
    await patchRetrying(lab.admin, dPath, 'paused', { spec: { paused: false } });
    const d = await complete('paused');
    expect(d.metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('2');
    expect(await replicaSetsOf('paused')).toHaveLength(2);
  });

  it('Recreate scales the old ReplicaSet to zero and waits for its pods before creating the new one', T, async () => {
    await lab.admin.create(dPath, deployment('recreate', 2, 'httpd', { strategy: { type: 'Recreate' } }));
    const before = await complete('recreate');
    const [old] = await replicaSetsOf('recreate');
    // every ReplicaSet change in the order the API made them
    const seen: { type: string; uid: string; spec: number; status: number }[] = [];
    const watch = new Informer<ReplicaSet>(lab.admin, rsPath);
    watch.on((e) => {
      if (e.obj.metadata.name?.startsWith('recreate-')) seen.push({ type: e.type, uid: e.obj.metadata.uid ?? '', spec: e.obj.spec.replicas ?? 0, status: e.obj.status?.replicas ?? 0 });
    });
    watch.start();
    try {
      await watch.hasSynced();
      await patchRetrying(lab.admin, dPath, 'recreate', { spec: { template: { spec: { containers: [{ name: 'app', image: 'httpd:2' }] } } } });
      await complete('recreate', (before.metadata.generation ?? 1) + 1);
      await waitFor('the new ReplicaSet seen', () => seen.some((e) => e.type === 'add' && e.uid !== old?.metadata.uid));
    } finally {
      watch.stop();
    }
    const created = seen.findIndex((e) => e.type === 'add' && e.uid !== old?.metadata.uid);
    const drained = seen.findIndex((e) => e.uid === old?.metadata.uid && e.spec === 0 && e.status === 0);
    expect(drained).toBeGreaterThanOrEqual(0);
    expect(created).toBeGreaterThan(drained);
    const msgs = await eventMessages('recreate', 'ScalingReplicaSet');
    expect(msgs).toContain(`Scaled down replica set ${old?.metadata.name ?? ''} from 2 to 0`);
  });

  it('a name taken by a foreign ReplicaSet is a hash collision: collisionCount goes up and the name changes', T, async () => {
    // paused, the Deployment creates no ReplicaSet, so its stored (defaulted) template can be hashed first
    await lab.admin.create(dPath, deployment('clash', 1, 'nginx', { paused: true }));
    const d = await lab.admin.get<Deployment>(dPath, 'clash');
    const taken = `clash-${computeHash(d.spec.template)}`;
    const labels = { app: 'someone-else' };
    await lab.admin.create(rsPath, {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: { name: taken },
      spec: { replicas: 0, selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers: [{ name: 'x', image: 'busybox' }] } } },
    });
    await patchRetrying(lab.admin, dPath, 'clash', { spec: { paused: false } });
    const done = await complete('clash');
    expect(done.status?.collisionCount).toBe(1);
    const [own] = await replicaSetsOf('clash');
    expect(own?.metadata.name).not.toBe(taken);
    expect(own?.metadata.name).toBe(`clash-${computeHash(d.spec.template, 1)}`);
  });

  it('reports ProgressDeadlineExceeded once progressDeadlineSeconds pass without progress', T, async () => {
    // pods in this namespace never turn Ready
    await lab.admin.create({ group: '', version: 'v1', resource: 'namespaces' }, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'stuck' } });
    const sPath = { ...DEPLOYMENT_PATH, namespace: 'stuck' };
    await lab.admin.create(sPath, { ...deployment('stuck', 2, 'busybox777', { progressDeadlineSeconds: 600 }), metadata: { name: 'stuck', namespace: 'stuck' } });
    await waitFor('Progressing True', async () => {
      const d = await lab.admin.get<Deployment>(sPath, 'stuck');
      const c = d.status?.conditions?.find((x) => x.type === 'Progressing');
      return c?.status === 'True' && (d.status?.replicas ?? 0) === 2;
    });
    offsetMs = 601_000;
    // no event will come: a touch of the object makes the controller look again, as its own timer would after 600 s
    await patchRetrying(lab.admin, sPath, 'stuck', { metadata: { annotations: { touch: '1' } } });
    const d = await waitFor('ProgressDeadlineExceeded', async () => {
      const cur = await lab.admin.get<Deployment>(sPath, 'stuck');
      const c = cur.status?.conditions?.find((x) => x.type === 'Progressing');
      return c?.reason === 'ProgressDeadlineExceeded' && cur;
    });
    const conds = Object.fromEntries((d.status?.conditions ?? []).map((c) => [c.type, c]));
    expect(conds.Progressing).toMatchObject({ status: 'False', message: expect.stringMatching(/^ReplicaSet "stuck-[4-9bcdf]+" has timed out progressing\.$/) as unknown });
    expect(conds.Available).toMatchObject({ status: 'False', reason: 'MinimumReplicasUnavailable', message: 'Deployment does not have minimum availability.' });
    // kubectl rollout status gives up exactly as on a real cluster
    const kubectl = await kubectlFor(lab.harness);
    const r = await kubectl.run(['rollout', 'status', 'deployment/stuck', '-n', 'stuck', '--timeout=60s']);
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toBe('error: deployment "stuck" exceeded its progress deadline');
  });
});
