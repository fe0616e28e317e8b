// Placement across nodes: topology spread, pod (anti-)affinity, ReplicaSet spreading,
// the unschedulable queue reacting to new nodes, and a burst that must not overcommit.
import { afterEach, describe, expect, it } from 'vitest';
import type { KubeObject } from '../../common/kube-types.js';
import type { Lab } from './spec-support.js';
import { addNode, boundTo, createPod, expectUnschedulable, NODES, podObject, pods, requests, startLab, waitFor } from './spec-support.js';

const T = 180_000;
let lab: Lab | undefined;

afterEach(async () => {
  await lab?.stop();
  lab = undefined;
});

async function boundNodes(l: Lab, names: string[]): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const n of names) out[n] = await boundTo(l, n);
  return out;
}

function countBy(values: string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const v of values) out[v] = (out[v] ?? 0) + 1;
  return out;
}

describe('scheduler placement', () => {
  it(
    'no nodes, then a node: the pending pod is placed when it arrives',
    async () => {
      const l = (lab = await startLab());
      await createPod(l, podObject('early'));
      await expectUnschedulable(l, 'early', 'no nodes available to schedule pods');
      await addNode(l, 'late');
      expect(await boundTo(l, 'early')).toBe('late');
    },
    T,
  );

  it(
    'topology spread (DoNotSchedule across zones) and its skew',
    async () => {
      const l = (lab = await startLab());
      const infra = [{ key: 'dedicated', value: 'infra', effect: 'NoSchedule' }];
      await addNode(l, 'a1', { labels: { 'topology.kubernetes.io/zone': 'a' } });
      await addNode(l, 'a2', { labels: { 'topology.kubernetes.io/zone': 'a' } });
      await addNode(l, 'b1', { labels: { 'topology.kubernetes.io/zone': 'b' }, taints: infra });
      await addNode(l, 'b2', { labels: { 'topology.kubernetes.io/zone': 'b' }, taints: infra });
      const web = (name: string) =>
        podObject(name, { topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { app: 'web' } } }] }, { labels: { app: 'web' } });
      await createPod(l, web('web-1'));
      expect(['a1', 'a2']).toContain(await boundTo(l, 'web-1'));
      // zone b is a domain with 0 pods (taints are ignored by default), so zone a may not take a second
      await createPod(l, web('web-2'));
      await expectUnschedulable(
        l,
        'web-2',
        "0/4 nodes are available: 2 node(s) didn't match pod topology spread constraints, 2 node(s) had untolerated taint {dedicated: infra}. preemption: 0/4 nodes are available: 2 No preemption victims found for incoming pod, 2 Preemption is not helpful for scheduling.",
      );
      await l.admin.patch(NODES, 'b2', { spec: { taints: null } }, 'merge');
      expect(await boundTo(l, 'web-2')).toBe('b2');

      await addNode(l, 'nozone');
      await l.admin.patch(NODES, 'a1', { spec: { unschedulable: true } }, 'merge');
      await l.admin.patch(NODES, 'a2', { spec: { unschedulable: true } }, 'merge');
      await l.admin.patch(NODES, 'b2', { spec: { unschedulable: true } }, 'merge');
      await waitFor('cordons seen', () => (l.sched.nodes().filter((n) => n.unschedulable).length === 3 ? true : undefined));
      await createPod(l, web('web-3'));
      await expectUnschedulable(
        l,
        'web-3',
        "0/5 nodes are available: 1 node(s) didn't match pod topology spread constraints (missing required label), 1 node(s) had untolerated taint {dedicated: infra}, 3 node(s) were unschedulable. preemption: 0/5 nodes are available: 5 Preemption is not helpful for scheduling.",
      );
    },
    T,
  );

  it(
    'required anti-affinity on hostname, the symmetric check, and pod affinity',
    async () => {
      const l = (lab = await startLab());
      await addNode(l, 'n1');
      await addNode(l, 'n2');
      const db = (name: string) =>
        podObject(
          name,
          { affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { app: 'db' } }, topologyKey: 'kubernetes.io/hostname' }] } } },
          { labels: { app: 'db' } },
        );
      await createPod(l, db('db-0'));
      await createPod(l, db('db-1'));
      const placed = await boundNodes(l, ['db-0', 'db-1']);
      expect(new Set(Object.values(placed)).size).toBe(2);
      await createPod(l, db('db-2'));
      await expectUnschedulable(
        l,
        'db-2',
        "0/2 nodes are available: 2 node(s) didn't match pod anti-affinity rules. preemption: 0/2 nodes are available: 2 No preemption victims found for incoming pod.",
      );
      await createPod(l, podObject('plain-db', {}, { labels: { app: 'db' } }));
      await expectUnschedulable(
        l,
        'plain-db',
        "0/2 nodes are available: 2 node(s) didn't satisfy existing pods anti-affinity rules. preemption: 0/2 nodes are available: 2 No preemption victims found for incoming pod.",
      );
      await createPod(
        l,
        podObject('cache', {
          affinity: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { app: 'db' } }, topologyKey: 'kubernetes.io/hostname' }] } },
        }),
      );
      expect(Object.values(placed)).toContain(await boundTo(l, 'cache'));
      await createPod(
        l,
        podObject('lonely', { affinity: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { app: 'queue' } }, topologyKey: 'kubernetes.io/hostname' }] } } }),
      );
      await expectUnschedulable(
        l,
        'lonely',
        "0/2 nodes are available: 2 node(s) didn't match pod affinity rules. preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling.",
      );
    },
    T,
  );

  it(
    "a ReplicaSet's pods are spread across nodes even when one node is much larger",
    async () => {
      const l = (lab = await startLab());
      await addNode(l, 'big', { cpu: '64', memory: '256Gi' });
      await addNode(l, 'small-1');
      await addNode(l, 'small-2');
      const rs = await l.admin.create({ group: 'apps', version: 'v1', resource: 'replicasets', namespace: 'default' }, {
        apiVersion: 'apps/v1',
        kind: 'ReplicaSet',
        metadata: { name: 'web' },
        spec: { replicas: 6, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'app', image: 'nginx' }] } } },
      });
      const owner = { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web', uid: rs.metadata.uid ?? '', controller: true, blockOwnerDeletion: true };
      const names = ['web-a', 'web-b', 'web-c', 'web-d', 'web-e', 'web-f'];
      // one at a time, as a ReplicaSet controller's creates arrive
      for (const n of names) {
        await createPod(l, podObject(n, {}, { labels: { app: 'web' }, ownerReferences: [owner] }));
        await boundTo(l, n);
      }
      const placed = await boundNodes(l, names);
      expect(countBy(Object.values(placed))).toEqual({ big: 2, 'small-1': 2, 'small-2': 2 });
      const d = l.sched.decisions('default/web-f').at(-1);
      expect(d?.nodes.every((n) => n.scores?.some((s) => s.plugin === 'PodTopologySpread'))).toBe(true);

      // the same pods without an owner pile onto the large node
      for (const n of ['solo-a', 'solo-b']) await createPod(l, podObject(n, {}, { labels: { app: 'solo' } }));
      expect(Object.values(await boundNodes(l, ['solo-a', 'solo-b']))).toEqual(['big', 'big']);
    },
    T,
  );

  it(
    'a burst of 200 pods onto 10 nodes never overcommits',
    async () => {
      const l = (lab = await startLab());
      const nodes = Array.from({ length: 10 }, (_, i) => `n${i}`);
      for (const n of nodes) await addNode(l, n, { cpu: '2', memory: '4Gi' });
      const names = Array.from({ length: 200 }, (_, i) => `burst-${i}`);
      for (let i = 0; i < names.length; i += 25) {
        await Promise.all(names.slice(i, i + 25).map((n) => createPod(l, podObject(n, requests('100m', '64Mi')))));
      }
      await waitFor(
        'all 200 pods bound',
        async () => {
          const list = await l.admin.list(pods());
          const bound = list.items.filter((p) => names.includes(p.metadata.name ?? '') && ((p.spec ?? {}) as { nodeName?: string }).nodeName);
          return bound.length === 200 ? list.items : undefined;
        },
        150_000,
        250,
      );
      const list = await l.admin.list(pods());
      const perNode = countBy(list.items.filter((p: KubeObject) => names.includes(p.metadata.name ?? '')).map((p) => ((p.spec ?? {}) as { nodeName: string }).nodeName));
      // 2 cpus / 100m = exactly 20 per node: any overcommit would leave another node short
      expect(perNode).toEqual(Object.fromEntries(nodes.map((n) => [n, 20])));
      for (const v of l.sched.nodes()) expect(v.requested.milliCpu).toBeLessThanOrEqual(v.allocatable.milliCpu);
      await createPod(l, podObject('one-too-many', requests('100m')));
      await expectUnschedulable(
        l,
        'one-too-many',
        '0/10 nodes are available: 10 Insufficient cpu. preemption: 0/10 nodes are available: 10 No preemption victims found for incoming pod.',
      );
      expect(l.errors).toEqual([]);
    },
    T,
  );

  it(
    "pods for another scheduler are left alone; gated pods wait for their gates to go",
    async () => {
      const l = (lab = await startLab());
      await addNode(l, 'n1');
      await createPod(l, podObject('theirs', { schedulerName: 'my-scheduler' }));
      await createPod(l, podObject('gated', { schedulingGates: [{ name: 'example.com/quota' }] }));
      await createPod(l, podObject('ours'));
      expect(await boundTo(l, 'ours')).toBe('n1');
      expect(l.sched.stats().gated).toBe(1);
      const theirs = await l.admin.get(pods(), 'theirs');
      expect(((theirs.spec ?? {}) as { nodeName?: string }).nodeName).toBeUndefined();
      expect(l.sched.decisions('default/theirs')).toEqual([]);
      await l.admin.patch(pods(), 'gated', { spec: { schedulingGates: null } }, 'merge');
      expect(await boundTo(l, 'gated')).toBe('n1');
    },
    T,
  );

  it(
    'decisions: every node with its filter results and scores',
    async () => {
      const l = (lab = await startLab());
      await addNode(l, 'fits');
      await addNode(l, 'tainted', { taints: [{ key: 'team', value: 'x', effect: 'NoSchedule' }] });
      await addNode(l, 'small', { cpu: '500m' });
      const seen: string[] = [];
      const off = l.sched.onDecision((d) => seen.push(`${d.pod} ${d.result} ${d.node ?? ''}`));
      await createPod(l, podObject('web', requests('1')));
      expect(await boundTo(l, 'web')).toBe('fits');
      off();
      const [d] = l.sched.decisions('default/web');
      expect(seen).toContain('default/web Scheduled fits');
      expect(d?.result).toBe('Scheduled');
      expect(d?.nodesInCluster).toBe(3);
      expect(d?.nodesFeasible).toBe(1);
      const byNode = Object.fromEntries((d?.nodes ?? []).map((n) => [n.node, n]));
      expect(byNode.tainted?.filters).toEqual([
        { plugin: 'NodeUnschedulable', passed: true },
        { plugin: 'TaintToleration', passed: false, reasons: ['node(s) had untolerated taint {team: x}'], code: 'UnschedulableAndUnresolvable' },
      ]);
      expect(byNode.small?.filters.at(-1)).toEqual({ plugin: 'NodeResourcesFit', passed: false, reasons: ['Insufficient cpu'], code: 'Unschedulable' });
      expect(byNode.fits?.feasible).toBe(true);
      expect(byNode.fits?.chosen).toBe(true);
      expect(d?.skippedPlugins).toEqual(expect.arrayContaining(['NodeName', 'NodeAffinity', 'NodePorts', 'PodTopologySpread', 'InterPodAffinity']));
    },
    T,
  );
});
