// The scheduling cycle without an API server: an in-memory cache of nodes and pods.
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../common/kube-types.js';
import { SchedulerCache } from './cache.js';
import { resolveConfig } from './config.js';
import { DEFAULT_FILTERS } from './filters/index.js';
import { Framework, numFeasibleNodesToFind } from './framework.js';
import type { PodInfo } from './pod-info.js';
import { parsePod } from './pod-info.js';
import type { ClusterLookup } from './plugin.js';
import { DEFAULT_SCORES } from './scores/index.js';

function node(name: string, cpu = '4', memory = '8Gi', labels: Record<string, string> = {}): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, labels: { 'kubernetes.io/hostname': name, ...labels } },
    spec: {},
    status: { allocatable: { cpu, memory, pods: '110' }, conditions: [{ type: 'Ready', status: 'True' }] },
  };
}

let seq = 0;
function pod(spec: Record<string, unknown> = {}, labels: Record<string, string> = {}, nodeName?: string): PodInfo {
  const name = `p${seq++}`;
  return parsePod({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default', uid: name, labels },
    spec: { containers: [{ name: 'c', resources: { requests: { cpu: '100m', memory: '100Mi' } } }], ...(nodeName ? { nodeName } : {}), ...spec },
  });
}

function setup(nodes: KubeObject[], random = () => 0.5) {
  const cache = new SchedulerCache();
  for (const n of nodes) cache.addNode(n);
  const lookup: ClusterLookup = { cache, namespaceLabels: () => ({}), namespacesMatching: () => [], defaultSpreadSelector: () => null };
  return { cache, fw: new Framework(resolveConfig({ random }), DEFAULT_FILTERS, DEFAULT_SCORES, lookup) };
}

describe('scheduling cycle', () => {
  it('finds kube-scheduler 1.32 numbers of feasible nodes', () => {
    expect(numFeasibleNodesToFind(0, 50)).toBe(50);
    expect(numFeasibleNodesToFind(0, 100)).toBe(100);
    expect(numFeasibleNodesToFind(0, 500)).toBe(230);
    expect(numFeasibleNodesToFind(0, 5000)).toBe(500);
    expect(numFeasibleNodesToFind(0, 10_000)).toBe(500);
    expect(numFeasibleNodesToFind(10, 500)).toBe(100);
  });

  it('scores the emptier node higher (LeastAllocated) and balanced use (BalancedAllocation)', () => {
    const { cache, fw } = setup([node('busy'), node('idle')]);
    cache.addPod(pod({ containers: [{ name: 'c', resources: { requests: { cpu: '2', memory: '1Gi' } } }] }, {}, 'busy'));
    const out = fw.schedule(pod(), 1);
    expect(out.kind === 'scheduled' && out.node.name).toBe('idle');
    const scores = Object.fromEntries(out.record.scorePlugins.map((p, i) => [p.name, out.record.scores[i]]));
    // busy: cpu (4000-2100)/4000 → 47, memory (8192-1224)/8192 Mi → 85, mean 66; idle: 97 and 98 → 97
    // balanced (actual requests): busy 1 - |2100/4000 - 1124/8192| / 2 → 80; idle → 99
    expect(out.record.feasible).toEqual(['busy', 'idle']);
    expect(scores).toEqual({ TaintToleration: [100, 100], NodeResourcesFit: [66, 97], NodeResourcesBalancedAllocation: [80, 99] });
    expect(out.record.totals).toEqual([300 + 66 + 80, 300 + 97 + 99]);
  });

  it('breaks ties with the injected random source', () => {
    const pick = (r: number) => {
      const { fw } = setup(['a', 'b', 'c'].map((n) => node(n)), () => r);
      const out = fw.schedule(pod(), 1);
      return out.kind === 'scheduled' ? out.node.name : '';
    };
    // reservoir sampling over equal totals: a random that always says "replace" keeps the last tie
    expect(pick(0)).toBe('c');
    expect(pick(0.99)).toBe('a');
  });

  it('starts each cycle where the last one stopped', () => {
    const nodes = Array.from({ length: 200 }, (_, i) => node(`n${i}`));
    const { fw } = setup(nodes);
    const first = fw.schedule(pod(), 1);
    const second = fw.schedule(pod(), 1);
    // 200 nodes → 100 feasible nodes per cycle; the second cycle looks at the other 100
    expect(first.record.feasible).toHaveLength(100);
    expect(new Set([...first.record.feasible, ...second.record.feasible]).size).toBe(200);
  });

  it('never overcommits while pods are only assumed', () => {
    const { cache, fw } = setup([node('a', '1'), node('b', '1')]);
    const placed: string[] = [];
    for (let i = 0; i < 21; i++) {
      const p = pod();
      const out = fw.schedule(p, 1);
      if (out.kind !== 'scheduled') {
        expect(out.message).toBe('0/2 nodes are available: 2 Insufficient cpu. preemption: 0/2 nodes are available: 2 No preemption victims found for incoming pod.');
        continue;
      }
      cache.assumePod(p, out.node.name);
      placed.push(out.node.name);
    }
    expect(placed.filter((n) => n === 'a')).toHaveLength(10);
    expect(placed.filter((n) => n === 'b')).toHaveLength(10);
  });

  it('narrows to the nodes a DaemonSet-style metadata.name affinity names', () => {
    const { fw } = setup([node('a', '1'), node('b'), node('c')]);
    const ds = pod({
      containers: [{ name: 'c', resources: { requests: { cpu: '2' } } }],
      affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['a'] }] }] } } },
    });
    const out = fw.schedule(ds, 1);
    expect(out.kind === 'unschedulable' && out.message).toBe(
      "0/3 nodes are available: 1 Insufficient cpu, 2 node(s) didn't satisfy plugin(s) [NodeAffinity]. preemption: 0/3 nodes are available: 1 No preemption victims found for incoming pod, 2 Preemption is not helpful for scheduling.",
    );
  });
});
