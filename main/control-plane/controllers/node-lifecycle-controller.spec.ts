// Node failure end to end on a real API server: a node whose lease stops being renewed
// goes Ready=Unknown after the grace period, gets the unreachable taints, its pods are
// marked not ready and evicted by their tolerations, and it all reverses when the
// kubelet comes back. Timings are shortened through the config, as kube's flags allow.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubeObject } from '../../common/kube-types.js';
import type { ApiHarness } from '../testing/api-harness.js';
import { startApiHarness } from '../testing/api-harness.js';
import { FakeClock, KwokCluster, NODES, kubectl, podsIn, tryGet, waitFor } from './kwok.fixture.js';
import { NodeLifecycleController, conditionTaints, nodeLifecycleConfig } from './node-lifecycle-controller.js';
import { readyCondition } from './node-health.js';
import { taintsOf } from './node-taints.js';
import type { Toleration } from './node-taints.js';
import { TaintEvictionController } from './taint-eviction.js';

let h: ApiHarness;

beforeAll(async () => {
  h = await startApiHarness();
});

afterAll(async () => {
  await h.stop();
});

const events = async (reason: string): Promise<KubeObject[]> =>
  (await h.admin.list({ group: '', version: 'v1', resource: 'events' }, { fieldSelector: `reason=${reason}` })).items;

const hasTaint = (node: KubeObject | undefined, key: string, effect: string): boolean => taintsOf(node).some((t) => t.key === key && t.effect === effect);

async function makePod(name: string, node: string, tolerations: Toleration[] = []): Promise<void> {
  await h.admin.create(podsIn('default'), { apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec: { nodeName: node, tolerations, containers: [{ name: 'c', image: 'nginx' }] } });
}

describe('config', () => {
  it('has the 1.32 defaults and rejects nonsense', () => {
    const c = nodeLifecycleConfig();
    expect(c).toMatchObject({ nodeMonitorPeriodMs: 5000, nodeMonitorGracePeriodMs: 50_000, nodeStartupGracePeriodMs: 60_000 });
    expect(() => nodeLifecycleConfig({ nodeMonitorGracePeriodMs: -1 })).toThrow(/nodeMonitorGracePeriodMs/);
  });

  it('maps conditions to NoSchedule taints as kube does', () => {
    const node: KubeObject = { metadata: { name: 'x' }, spec: { unschedulable: true }, status: { conditions: [{ type: 'Ready', status: 'False' }, { type: 'DiskPressure', status: 'True' }, { type: 'MemoryPressure', status: 'False' }] } };
    expect(conditionTaints(node).map((t) => t.key)).toEqual(['node.kubernetes.io/not-ready', 'node.kubernetes.io/disk-pressure', 'node.kubernetes.io/unschedulable']);
  });
});

describe('grace period on a fake clock (the seeds\' 40 s in milliseconds)', () => {
  it('keeps a quiet node Ready for 40 s, then marks it Unknown', async () => {
    const clock = new FakeClock();
    const kwok = new KwokCluster(h.admin, { heartbeatMs: 3_600_000 });
    const c = new NodeLifecycleController(h.admin, { clock, nodeMonitorGracePeriodMs: 40_000 });
    c.start();
    try {
      await kwok.addNode('fake-1');
      await waitFor('RegisteredNode', async () => (await events('RegisteredNode')).some((e) => (e.message as string) === 'Node fake-1 event: Registered Node fake-1 in Controller'));
      clock.advance(39_000);
      await waitFor('a pass at 39 s', async () => {
        await c.reconcile('fake-1');
        return true;
      });
      expect(readyCondition(await h.admin.get(NODES, 'fake-1'))?.status).toBe('True');
      clock.advance(2_000);
      const node = await waitFor('Ready=Unknown', async () => {
        await c.reconcile('fake-1');
        const n = await h.admin.get(NODES, 'fake-1');
        return readyCondition(n)?.status === 'Unknown' && n;
      });
      expect(readyCondition(node)).toMatchObject({ reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.' });
      const types = ((node.status as { conditions: { type: string; status: string }[] }).conditions).map((x) => `${x.type}=${x.status}`);
      expect(types).toEqual(expect.arrayContaining(['Ready=Unknown', 'MemoryPressure=Unknown', 'DiskPressure=Unknown', 'PIDPressure=Unknown']));
      await waitFor('unreachable taints', async () => {
        const n = await h.admin.get(NODES, 'fake-1');
        return hasTaint(n, 'node.kubernetes.io/unreachable', 'NoExecute') && hasTaint(n, 'node.kubernetes.io/unreachable', 'NoSchedule');
      });
    } finally {
      c.stop();
      kwok.stop();
      await h.admin.delete(NODES, 'fake-1');
    }
  }, 120_000);
});

describe('node failure with real time (grace 3 s, tolerations of 0–2 s)', () => {
  it('taints, marks pods not ready, evicts by toleration, and recovers', async () => {
    const kwok = new KwokCluster(h.admin, { heartbeatMs: 250, runPods: true });
    const nlc = new NodeLifecycleController(h.admin, { nodeMonitorGracePeriodMs: 3_000, nodeMonitorPeriodMs: 200 });
    const te = new TaintEvictionController(h.admin);
    kwok.start();
    nlc.start();
    te.start();
    try {
      for (const n of ['n1', 'n2']) await kwok.addNode(n);
      const unreachable = (seconds?: number): Toleration => ({ key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', ...(seconds !== undefined ? { tolerationSeconds: seconds } : {}) });
      await makePod('p-zero', 'n1', [unreachable(0)]);
      await makePod('p-short', 'n1', [unreachable(2)]);
      await makePod('p-forever', 'n1', [unreachable()]);
      await makePod('p-default', 'n1');
      await makePod('p-other', 'n2');
      await waitFor('pods running', async () => (await h.admin.list(podsIn('default'))).items.filter((p) => (p.status as { podIP?: string }).podIP).length === 5);

      kwok.killNode('n1');
      const node = await waitFor('n1 NotReady with taints', async () => {
        const n = await h.admin.get(NODES, 'n1');
        return readyCondition(n)?.status === 'Unknown' && hasTaint(n, 'node.kubernetes.io/unreachable', 'NoExecute') && hasTaint(n, 'node.kubernetes.io/unreachable', 'NoSchedule') && n;
      });
      expect(readyCondition(node)?.message).toBe('Kubelet stopped posting node status.');
      expect(readyCondition(await h.admin.get(NODES, 'n2'))?.status).toBe('True');

      const zero = await waitFor('p-zero evicted at once', async () => {
        const p = await tryGet(h.admin, podsIn('default'), 'p-zero');
        return p?.metadata.deletionTimestamp ? p : undefined;
      });
      expect((zero.status as { conditions: unknown[] }).conditions).toEqual(
        expect.arrayContaining([expect.objectContaining({ type: 'DisruptionTarget', status: 'True', reason: 'DeletionByTaintManager', message: 'Taint manager: deleting due to NoExecute taint' })]),
      );
      await waitFor('p-short evicted after its 2 s', async () => (await tryGet(h.admin, podsIn('default'), 'p-short'))?.metadata.deletionTimestamp);
      // every pod of the dead node is marked not ready (MarkPodsNotReady), so Services drop them
      await waitFor('pods on n1 not ready', async () => {
        const p = await h.admin.get(podsIn('default'), 'p-forever');
        return (p.status as { conditions: { type: string; status: string }[] }).conditions.some((c) => c.type === 'Ready' && c.status === 'False');
      });
      expect((await h.admin.get(podsIn('default'), 'p-forever')).metadata.deletionTimestamp).toBeUndefined();
      expect((await h.admin.get(podsIn('default'), 'p-default')).metadata.deletionTimestamp).toBeUndefined();
      expect((await h.admin.get(podsIn('default'), 'p-other')).metadata.deletionTimestamp).toBeUndefined();

      await waitFor('eviction events', async () => {
        const msgs = (await events('TaintManagerEviction')).map((e) => e.message);
        return msgs.includes('Marking for deletion Pod default/p-zero') && msgs.includes('Marking for deletion Pod default/p-short');
      });
      const notReady = await waitFor('NodeNotReady event', async () => (await events('NodeNotReady')).find((e) => (e.involvedObject as { kind: string; name: string }).name === 'n1'));
      expect(notReady).toMatchObject({ message: 'Node n1 status is now: NodeNotReady', source: { component: 'node-controller' } });

      // what a learner sees with the real kubectl
      expect(await kubectl(h, 'get', 'nodes')).toMatch(/n1\s+NotReady/);
      const described = await kubectl(h, 'describe', 'node', 'n1');
      expect(described).toMatch(/Taints:\s+node\.kubernetes\.io\/unreachable:NoExecute/);
      expect(described).toContain('Kubelet stopped posting node status.');
      expect(described).toMatch(/NodeNotReady\s+.*node-controller\s+Node n1 status is now: NodeNotReady/);

      await kwok.reviveNode('n1');
      await waitFor('n1 Ready without taints', async () => {
        const n = await h.admin.get(NODES, 'n1');
        return readyCondition(n)?.status === 'True' && taintsOf(n).length === 0;
      });
      // p-default's 300 s eviction is called off
      await waitFor('cancel event', async () => (await events('TaintManagerEviction')).some((e) => e.message === 'Cancelling deletion of Pod default/p-default'));
      expect(await kubectl(h, 'get', 'node', 'n1')).toMatch(/n1\s+Ready/);
    } finally {
      te.stop();
      nlc.stop();
      kwok.stop();
      await h.admin.deleteCollection(podsIn('default'), { gracePeriodSeconds: '0' });
      for (const n of ['n1', 'n2']) await h.admin.delete(NODES, n);
    }
  }, 180_000);

  it('a NoExecute taint evicts pods that do not tolerate it at once; a kubelet reporting NotReady gets the not-ready taints', async () => {
    const kwok = new KwokCluster(h.admin, { heartbeatMs: 250 });
    const nlc = new NodeLifecycleController(h.admin, { nodeMonitorGracePeriodMs: 3_000, nodeMonitorPeriodMs: 200 });
    const te = new TaintEvictionController(h.admin);
    kwok.start();
    nlc.start();
    te.start();
    try {
      await kwok.addNode('t1');
      await makePod('plain', 't1');
      await makePod('tolerant', 't1', [{ key: 'dedicated', operator: 'Equal', value: 'db', effect: 'NoExecute' }]);
      await kubectl(h, 'taint', 'node', 't1', 'dedicated=db:NoExecute');
      // the live kubelet finishes the deletion, so the pod goes away
      await waitFor('plain evicted', async () => {
        const p = await tryGet(h.admin, podsIn('default'), 'plain');
        return !p || p.metadata.deletionTimestamp !== undefined;
      });
      expect((await h.admin.get(podsIn('default'), 'tolerant')).metadata.deletionTimestamp).toBeUndefined();

      await kwok.postReady('t1', 'False');
      await waitFor('not-ready taints', async () => {
        const n = await h.admin.get(NODES, 't1');
        return hasTaint(n, 'node.kubernetes.io/not-ready', 'NoExecute') && hasTaint(n, 'node.kubernetes.io/not-ready', 'NoSchedule');
      });
      await kubectl(h, 'cordon', 't1');
      await waitFor('unschedulable taint', async () => hasTaint(await h.admin.get(NODES, 't1'), 'node.kubernetes.io/unschedulable', 'NoSchedule'));
      await kwok.postReady('t1', 'True');
      await kubectl(h, 'uncordon', 't1');
      await waitFor('only the user taint left', async () => {
        const t = taintsOf(await h.admin.get(NODES, 't1'));
        return t.length === 1 && t[0]?.key === 'dedicated';
      });
    } finally {
      te.stop();
      nlc.stop();
      kwok.stop();
      await h.admin.deleteCollection(podsIn('default'), { gracePeriodSeconds: '0' });
      await h.admin.delete(NODES, 't1');
    }
  }, 180_000);
});
