// The seeds' ReplicaSet exercise and RC commands replayed with the real kubectl (v1.32)
// against the API server with the replicaset, replication and garbage-collector
// controllers running; every step is checked with kubectl's own output.
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GarbageCollector } from './garbage-collector.js';
import { ReplicaSetController } from './replicaset-controller.js';
import { ReplicationManager } from './replication-controller.js';
import type { Kubectl, WorkloadLab } from './workload-spec-support.js';
import { kubectlFor, startWorkloadLab, table, waitFor } from './workload-spec-support.js';

const SEEDS = fileURLToPath(new URL('../../../test/fixtures/seeds/', import.meta.url));
const T = { timeout: 180_000 };

let lab: WorkloadLab;
let kubectl: Kubectl;

// the seeds' exercise 2 ReplicaSet (KodeKloud's, with the image that does not exist)
const NEW_REPLICA_SET = readFileSync(join(SEEDS, 'new-replica-set.yaml'), 'utf8');

/** pod names from `kubectl get pods -l …` (no header) */
async function podNames(selector: string): Promise<string[]> {
  const out = await kubectl.ok(['get', 'pods', '-l', selector, '-o', 'jsonpath={range .items[*]}{.metadata.name}{"\\n"}{end}']);
  return out.split('\n').filter(Boolean).sort();
}

async function rsRow(name: string): Promise<string[]> {
  const rows = table(await kubectl.ok(['get', 'replicaset', name]));
  expect(rows[0]).toEqual(['NAME', 'DESIRED', 'CURRENT', 'READY', 'AGE']);
  return rows[1]?.slice(0, 4) ?? [];
}

function editor(name: string, script: string): string {
  const path = join(lab.harness.dir, name);
  writeFileSync(path, `#!/bin/sh\n${script}\n`);
  chmodSync(path, 0o755);
  return path;
}

beforeAll(async () => {
  lab = await startWorkloadLab();
  lab.add(new ReplicaSetController(lab.controllerClient, { onError: lab.onError }));
  lab.add(new ReplicationManager(lab.controllerClient, { onError: lab.onError }));
  lab.add(new GarbageCollector(lab.controllerClient, { onError: lab.onError }));
  kubectl = await kubectlFor(lab.harness);
}, 60_000);

afterAll(async () => {
  await lab.stop();
}, 30_000);

describe('seeds exercise 2: ReplicaSets with kubectl', () => {
  it('creates new-replica-set and shows 4 desired / 4 current', T, async () => {
    const file = join(lab.harness.dir, 'new-replica-set.yaml');
    writeFileSync(file, NEW_REPLICA_SET);
    expect((await kubectl.ok(['create', '-f', file])).trim()).toBe('replicaset.apps/new-replica-set created');
    await waitFor('4 current', async () => JSON.stringify(await rsRow('new-replica-set')) === JSON.stringify(['new-replica-set', '4', '4', '0']));
    const pods = await podNames('name=busybox-pod');
    expect(pods).toHaveLength(4);
    for (const p of pods) expect(p).toMatch(/^new-replica-set-[a-z0-9]{5}$/);
    const describe = await kubectl.ok(['describe', 'replicaset', 'new-replica-set']);
    expect(describe).toMatch(/Replicas:\s+4 current \/ 4 desired/);
    expect(describe).toMatch(/Image:\s+busybox777/);
    expect(describe).toMatch(/Normal\s+SuccessfulCreate\s+\S+\s+replicaset-controller\s+Created pod: new-replica-set-[a-z0-9]{5}/);
  });

  it('a deleted pod comes back', T, async () => {
    const [victim] = await podNames('name=busybox-pod');
    expect((await kubectl.ok(['delete', 'pod', victim ?? ''])).trim()).toBe(`pod "${victim ?? ''}" deleted`);
    const pods = await waitFor('4 pods again', async () => {
      const p = await podNames('name=busybox-pod');
      return p.length === 4 && !p.includes(victim ?? '') && p;
    });
    expect(pods).toHaveLength(4);
  });

  it('replicaset-definition-1.yaml is refused for its apiVersion, then created as apps/v1', T, async () => {
    const r = await kubectl.run(['create', '-f', join(SEEDS, 'replicaset-definition-1.yaml')]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('no matches for kind "ReplicaSet" in version "v1"');
    const fixed = join(lab.harness.dir, 'replicaset-definition-1.yaml');
    writeFileSync(fixed, readFileSync(join(SEEDS, 'replicaset-definition-1.yaml'), 'utf8').replace('apiVersion: v1', 'apiVersion: apps/v1'));
    expect((await kubectl.ok(['create', '-f', fixed])).trim()).toBe('replicaset.apps/replicaset-1 created');
    await waitFor('2 pods', async () => (await podNames('tier=frontend')).length === 2);
  });

  it('replicaset-definition-2.yaml is refused for its selector, then created when the labels match', T, async () => {
    const r = await kubectl.run(['create', '-f', join(SEEDS, 'replicaset-definition-2.yaml')]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('The ReplicaSet "replicaset-2" is invalid: spec.template.metadata.labels: Invalid value: map[string]string{"tier":"nginx"}: `selector` does not match template `labels`');
    const fixed = join(lab.harness.dir, 'replicaset-definition-2.yaml');
    writeFileSync(fixed, readFileSync(join(SEEDS, 'replicaset-definition-2.yaml'), 'utf8').replace('tier: frontend', 'tier: nginx'));
    expect((await kubectl.ok(['create', '-f', fixed])).trim()).toBe('replicaset.apps/replicaset-2 created');
    await waitFor('2 pods', async () => (await podNames('tier=nginx')).length === 2);
  });

  it('deleting replicaset-1 and -2 deletes their pods', T, async () => {
    const out = await kubectl.ok(['delete', 'replicaset', 'replicaset-1', 'replicaset-2']);
    expect(out.trim().split('\n')).toEqual(['replicaset.apps "replicaset-1" deleted', 'replicaset.apps "replicaset-2" deleted']);
    await waitFor('pods gone', async () => (await podNames('tier in (frontend,nginx)')).length === 0);
  });

  it('kubectl edit fixes the image; deleted pods come back with it', T, async () => {
    const fix = editor('fix-image.sh', `sed -i 's/image: busybox777/image: busybox/' "$1"`);
    expect((await kubectl.ok(['edit', 'replicaset', 'new-replica-set'], { KUBE_EDITOR: fix })).trim()).toBe('replicaset.apps/new-replica-set edited');
    await kubectl.ok(['delete', 'pods', '-l', 'name=busybox-pod']);
    await waitFor('4 pods with busybox', async () => {
      const images = await kubectl.ok(['get', 'pods', '-l', 'name=busybox-pod', '-o', 'jsonpath={.items[*].spec.containers[0].image}']);
      const list = images.split(' ').filter(Boolean);
      return list.length === 4 && list.every((i) => i === 'busybox');
    });
  });

  it('kubectl edit scales to 5, kubectl scale to 2, kubectl replace to 3, scale -f to 6', T, async () => {
    const five = editor('five.sh', `sed -i '/^spec:/,/^status:/ s/^  replicas: [0-9]*$/  replicas: 5/' "$1"`);
    await kubectl.ok(['edit', 'replicaset', 'new-replica-set'], { KUBE_EDITOR: five });
    await waitFor('5 pods', async () => (await podNames('name=busybox-pod')).length === 5);
    expect((await kubectl.ok(['scale', '--replicas=2', 'replicaset', 'new-replica-set'])).trim()).toBe('replicaset.apps/new-replica-set scaled');
    await waitFor('2 pods', async () => (await podNames('name=busybox-pod')).length === 2);
    await waitFor('rs row', async () => JSON.stringify(await rsRow('new-replica-set')) === JSON.stringify(['new-replica-set', '2', '2', '0']));
    const file = join(lab.harness.dir, 'replace.yaml');
    writeFileSync(file, NEW_REPLICA_SET.replace('replicas: 4', 'replicas: 3').replace('image: busybox777', 'image: busybox'));
    expect((await kubectl.ok(['replace', '-f', file])).trim()).toBe('replicaset.apps/new-replica-set replaced');
    await waitFor('3 pods', async () => (await podNames('name=busybox-pod')).length === 3);
    expect((await kubectl.ok(['scale', '--replicas=6', '-f', file])).trim()).toBe('replicaset.apps/new-replica-set scaled');
    await waitFor('6 pods', async () => (await podNames('name=busybox-pod')).length === 6);
  });

  it('kubectl delete rs --cascade=orphan leaves the pods without ownerReferences', T, async () => {
    expect((await kubectl.ok(['delete', 'rs', 'new-replica-set', '--cascade=orphan'])).trim()).toBe('replicaset.apps "new-replica-set" deleted');
    await waitFor('rs gone', async () => (await kubectl.run(['get', 'rs', 'new-replica-set'])).code !== 0);
    const owners = await kubectl.ok(['get', 'pods', '-l', 'name=busybox-pod', '-o', 'jsonpath={range .items[*]}{.metadata.name}={.metadata.ownerReferences}{"\\n"}{end}']);
    const lines = owners.split('\n').filter(Boolean);
    expect(lines).toHaveLength(6);
    for (const l of lines) expect(l).toMatch(/^new-replica-set-[a-z0-9]{5}=$/);
  });
});

describe('seeds: ReplicationController commands', () => {
  it('create, get rc, scale rc, expose rc, delete rc (the pods go with it)', T, async () => {
    expect((await kubectl.ok(['create', '-f', join(SEEDS, 'mynapp-rc.yml')])).trim()).toBe('replicationcontroller/mynapp-rc created');
    await waitFor('3 pods', async () => (await podNames('app=mynapp-rc')).length === 3);
    const rows = table(await kubectl.ok(['get', 'replicationcontrollers']));
    expect(rows[0]).toEqual(['NAME', 'DESIRED', 'CURRENT', 'READY', 'AGE']);
    expect(rows.find((r) => r[0] === 'mynapp-rc')?.slice(0, 4)).toEqual(['mynapp-rc', '3', '3', '0']);
    expect((await kubectl.ok(['scale', 'rc', 'mynapp-rc', '--replicas=5'])).trim()).toBe('replicationcontroller/mynapp-rc scaled');
    await waitFor('5 pods', async () => (await podNames('app=mynapp-rc')).length === 5);
    const owner = await kubectl.ok(['get', 'pods', '-l', 'app=mynapp-rc', '-o', 'jsonpath={.items[0].metadata.ownerReferences[0].kind}/{.items[0].metadata.ownerReferences[0].name}']);
    expect(owner).toBe('ReplicationController/mynapp-rc');
    expect((await kubectl.ok(['expose', 'rc', 'mynapp-rc', '--type=LoadBalancer', '--name', 'myweb-svc'])).trim()).toBe('service/myweb-svc exposed');
    const svc = table(await kubectl.ok(['get', 'svc', 'myweb-svc']));
    expect(svc[1]?.slice(0, 2)).toEqual(['myweb-svc', 'LoadBalancer']);
    expect((await kubectl.ok(['scale', 'rc', 'mynapp-rc', '--replicas=2'])).trim()).toBe('replicationcontroller/mynapp-rc scaled');
    await waitFor('2 pods', async () => (await podNames('app=mynapp-rc')).length === 2);
    expect((await kubectl.ok(['delete', 'rc', 'mynapp-rc'])).trim()).toBe('replicationcontroller "mynapp-rc" deleted');
    await waitFor('pods gone', async () => (await podNames('app=mynapp-rc')).length === 0);
  });
});
