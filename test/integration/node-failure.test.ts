// Issue 3's node failure, end to end on `k8s-lab up` with short timings: three
// kwok-style nodes (Node objects, leases and pod status driven through the API, as
// the issue allows until agents exist), a deployment spread over them, one node stops
// renewing its lease; it goes NotReady after the grace period, its pods are evicted
// after the toleration time and the ReplicaSet's replacements land on the other nodes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../../main/common/client/api-client.js';
import type { KubeObject } from '../../main/common/kube-types.js';
import { KwokCluster, waitFor } from '../../main/control-plane/controllers/kwok.fixture.js';
import { readKubeconfig } from '../../main/control-plane/pki/index.js';
import type { Lab } from './support/lab.js';
import { removeDir, startLab } from './support/lab.js';

let lab: Lab;
let client: ApiClient;
let kwok: KwokCluster;

const PODS = { group: '', version: 'v1', resource: 'pods', namespace: 'default' };

beforeAll(async () => {
  lab = await startLab({
    extraArgs: ['--node-monitor-grace-period', '4s', '--node-monitor-period', '1s', '--default-not-ready-toleration-seconds', '3', '--default-unreachable-toleration-seconds', '3'],
  });
  const kc = await readKubeconfig(lab.kubeconfig);
  client = new ApiClient({ server: kc.server, caPem: kc.caPem, certPem: kc.certPem, keyPem: kc.keyPem, userAgent: 'kwok' });
  kwok = new KwokCluster(client, { heartbeatMs: 1000, runPods: true });
  kwok.start();
  for (const n of ['node-1', 'node-2', 'node-3']) await kwok.addNode(n);
});

afterAll(async () => {
  kwok.stop();
  client.close();
  await lab.stop();
  removeDir(lab.dataDir);
});

function nodeOf(p: KubeObject): string {
  return (p.spec as { nodeName?: string }).nodeName ?? '';
}

describe('node failure', () => {
  it('marks a silent node NotReady, evicts its pods and reschedules them elsewhere', async () => {
    await waitFor('3 Ready nodes', () => (lab.kubectl(['get', 'nodes', '--no-headers']).stdout.match(/\sReady\s/g) ?? []).length === 3);
    const manifest = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: echo\nspec:\n  replicas: 6\n  selector:\n    matchLabels: {app: echo}\n  template:\n    metadata:\n      labels: {app: echo}\n    spec:\n      containers:\n      - name: echo\n        image: ghcr.io/subicura/echo:v1\n';
    expect(lab.kubectl(['apply', '-f', '-'], { input: manifest }).stdout.trim()).toBe('deployment.apps/echo created');
    const spread = await waitFor('6 running pods on 3 nodes', async () => {
      const pods = (await client.list(PODS, { labelSelector: 'app=echo' })).items.filter((p) => (p.status as { phase?: string }).phase === 'Running');
      return pods.length === 6 && new Set(pods.map(nodeOf)).size === 3 ? pods : undefined;
    });
    const onNode1 = spread.filter((p) => nodeOf(p) === 'node-1').map((p) => p.metadata.name ?? '');
    expect(onNode1.length).toBeGreaterThan(0);
    const ready = lab.kubectl(['get', 'deploy', 'echo', '--no-headers']).stdout;
    expect(ready).toMatch(/^echo\s+6\/6\s+6\s+6\s/);

    kwok.killNode('node-1');
    await waitFor('node-1 NotReady', () => /^node-1\s+NotReady\s/m.test(lab.kubectl(['get', 'nodes', '--no-headers']).stdout), 60_000, 250);
    const node = JSON.parse(lab.kubectl(['get', 'node', 'node-1', '-o', 'json']).stdout) as { spec: { taints?: { key: string; effect: string }[] }; status: { conditions: { type: string; status: string; reason: string }[] } };
    expect(node.spec.taints).toContainEqual(expect.objectContaining({ key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' }));
    expect(node.status.conditions.find((c) => c.type === 'Ready')).toMatchObject({ status: 'Unknown', reason: 'NodeStatusUnknown' });

    // after the 3 s toleration the pods there are evicted (they stay Terminating: no kubelet confirms),
    // and the ReplicaSet's replacements run on the two live nodes
    await waitFor('6 running replacements on node-2 and node-3', async () => {
      const pods = (await client.list(PODS, { labelSelector: 'app=echo' })).items;
      const live = pods.filter((p) => !p.metadata.deletionTimestamp && (p.status as { phase?: string }).phase === 'Running');
      return live.length === 6 && live.every((p) => nodeOf(p) !== 'node-1') ? live : undefined;
    }, 90_000, 250);
    for (const name of onNode1) {
      const p = await client.get(PODS, name).catch(() => undefined);
      if (p) expect(p.metadata.deletionTimestamp).toBeTruthy();
    }
    const events = lab.kubectl(['get', 'events', '--field-selector', 'reason=TaintManagerEviction', '--no-headers']).stdout;
    expect(events).toContain('Marking for deletion Pod default/');

    await kwok.reviveNode('node-1');
    await waitFor('node-1 Ready again', () => /^node-1\s+Ready\s/m.test(lab.kubectl(['get', 'nodes', '--no-headers']).stdout), 60_000, 250);
    const back = JSON.parse(lab.kubectl(['get', 'node', 'node-1', '-o', 'json']).stdout) as { spec: { taints?: { key: string }[] } };
    expect((back.spec.taints ?? []).map((t) => t.key)).not.toContain('node.kubernetes.io/unreachable');
  });
});
