// The ReplicationController manager: equality selectors, core/v1 owner references,
// the scale subresource and status, against a real API server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ReplicationManager } from './replication-controller.js';
import type { ReplicaOwner } from './workload-types.js';
import { POD_PATH, RC_PATH } from './workload-types.js';
import type { WorkloadLab } from './workload-spec-support.js';
import { listPods, markPodReady, patchRetrying, startWorkloadLab, waitFor } from './workload-spec-support.js';

let lab: WorkloadLab;
const rcPath = { ...RC_PATH, namespace: 'default' };

/** generous: a loaded 2-core machine polls slowly, and no assertion is timed */
const T = { timeout: 120_000 };

beforeAll(async () => {
  lab = await startWorkloadLab();
  lab.add(new ReplicationManager(lab.controllerClient, { onError: lab.onError }));
}, 60_000);

afterAll(async () => {
  await lab.stop();
}, 30_000);

describe('ReplicationManager', () => {
  it('keeps replicas pods for an equality selector, owned by the RC, and follows the scale subresource', T, async () => {
    // a pod carrying the selector's labels plus more is adopted; one missing a label is not
    await lab.admin.create({ ...POD_PATH, namespace: 'default' }, { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'extra-labels', labels: { app: 'rc', tier: 'x' } }, spec: { containers: [{ name: 'c', image: 'busybox' }] } });
    await lab.admin.create({ ...POD_PATH, namespace: 'default' }, { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'other', labels: { tier: 'x' } }, spec: { containers: [{ name: 'c', image: 'busybox' }] } });
    const rc = await lab.admin.create(rcPath, {
      apiVersion: 'v1',
      kind: 'ReplicationController',
      metadata: { name: 'rc' },
      spec: { replicas: 3, selector: { app: 'rc' }, template: { metadata: { labels: { app: 'rc' } }, spec: { containers: [{ name: 'c', image: 'busybox' }] } } },
    });
    const pods = await waitFor('3 pods', async () => {
      const p = (await listPods(lab.admin, 'default', 'app=rc')).filter((x) => x.metadata.ownerReferences?.[0]?.uid === rc.metadata.uid);
      return p.length === 3 && p;
    });
    expect(pods.map((p) => p.metadata.name)).toContain('extra-labels');
    expect(pods[0]?.metadata.ownerReferences).toEqual([{ apiVersion: 'v1', kind: 'ReplicationController', name: 'rc', uid: rc.metadata.uid, controller: true, blockOwnerDeletion: true }]);
    expect((await lab.admin.get({ ...POD_PATH, namespace: 'default' }, 'other')).metadata.ownerReferences).toBeUndefined();
    for (const p of pods) await markPodReady(lab.admin, p);
    const status = await waitFor('status', async () => {
      const cur = await lab.admin.get<ReplicaOwner>(rcPath, 'rc');
      return cur.status?.availableReplicas === 3 && cur.status;
    });
    // the adopted pod carries every template label (and more), so all three are fully labeled
    expect(status).toEqual({ replicas: 3, fullyLabeledReplicas: 3, readyReplicas: 3, availableReplicas: 3, observedGeneration: 1 });
    await patchRetrying(lab.admin, rcPath, 'rc', { spec: { replicas: 1 } }, 'merge', 'scale');
    const left = await waitFor('1 pod', async () => {
      const p = await listPods(lab.admin, 'default', 'app=rc');
      return p.length === 1 && p;
    });
    expect(left).toHaveLength(1);
    await waitFor('status replicas 1', async () => (await lab.admin.get<ReplicaOwner>(rcPath, 'rc')).status?.replicas === 1);
  });
});
