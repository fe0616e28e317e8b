// The DaemonSet controller on a real API server with kwok-style nodes: a pod per eligible
// node (taints and the automatic daemon tolerations respected), following nodes as they
// come and go, a rolling update that never has more than maxUnavailable nodes without an
// available pod, and the history kubectl rollout reads. The kwok fixture plays the
// scheduler (binding the pinned pods) and the kubelet (IP, Ready, finishing deletions).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubeObject } from '../../common/kube-types.js';
import type { ApiHarness } from '../testing/api-harness.js';
import { startApiHarness } from '../testing/api-harness.js';
import { DaemonSetController } from './daemonset-controller.js';
import { computeHash } from './daemonset-history.js';
import { nodeShouldRunDaemonPod, targetNodeName, withDaemonTolerations } from './daemonset-scheduling.js';
import { KwokCluster, kubectl, podsIn, retryConflict, waitFor } from './kwok.fixture.js';
import { isPodReady } from './pod-readiness.js';

let h: ApiHarness;
let kwok: KwokCluster;
let controller: DaemonSetController;
const DS = { group: 'apps', version: 'v1', resource: 'daemonsets', namespace: 'default' };
const REVS = { group: 'apps', version: 'v1', resource: 'controllerrevisions', namespace: 'default' };

beforeAll(async () => {
  h = await startApiHarness();
  kwok = new KwokCluster(h.admin, { bindPods: true, runPods: true, heartbeatMs: 2000 });
  kwok.start();
  controller = new DaemonSetController(h.admin);
  controller.start();
});

afterAll(async () => {
  controller.stop();
  kwok.stop();
  await h.stop();
});

const livePods = async (): Promise<KubeObject[]> => (await h.admin.list(podsIn('default'), { labelSelector: 'app=agent' })).items.filter((p) => !p.metadata.deletionTimestamp);
const podNodes = async (): Promise<string> =>
  (await livePods())
    .map((p) => targetNodeName(p))
    .sort()
    .join(',');
const image = (p: KubeObject): string => ((p.spec as { containers: { image: string }[] }).containers[0]?.image ?? '');

describe('daemonset scheduling rules', () => {
  it('adds kube\'s daemon tolerations and honours taints and selectors', () => {
    const keys = withDaemonTolerations({ tolerations: [{ key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 5 }] }).map((t) => `${t.key}:${t.effect}:${t.tolerationSeconds ?? ''}`);
    expect(keys).toEqual([
      'node.kubernetes.io/not-ready:NoExecute:',
      'node.kubernetes.io/unreachable:NoExecute:',
      'node.kubernetes.io/disk-pressure:NoSchedule:',
      'node.kubernetes.io/memory-pressure:NoSchedule:',
      'node.kubernetes.io/pid-pressure:NoSchedule:',
      'node.kubernetes.io/unschedulable:NoSchedule:',
    ]);
    const ds: KubeObject = { metadata: { name: 'd' }, spec: { template: { spec: { nodeSelector: { disk: 'ssd' } } } } };
    const node = (labels: Record<string, string>, taints: unknown[] = []): KubeObject => ({ metadata: { name: 'n', labels }, spec: { taints } });
    expect(nodeShouldRunDaemonPod(node({ disk: 'ssd' }), ds)).toEqual({ shouldRun: true, shouldContinueRunning: true });
    expect(nodeShouldRunDaemonPod(node({ disk: 'hdd' }), ds)).toEqual({ shouldRun: false, shouldContinueRunning: false });
    // an untolerated NoSchedule taint stops new pods but lets a running one stay; NoExecute evicts
    expect(nodeShouldRunDaemonPod(node({ disk: 'ssd' }, [{ key: 'x', effect: 'NoSchedule' }]), ds)).toEqual({ shouldRun: false, shouldContinueRunning: true });
    expect(nodeShouldRunDaemonPod(node({ disk: 'ssd' }, [{ key: 'x', effect: 'NoExecute' }]), ds)).toEqual({ shouldRun: false, shouldContinueRunning: false });
    expect(nodeShouldRunDaemonPod(node({ disk: 'ssd' }, [{ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' }]), ds).shouldRun).toBe(true);
    expect(computeHash({ a: 1 }, undefined)).toMatch(/^[bcdfghjklmnpqrstvwxz2456789]{1,10}$/);
    expect(computeHash({ a: 1 }, 1)).not.toBe(computeHash({ a: 1 }, undefined));
  });
});

describe('daemonset controller', () => {
  const status = async (): Promise<Record<string, number>> => ((await h.admin.get(DS, 'agent')).status ?? {}) as Record<string, number>;
  const events = async (reason: string): Promise<string[]> =>
    (await h.admin.list({ group: '', version: 'v1', resource: 'events', namespace: 'default' }, { fieldSelector: `reason=${reason}` })).items.map((e) => String(e.message));

  it('runs a pod per eligible node, follows nodes, and rolls a template change', async () => {
    await kwok.addNode('d1');
    await kwok.addNode('d2');
    await kwok.addNode('d3', { taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }] });
    await kwok.addNode('d4', { unschedulable: true });
    await h.admin.create(DS, {
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name: 'agent' },
      spec: { selector: { matchLabels: { app: 'agent' } }, template: { metadata: { labels: { app: 'agent' } }, spec: { containers: [{ name: 'agent', image: 'busybox:1.36' }] } } },
    });
    // d3's taint is not tolerated; the cordoned d4 is (daemon pods tolerate unschedulable)
    await waitFor('pods on d1,d2,d4', async () => (await podNodes()) === 'd1,d2,d4');
    const pod = (await livePods())[0] as KubeObject;
    const ds = await h.admin.get(DS, 'agent');
    expect(pod.metadata.ownerReferences).toEqual([{ apiVersion: 'apps/v1', kind: 'DaemonSet', name: 'agent', uid: ds.metadata.uid, controller: true, blockOwnerDeletion: true }]);
    expect(pod.metadata.name).toMatch(/^agent-[a-z0-9]{5}$/);
    const affinity = (pod.spec as { affinity: unknown }).affinity;
    expect(affinity).toEqual({ nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: [targetNodeName(pod)] }] }] } } });
    expect(((pod.spec as { tolerations: { key: string }[] }).tolerations).map((t) => t.key)).toContain('node.kubernetes.io/unschedulable');
    const hash = pod.metadata.labels?.['controller-revision-hash'] ?? '';
    expect(hash).not.toBe('');

    await waitFor('status 3/3 available', async () => {
      const s = await status();
      return s['desiredNumberScheduled'] === 3 && s['currentNumberScheduled'] === 3 && s['numberReady'] === 3 && s['numberAvailable'] === 3 && s['updatedNumberScheduled'] === 3 && s['observedGeneration'] === 1;
    });
    expect(await kubectl(h, 'get', 'ds', 'agent')).toMatch(/agent\s+3\s+3\s+3\s+3\s+3\s+<none>\s/);
    expect((await events('SuccessfulCreate')).filter((m) => /^Created pod: agent-[a-z0-9]{5}$/.test(m)).length).toBeGreaterThanOrEqual(3);
    const revs = (await h.admin.list(REVS)).items;
    expect(revs.map((r) => [r.metadata.name, r['revision'], r.metadata.labels?.['controller-revision-hash']])).toEqual([[`agent-${hash}`, 1, hash]]);

    await kwok.addNode('d5');
    await waitFor('pod on the new node', async () => (await podNodes()) === 'd1,d2,d4,d5');
    await kwok.removeNode('d2');
    await waitFor('pod of the removed node gone', async () => (await podNodes()) === 'd1,d4,d5');
    await waitFor('status follows', async () => (await status())['numberAvailable'] === 3);

    // roll busybox:1.36 → 1.37, sampling that at most maxUnavailable (1) node lacks an available pod
    let worst = 0;
    let sampling = true;
    const sampler = (async (): Promise<void> => {
      while (sampling) {
        const pods = await livePods();
        const up = new Set(pods.filter((p) => isPodReady(p)).map((p) => targetNodeName(p)));
        worst = Math.max(worst, ['d1', 'd4', 'd5'].filter((n) => !up.has(n)).length);
        await new Promise((r) => setTimeout(r, 100));
      }
    })();
    try {
      await retryConflict(() => h.admin.patch(DS, 'agent', { spec: { template: { spec: { containers: [{ name: 'agent', image: 'busybox:1.37' }] } } } }, 'merge'));
      await waitFor('rolled to 1.37', async () => {
        const pods = await livePods();
        const s = await status();
        return pods.length === 3 && pods.every((p) => image(p) === 'busybox:1.37' && isPodReady(p)) && s['updatedNumberScheduled'] === 3 && s['numberAvailable'] === 3 && s['observedGeneration'] === 2;
      });
    } finally {
      sampling = false;
      await sampler.catch(() => undefined);
    }
    expect(worst).toBeLessThanOrEqual(1);
    expect(await kubectl(h, 'rollout', 'status', 'ds/agent', '--timeout=60s')).toContain('daemon set "agent" successfully rolled out');
    expect(await kubectl(h, 'rollout', 'history', 'ds/agent')).toMatch(/REVISION\s+CHANGE-CAUSE\n1\s+<none>\n2\s+<none>/);
    expect((await events('SuccessfulDelete')).some((m) => /^Deleted pod: agent-/.test(m))).toBe(true);

    // tolerating the taint brings d3 in
    await retryConflict(() => h.admin.patch(DS, 'agent', { spec: { template: { spec: { tolerations: [{ key: 'dedicated', operator: 'Exists', effect: 'NoSchedule' }] } } } }, 'merge'));
    await waitFor('pod on d3', async () => (await podNodes()) === 'd1,d3,d4,d5');

    // undo to revision 1 (busybox:1.36, no toleration): d3's pod goes, revision 1 becomes 4
    await kubectl(h, 'rollout', 'undo', 'ds/agent', '--to-revision=1');
    await waitFor('back on 1.36 without d3', async () => {
      const pods = await livePods();
      return (await podNodes()) === 'd1,d4,d5' && pods.every((p) => image(p) === 'busybox:1.36');
    });
    await waitFor('revision 1 renumbered', async () => (await h.admin.get(REVS, `agent-${hash}`))['revision'] === 4);
  }, 240_000);

  it('adopts a matching orphan pod instead of making a second one for its node (OnDelete keeps it)', async () => {
    const pods = podsIn('default');
    const pinned = { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['d1'] }] }] } } };
    await h.admin.create(pods, { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'stray', labels: { app: 'logger' } }, spec: { affinity: pinned, containers: [{ name: 'c', image: 'busybox:1.36' }] } });
    // running first, as an orphan left by `kubectl delete ds --cascade=orphan` would be
    await waitFor('stray running', async () => isPodReady(await h.admin.get(pods, 'stray')));
    await h.admin.create(DS, {
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name: 'logger' },
      // with RollingUpdate the adopted pod, lacking the revision hash, would be replaced as out of date
      spec: { updateStrategy: { type: 'OnDelete' }, selector: { matchLabels: { app: 'logger' } }, template: { metadata: { labels: { app: 'logger' } }, spec: { containers: [{ name: 'c', image: 'busybox:1.36' }] } } },
    });
    const ds = await h.admin.get(DS, 'logger');
    const loggers = async (): Promise<KubeObject[]> => (await h.admin.list(pods, { labelSelector: 'app=logger' })).items.filter((p) => !p.metadata.deletionTimestamp);
    await waitFor('one logger per node, the stray adopted', async () => {
      const list = await loggers();
      const nodes = list.map((p) => targetNodeName(p)).sort().join(',');
      return nodes === 'd1,d4,d5' && list.every((p) => p.metadata.ownerReferences?.some((o) => o.uid === ds.metadata.uid && o.controller));
    });
    expect((await loggers()).some((p) => p.metadata.name === 'stray')).toBe(true);
  }, 120_000);
});
