import { describe, expect, it } from 'vitest';
import { isPodAvailable, podsToDelete } from './replica-pods.js';
import type { Pod } from './workload-types.js';

const NOW = Date.parse('2025-01-01T12:00:00Z');
const ago = (s: number): string => new Date(NOW - s * 1000).toISOString().replace('.000Z', 'Z');

function pod(name: string, o: { node?: string; phase?: string; readySince?: number; created: number; restarts?: number; cost?: string }): Pod {
  return {
    metadata: { name, namespace: 'ns', uid: name, creationTimestamp: ago(o.created), ...(o.cost ? { annotations: { 'controller.kubernetes.io/pod-deletion-cost': o.cost } } : {}) },
    spec: { ...(o.node ? { nodeName: o.node } : {}) },
    status: {
      phase: o.phase ?? 'Pending',
      conditions: o.readySince !== undefined ? [{ type: 'Ready', status: 'True', lastTransitionTime: ago(o.readySince) }] : [],
      containerStatuses: [{ restartCount: o.restarts ?? 0 }],
    },
  };
}

describe('scale-down order (ActivePodsWithRanks)', () => {
  it('unscheduled, then pending, then not ready, then ready; newer first', () => {
    const pods = [
      pod('ready-old', { node: 'n1', phase: 'Running', readySince: 4000, created: 5000 }),
      pod('ready-new', { node: 'n2', phase: 'Running', readySince: 10, created: 20 }),
      pod('running-not-ready', { node: 'n3', phase: 'Running', created: 6000 }),
      pod('pending', { node: 'n4', phase: 'Pending', created: 7000 }),
      pod('unscheduled', { created: 8000 }),
    ];
    expect(podsToDelete(pods, [], 4, NOW).map((p) => p.metadata.name)).toEqual(['unscheduled', 'pending', 'running-not-ready', 'ready-new']);
  });

  it('pod-deletion-cost, doubled-up nodes and restarts break ties among ready pods', () => {
    const a = pod('a', { node: 'n1', phase: 'Running', readySince: 100, created: 100 });
    const b = pod('b', { node: 'n2', phase: 'Running', readySince: 100, created: 100, cost: '-5' });
    expect(podsToDelete([a, b], [], 1, NOW)[0]?.metadata.name).toBe('b');
    const c = pod('c', { node: 'n3', phase: 'Running', readySince: 100, created: 100 });
    const sibling = pod('s', { node: 'n3', phase: 'Running', readySince: 100, created: 100 });
    expect(podsToDelete([a, c], [sibling, c, a], 1, NOW)[0]?.metadata.name).toBe('c');
    const r = pod('r', { node: 'n4', phase: 'Running', readySince: 100, created: 100, restarts: 3 });
    expect(podsToDelete([a, r], [], 1, NOW)[0]?.metadata.name).toBe('r');
  });

  it('minReadySeconds: available only after being ready that long', () => {
    const p = pod('p', { node: 'n', phase: 'Running', readySince: 5, created: 10 });
    expect(isPodAvailable(p, 0, NOW)).toBe(true);
    expect(isPodAvailable(p, 10, NOW)).toBe(false);
    expect(isPodAvailable(p, 4, NOW)).toBe(true);
  });
});
