// Deployments driven by the real kubectl (v1.32): apply, rollout status, set image,
// rollout history / undo / pause / resume / restart, and a 10-replica rolling update
// (maxSurge 1, maxUnavailable 0) sampled every 100 ms to prove ready pods never drop
// below 10. Pods turn Ready through pods/status after a short delay (kwok-style).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeploymentController } from './deployment-controller.js';
import { GarbageCollector } from './garbage-collector.js';
import { isPodReady } from './replica-pods.js';
import { ReplicaSetController } from './replicaset-controller.js';
import type { Kubectl, WorkloadLab } from './workload-spec-support.js';
import { autoReady, kubectlFor, listPods, startWorkloadLab, table, waitFor } from './workload-spec-support.js';

const T = { timeout: 240_000 };
let lab: WorkloadLab;
let kubectl: Kubectl;

function deploymentYaml(name: string, replicas: number, image: string, strategy = ''): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  labels:
    app: ${name}
spec:
  replicas: ${replicas}
  selector:
    matchLabels:
      app: ${name}
${strategy}  template:
    metadata:
      labels:
        app: ${name}
    spec:
      containers:
      - name: nginx
        image: ${image}
`;
}

async function apply(name: string, yaml: string): Promise<string> {
  const file = join(lab.harness.dir, `${name}.yaml`);
  writeFileSync(file, yaml);
  return (await kubectl.ok(['apply', '-f', file])).trim();
}

async function rolloutStatus(name: string): Promise<string> {
  const out = await kubectl.ok(['rollout', 'status', `deployment/${name}`, '--timeout=180s']);
  return out.trim().split('\n').pop() ?? '';
}

/** `kubectl get rs -l app=<name>` rows keyed by the revision annotation */
async function replicaSetsByRevision(name: string): Promise<Map<string, string[]>> {
  const jsonText = await kubectl.ok(['get', 'rs', '-l', `app=${name}`, '-o', 'json']);
  const list = JSON.parse(jsonText) as { items: { metadata: { name: string; annotations?: Record<string, string> } }[] };
  const rows = table(await kubectl.ok(['get', 'rs', '-l', `app=${name}`]));
  expect(rows[0]).toEqual(['NAME', 'DESIRED', 'CURRENT', 'READY', 'AGE']);
  const out = new Map<string, string[]>();
  for (const item of list.items) {
    const row = rows.find((r) => r[0] === item.metadata.name);
    out.set(item.metadata.annotations?.['deployment.kubernetes.io/revision'] ?? '?', row?.slice(0, 4) ?? []);
  }
  return out;
}

async function image(name: string): Promise<string> {
  return kubectl.ok(['get', 'deployment', name, '-o', 'jsonpath={.spec.template.spec.containers[0].image}']);
}

beforeAll(async () => {
  lab = await startWorkloadLab();
  lab.add(new ReplicaSetController(lab.controllerClient, { onError: lab.onError }));
  lab.add(new DeploymentController(lab.controllerClient, { onError: lab.onError }));
  lab.add(new GarbageCollector(lab.controllerClient, { onError: lab.onError }));
  lab.add(autoReady(lab.admin, 'default', 150));
  kubectl = await kubectlFor(lab.harness);
}, 60_000);

afterAll(async () => {
  await lab.stop();
}, 30_000);

describe('kubectl rollout on a deployment', () => {
  it('apply, rollout status, get deploy / rs', T, async () => {
    expect(await apply('web', deploymentYaml('web', 3, 'nginx'))).toBe('deployment.apps/web created');
    expect(await rolloutStatus('web')).toBe('deployment "web" successfully rolled out');
    const rows = table(await kubectl.ok(['get', 'deployment', 'web']));
    expect(rows[0]).toEqual(['NAME', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'AGE']);
    expect(rows[1]?.slice(0, 4)).toEqual(['web', '3/3', '3', '3']);
    const rss = await replicaSetsByRevision('web');
    expect([...rss.keys()]).toEqual(['1']);
    expect(rss.get('1')?.slice(1)).toEqual(['3', '3', '3']);
    expect(rss.get('1')?.[0]).toMatch(/^web-[4-9bcdf]{1,10}$/);
    const describe = await kubectl.ok(['describe', 'deployment', 'web']);
    expect(describe).toMatch(/StrategyType:\s+RollingUpdate/);
    expect(describe).toMatch(/RollingUpdateStrategy:\s+25% max unavailable, 25% max surge/);
    expect(describe).toMatch(/Available\s+True\s+MinimumReplicasAvailable/);
    expect(describe).toMatch(/Progressing\s+True\s+NewReplicaSetAvailable/);
    expect(describe).toMatch(/Normal\s+ScalingReplicaSet\s+\S+\s+deployment-controller\s+Scaled up replica set web-[4-9bcdf]+ from 0 to 3/);
  });

  it('set image rolls to nginx:1.25 (revision 2); history shows the change-cause', T, async () => {
    expect((await kubectl.ok(['set', 'image', 'deployment/web', 'nginx=nginx:1.25'])).trim()).toBe('deployment.apps/web image updated');
    expect(await rolloutStatus('web')).toBe('deployment "web" successfully rolled out');
    await kubectl.ok(['annotate', 'deployment/web', 'kubernetes.io/change-cause=image updated to nginx:1.25']);
    const rss = await waitFor('two revisions settled', async () => {
      const r = await replicaSetsByRevision('web');
      return r.size === 2 && r.get('1')?.[1] === '0' && r.get('2')?.[3] === '3' && r;
    });
    expect(rss.get('1')?.slice(1)).toEqual(['0', '0', '0']);
    expect(rss.get('2')?.slice(1)).toEqual(['3', '3', '3']);
    const history = await waitFor('change-cause on revision 2', async () => {
      const h = await kubectl.ok(['rollout', 'history', 'deployment/web']);
      return h.includes('image updated to nginx:1.25') && h;
    });
    expect(table(history)).toEqual([['deployment.apps/web'], ['REVISION', 'CHANGE-CAUSE'], ['1', '<none>'], ['2', 'image updated to nginx:1.25']]);
    const rev2 = await kubectl.ok(['rollout', 'history', 'deployment/web', '--revision=2']);
    expect(rev2).toContain('deployment.apps/web with revision #2');
    expect(rev2).toMatch(/Image:\s+nginx:1\.25/);
  });

  it('rollout undo goes back to nginx as revision 3', T, async () => {
    expect((await kubectl.ok(['rollout', 'undo', 'deployment/web'])).trim()).toBe('deployment.apps/web rolled back');
    expect(await rolloutStatus('web')).toBe('deployment "web" successfully rolled out');
    expect(await image('web')).toBe('nginx');
    const history = table(await kubectl.ok(['rollout', 'history', 'deployment/web']));
    expect(history.slice(2).map((r) => r[0])).toEqual(['2', '3']);
    const rss = await waitFor('revision 3 active', async () => {
      const r = await replicaSetsByRevision('web');
      return r.get('3')?.[3] === '3' && r.get('2')?.[1] === '0' && r;
    });
    expect(rss.size).toBe(2);
    const revHistory = await kubectl.ok(['get', 'rs', rss.get('3')?.[0] ?? '', '-o', "jsonpath={.metadata.annotations['deployment\\.kubernetes\\.io/revision-history']}"]);
    expect(revHistory).toBe('1');
    const rows = table(await kubectl.ok(['get', 'deployment', 'web']));
    expect(rows[1]?.slice(0, 4)).toEqual(['web', '3/3', '3', '3']);
  });

  it('rollout pause holds a template change; resume rolls it out; restart makes a new revision', T, async () => {
    expect((await kubectl.ok(['rollout', 'pause', 'deployment/web'])).trim()).toBe('deployment.apps/web paused');
    await kubectl.ok(['set', 'image', 'deployment/web', 'nginx=nginx:1.26']);
    await new Promise((r) => setTimeout(r, 500));
    expect([...(await replicaSetsByRevision('web')).keys()].sort()).toEqual(['2', '3']);
    const undo = await kubectl.run(['rollout', 'undo', 'deployment/web']);
    expect(undo.code).not.toBe(0);
    expect(undo.stderr).toContain("you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume' and try again");
    const restartPaused = await kubectl.run(['rollout', 'restart', 'deployment/web']);
    expect(restartPaused.code).not.toBe(0);
    expect(restartPaused.stderr).toContain("can't restart paused deployment (run rollout resume first)");
    expect((await kubectl.ok(['rollout', 'resume', 'deployment/web'])).trim()).toBe('deployment.apps/web resumed');
    expect(await rolloutStatus('web')).toBe('deployment "web" successfully rolled out');
    expect([...(await replicaSetsByRevision('web')).keys()].sort()).toEqual(['2', '3', '4']);
    expect((await kubectl.ok(['rollout', 'restart', 'deployment/web'])).trim()).toBe('deployment.apps/web restarted');
    expect(await rolloutStatus('web')).toBe('deployment "web" successfully rolled out');
    const rss = await replicaSetsByRevision('web');
    expect(rss.get('5')?.slice(1)).toEqual(['3', '3', '3']);
    const restartedAt = await kubectl.ok(['get', 'pods', '-l', 'app=web', '-o', "jsonpath={.items[0].metadata.annotations['kubectl\\.kubernetes\\.io/restartedAt']}"]);
    expect(restartedAt).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  it('delete deployment removes its ReplicaSets and pods', T, async () => {
    expect((await kubectl.ok(['delete', 'deployment', 'web'])).trim()).toBe('deployment.apps "web" deleted');
    await waitFor('all gone', async () => {
      const rs = await kubectl.ok(['get', 'rs', '-l', 'app=web', '-o', 'name']);
      return rs.trim() === '' && (await listPods(lab.admin, 'default', 'app=web')).length === 0;
    });
  });
});

describe('rolling update of 10 replicas with maxSurge 1, maxUnavailable 0', () => {
  it('never has fewer than 10 ready pods (sampled every 100 ms)', T, async () => {
    const strategy = `  strategy:
    type: RollingUpdate
    rollingUpdate:
      maxSurge: 1
      maxUnavailable: 0
`;
    expect(await apply('roll', deploymentYaml('roll', 10, 'nginx', strategy))).toBe('deployment.apps/roll created');
    expect(await rolloutStatus('roll')).toBe('deployment "roll" successfully rolled out');
    const samples: { ready: number; total: number }[] = [];
    let sampling = true;
    const sampler = (async (): Promise<void> => {
      while (sampling) {
        const pods = await listPods(lab.admin, 'default', 'app=roll');
        const live = pods.filter((p) => !p.metadata.deletionTimestamp);
        samples.push({ ready: live.filter(isPodReady).length, total: live.length });
        await new Promise((r) => setTimeout(r, 100));
      }
    })();
    try {
      await kubectl.ok(['set', 'image', 'deployment/roll', 'nginx=nginx:1.25']);
      expect(await rolloutStatus('roll')).toBe('deployment "roll" successfully rolled out');
    } finally {
      sampling = false;
      await sampler;
    }
    const pods = await listPods(lab.admin, 'default', 'app=roll');
    expect(pods).toHaveLength(10);
    expect(pods.every((p) => (p.spec?.containers as { image: string }[] | undefined)?.[0]?.image === 'nginx:1.25')).toBe(true);
    // ten one-at-a-time steps with a ready delay each: many samples, none below 10 ready
    expect(samples.length).toBeGreaterThan(10);
    expect(Math.min(...samples.map((s) => s.ready))).toBeGreaterThanOrEqual(10);
    expect(Math.max(...samples.map((s) => s.total))).toBeGreaterThan(10);
  });
});
