// The filters end to end: a real API server, nodes driven through the API, pods created
// through the API, and kube-scheduler 1.32's FailedScheduling messages asserted exactly.
import { afterEach, describe, expect, it } from 'vitest';
import type { Lab } from './spec-support.js';
import { addNode, boundTo, createPod, eventsFor, expectUnschedulable, NODES, podObject, pods, requests, startLab, waitFor } from './spec-support.js';

const T = 120_000;
let lab: Lab | undefined;

afterEach(async () => {
  await lab?.stop();
  lab = undefined;
});

describe('scheduler filters', () => {
  it(
    'taints and tolerations: the control-plane taint, NoExecute, PreferNoSchedule',
    async () => {
      const l = (lab = await startLab());
      const controlPlane = [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }];
      await addNode(l, 'node-1', { cpu: '1' });
      await addNode(l, 'node-2', { taints: controlPlane });
      await addNode(l, 'node-3', { taints: controlPlane });
      await createPod(l, podObject('big', requests('2')));
      await expectUnschedulable(
        l,
        'big',
        '0/3 nodes are available: 1 Insufficient cpu, 2 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }. preemption: 0/3 nodes are available: 1 No preemption victims found for incoming pod, 2 Preemption is not helpful for scheduling.',
      );

      await createPod(l, podObject('tolerant', { ...requests('2'), tolerations: [{ key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule' }] }));
      const node = await boundTo(l, 'tolerant');
      expect(['node-2', 'node-3']).toContain(node);
      const scheduled = await waitFor('the Scheduled event', async () => (await eventsFor(l, 'tolerant')).find((e) => e.reason === 'Scheduled'));
      expect(scheduled.message).toBe(`Successfully assigned default/tolerant to ${node}`);
      expect(scheduled.type).toBe('Normal');
      const pod = await l.admin.get(pods(), 'tolerant');
      expect(((pod.status as { conditions: { type: string; status: string }[] }).conditions.find((c) => c.type === 'PodScheduled') ?? {}).status).toBe('True');

      // a NoExecute taint is not covered by a toleration for NoSchedule only
      await addNode(l, 'gpu-1', { taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoExecute' }] });
      await l.admin.patch(NODES, 'node-1', { spec: { unschedulable: true } }, 'merge');
      await l.admin.patch(NODES, 'node-2', { spec: { unschedulable: true } }, 'merge');
      await l.admin.patch(NODES, 'node-3', { spec: { unschedulable: true } }, 'merge');
      await createPod(l, podObject('half-tolerant', { tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'gpu', effect: 'NoSchedule' }] }));
      await expectUnschedulable(
        l,
        'half-tolerant',
        '0/4 nodes are available: 1 node(s) had untolerated taint {dedicated: gpu}, 3 node(s) were unschedulable. preemption: 0/4 nodes are available: 4 Preemption is not helpful for scheduling.',
      );
      await createPod(l, podObject('gpu-job', { tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'gpu' }] }));
      expect(await boundTo(l, 'gpu-job')).toBe('gpu-1');
    },
    T,
  );

  it(
    'PreferNoSchedule steers pods away without rejecting the node',
    async () => {
      const l = (lab = await startLab());
      await addNode(l, 'soft', { taints: [{ key: 'maintenance', value: 'soon', effect: 'PreferNoSchedule' }] });
      await addNode(l, 'clean');
      for (const name of ['p1', 'p2', 'p3']) {
        await createPod(l, podObject(name));
        expect(await boundTo(l, name)).toBe('clean');
      }
      const d = l.sched.decisions('default/p1').at(-1);
      const soft = d?.nodes.find((n) => n.node === 'soft');
      expect(soft?.feasible).toBe(true);
      expect(soft?.scores?.find((s) => s.plugin === 'TaintToleration')).toEqual({ plugin: 'TaintToleration', score: 0, weight: 3, weighted: 0 });
    },
    T,
  );

  it(
    'nodeSelector',
    async () => {
      const l = (lab = await startLab());
      await addNode(l, 'node-a', { labels: { disktype: 'ssd' } });
      await addNode(l, 'node-b', { labels: { disktype: 'hdd' } });
      await createPod(l, podObject('fast', { nodeSelector: { disktype: 'ssd' } }));
      expect(await boundTo(l, 'fast')).toBe('node-a');
      await createPod(l, podObject('nvme', { nodeSelector: { disktype: 'nvme' } }));
      await expectUnschedulable(l, 'nvme', "0/2 nodes are available: 2 node(s) didn't match Pod's node affinity/selector. preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling.");
      // labelling a node is a node update the unschedulable queue reacts to
      await l.admin.patch(NODES, 'node-b', { metadata: { labels: { disktype: 'nvme' } } }, 'merge');
      expect(await boundTo(l, 'nvme')).toBe('node-b');
    },
    T,
  );

  it(
    'required node affinity operators and preferred affinity',
    async () => {
      const l = (lab = await startLab());
      await addNode(l, 'n1', { labels: { zone: 'a', gen: '3' } });
      await addNode(l, 'n2', { labels: { zone: 'b', gen: '5', gpu: 'true' } });
      await addNode(l, 'n3', { labels: { zone: 'c', gen: '7' } });
      const required = (name: string, matchExpressions: { key: string; operator: string; values?: string[] }[]) =>
        podObject(name, { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions }] } } } });
      const cases: [string, { key: string; operator: string; values?: string[] }[], string][] = [
        ['in', [{ key: 'zone', operator: 'In', values: ['b'] }], 'n2'],
        ['notin', [{ key: 'zone', operator: 'NotIn', values: ['a', 'b'] }], 'n3'],
        ['exists', [{ key: 'gpu', operator: 'Exists' }], 'n2'],
        ['doesnotexist-gt', [{ key: 'gpu', operator: 'DoesNotExist' }, { key: 'gen', operator: 'Gt', values: ['4'] }], 'n3'],
        ['lt', [{ key: 'gen', operator: 'Lt', values: ['4'] }], 'n1'],
      ];
      for (const [name, exprs] of cases) await createPod(l, required(name, exprs));
      for (const [name, , node] of cases) expect(await boundTo(l, name)).toBe(node);

      await createPod(l, required('gt-none', [{ key: 'gen', operator: 'Gt', values: ['10'] }]));
      await expectUnschedulable(l, 'gt-none', "0/3 nodes are available: 3 node(s) didn't match Pod's node affinity/selector. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.");

      await createPod(
        l,
        podObject('preferred', {
          affinity: {
            nodeAffinity: {
              preferredDuringSchedulingIgnoredDuringExecution: [
                { weight: 1, preference: { matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }] } },
                { weight: 80, preference: { matchExpressions: [{ key: 'gpu', operator: 'Exists' }] } },
              ],
            },
          },
        }),
      );
      expect(await boundTo(l, 'preferred')).toBe('n2');
      const d = l.sched.decisions('default/preferred').at(-1);
      expect(d?.nodes.find((n) => n.node === 'n2')?.scores?.find((s) => s.plugin === 'NodeAffinity')).toEqual({ plugin: 'NodeAffinity', score: 100, weight: 2, weighted: 200 });
    },
    T,
  );

  it(
    'insufficient resources, pod count, and init containers counted as kube counts them',
    async () => {
      const l = (lab = await startLab());
      await addNode(l, 'n1', { cpu: '2', memory: '2Gi', pods: '3' });
      await createPod(l, podObject('big-mem', requests(undefined, '4Gi')));
      await expectUnschedulable(l, 'big-mem', '0/1 nodes are available: 1 Insufficient memory. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.');
      await createPod(l, podObject('big-both', requests('3', '3Gi')));
      await expectUnschedulable(
        l,
        'big-both',
        '0/1 nodes are available: 1 Insufficient cpu, 1 Insufficient memory. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.',
      );

      await createPod(l, podObject('filler', requests('1')));
      expect(await boundTo(l, 'filler')).toBe('n1');
      // containers 2 × 400m, init container 1500m: the pod needs max(800m, 1500m) = 1500m
      const initPod = (name: string, init: string) =>
        podObject(name, {
          initContainers: [{ name: 'init', image: 'busybox', resources: { requests: { cpu: init } } }],
          containers: [
            { name: 'a', image: 'nginx', resources: { requests: { cpu: '400m' } } },
            { name: 'b', image: 'nginx', resources: { requests: { cpu: '400m' } } },
          ],
        });
      await createPod(l, initPod('init-heavy', '1500m'));
      await expectUnschedulable(l, 'init-heavy', '0/1 nodes are available: 1 Insufficient cpu. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.');
      await createPod(l, initPod('init-light', '800m'));
      expect(await boundTo(l, 'init-light')).toBe('n1');

      // three pods allowed: filler, init-light and tiny-1 take them all
      await createPod(l, podObject('tiny-1'));
      expect(await boundTo(l, 'tiny-1')).toBe('n1');
      await createPod(l, podObject('tiny-2'));
      await expectUnschedulable(
        l,
        'tiny-2',
        '0/1 nodes are available: 1 Too many pods. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.',
      );
      const view = l.sched.nodes().find((n) => n.name === 'n1');
      expect(view?.requested).toEqual({ milliCpu: 1800, memory: 0, pods: 3 });
    },
    T,
  );

  it(
    'cordon: rejected while unschedulable, placed once uncordoned; a not-ready node is skipped',
    async () => {
      const l = (lab = await startLab());
      await addNode(l, 'n1', { unschedulable: true });
      await createPod(l, podObject('waiting'));
      await expectUnschedulable(l, 'waiting', '0/1 nodes are available: 1 node(s) were unschedulable. preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.');
      expect(l.sched.stats().unschedulable).toBe(1);
      await l.admin.patch(NODES, 'n1', { spec: { unschedulable: false } }, 'merge');
      expect(await boundTo(l, 'waiting')).toBe('n1');

      await addNode(l, 'sick', { ready: 'False' });
      await l.admin.patch(NODES, 'n1', { spec: { unschedulable: true } }, 'merge');
      await waitFor('n1 cordoned in the scheduler', () => l.sched.nodes().find((n) => n.name === 'n1' && n.unschedulable));
      await createPod(l, podObject('nowhere'));
      await expectUnschedulable(
        l,
        'nowhere',
        '0/2 nodes are available: 1 node(s) had untolerated taint {node.kubernetes.io/not-ready: }, 1 node(s) were unschedulable. preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling.',
      );
    },
    T,
  );

  it(
    'host ports: one pod per hostPort and protocol; freed when the pod goes',
    async () => {
      const l = (lab = await startLab());
      await addNode(l, 'n1');
      const withPort = (name: string, protocol = 'TCP') => podObject(name, { containers: [{ name: 'web', image: 'nginx', ports: [{ containerPort: 80, hostPort: 8080, protocol }] }] });
      await createPod(l, withPort('first'));
      expect(await boundTo(l, 'first')).toBe('n1');
      await createPod(l, withPort('second'));
      await expectUnschedulable(
        l,
        'second',
        "0/1 nodes are available: 1 node(s) didn't have free ports for the requested pod ports. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.",
      );
      await createPod(l, withPort('udp', 'UDP'));
      expect(await boundTo(l, 'udp')).toBe('n1');
      await l.admin.delete(pods(), 'first', { gracePeriodSeconds: 0 });
      expect(await boundTo(l, 'second')).toBe('n1');
    },
    T,
  );
});
