// The DaemonSet controller's decisions as pure functions: manage, both rolling update
// modes, and the status counters.
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../common/kube-types.js';
import type { FailedPodBackoff } from './daemonset-rollout.js';
import { countStatus, planManage, planRollingUpdate, podsByNode, scaledValue } from './daemonset-rollout.js';

const NOW = Date.parse('2025-01-01T00:10:00Z');
const node = (name: string): KubeObject => ({ metadata: { name }, spec: {} });
const ds = (rollingUpdate: Record<string, unknown>): KubeObject => ({
  metadata: { name: 'd', namespace: 'ns', uid: 'u' },
  spec: { updateStrategy: { type: 'RollingUpdate', rollingUpdate }, template: { metadata: { labels: { a: 'b' } }, spec: {} } },
});
const pod = (name: string, nodeName: string, hash: string, ready = true, extra: Partial<KubeObject['metadata']> = {}): KubeObject => ({
  metadata: { name, namespace: 'ns', labels: { 'controller-revision-hash': hash }, creationTimestamp: '2025-01-01T00:00:00Z', ...extra },
  spec: { nodeName },
  status: { phase: 'Running', conditions: [{ type: 'Ready', status: ready ? 'True' : 'False', lastTransitionTime: '2025-01-01T00:00:00Z' }] },
});
const noBackoff: FailedPodBackoff = { inBackoff: () => undefined, next: () => undefined };

describe('planManage', () => {
  it('creates where a pod is missing, keeps the oldest of two, sweeps pods of vanished nodes', () => {
    const pods = [pod('p-a1', 'a', 'h'), pod('p-a2', 'a', 'h', true, { creationTimestamp: '2025-01-01T00:05:00Z' }), pod('p-gone', 'gone', 'h')];
    const plan = planManage(ds({ maxUnavailable: 1 }), [node('a'), node('b')], podsByNode(pods), 'h', NOW, noBackoff);
    expect(plan).toMatchObject({ create: ['b'], remove: ['p-a2'], forceRemove: ['p-gone'] });
  });

  it('replaces a failed pod, with backoff', () => {
    const failed = { ...pod('p-a', 'a', 'h'), status: { phase: 'Failed' } };
    const plan = planManage(ds({ maxUnavailable: 1 }), [node('a')], podsByNode([failed]), 'h', NOW, noBackoff);
    expect(plan).toMatchObject({ remove: ['p-a'], failed: [{ pod: 'p-a', node: 'a' }] });
    const waiting = planManage(ds({ maxUnavailable: 1 }), [node('a')], podsByNode([failed]), 'h', NOW, { inBackoff: () => 2000, next: () => undefined });
    expect(waiting).toMatchObject({ remove: [], retryAfterMs: 2000 });
  });
});

describe('planRollingUpdate', () => {
  it('without surge deletes at most maxUnavailable available old pods, and unavailable old ones at once', () => {
    const nodes = ['a', 'b', 'c'].map(node);
    const pods = [pod('old-a', 'a', 'old'), pod('old-b', 'b', 'old'), pod('old-c', 'c', 'old', false)];
    const plan = planRollingUpdate(ds({ maxUnavailable: 1, maxSurge: 0 }), nodes, podsByNode(pods), 'new', NOW);
    expect(plan.create).toEqual([]);
    expect(plan.remove).toContain('old-c');
    expect(plan.remove).toHaveLength(2);
  });

  it('with maxSurge starts new pods beside old ones and removes an old one once its new one is available', () => {
    const nodes = ['a', 'b'].map(node);
    const d = ds({ maxUnavailable: 0, maxSurge: 1 });
    expect(planRollingUpdate(d, nodes, podsByNode([pod('old-a', 'a', 'old'), pod('old-b', 'b', 'old')]), 'new', NOW)).toEqual({ remove: [], create: ['a'] });
    const surged = [pod('old-a', 'a', 'old'), pod('new-a', 'a', 'new'), pod('old-b', 'b', 'old')];
    expect(planRollingUpdate(d, nodes, podsByNode(surged), 'new', NOW)).toEqual({ remove: ['old-a'], create: ['b'] });
    const waiting = [pod('old-a', 'a', 'old'), pod('new-a', 'a', 'new', false), pod('old-b', 'b', 'old')];
    expect(planRollingUpdate(d, nodes, podsByNode(waiting), 'new', NOW)).toEqual({ remove: [], create: [] });
  });

  it('scales percentages up, as the DaemonSet controller does', () => {
    expect(scaledValue('25%', 3)).toBe(1);
    expect(scaledValue('50%', 3)).toBe(2);
    expect(scaledValue(2, 3)).toBe(2);
  });
});

describe('countStatus', () => {
  it('counts scheduled, ready, available, updated and misscheduled pods', () => {
    const d = { ...ds({ maxUnavailable: 1 }), spec: { ...(ds({}).spec as object), minReadySeconds: 3600 } };
    const nodes = ['a', 'b', 'c'].map(node);
    const counts = countStatus(d, nodes, podsByNode([pod('p-a', 'a', 'new'), pod('p-b', 'b', 'old', false), pod('p-x', 'x', 'new')]), 'new', NOW);
    expect(counts).toEqual({ desiredNumberScheduled: 3, currentNumberScheduled: 2, numberMisscheduled: 0, numberReady: 1, updatedNumberScheduled: 1, numberAvailable: 0, numberUnavailable: 3 });
  });
});
