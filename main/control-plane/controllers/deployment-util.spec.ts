import { describe, expect, it } from 'vitest';
import { maxSurge, maxUnavailable, newRSNewReplicas, proportion, resolveFenceposts, scaledValue, setNewReplicaSetAnnotations } from './deployment-util.js';
import type { Deployment, ReplicaSet } from './workload-types.js';

function deployment(replicas: number, maxSurge: number | string, maxUnavailable: number | string, annotations: Record<string, string> = {}): Deployment {
  return { metadata: { name: 'd', annotations }, spec: { replicas, strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge, maxUnavailable } } } };
}

function rs(replicas: number, annotations: Record<string, string> = {}): ReplicaSet {
  return { metadata: { name: `rs-${replicas}`, annotations }, spec: { replicas } };
}

describe('deployment arithmetic', () => {
  it('percentages round surge up and unavailable down', () => {
    expect(scaledValue('25%', 10, true)).toBe(3);
    expect(scaledValue('25%', 10, false)).toBe(2);
    expect(scaledValue(4, 10, true)).toBe(4);
    expect(resolveFenceposts(deployment(3, '25%', '25%'))).toEqual({ surge: 1, unavailable: 0 });
    // both resolving to zero would never progress: unavailable becomes 1
    expect(resolveFenceposts(deployment(1, 0, '25%'))).toEqual({ surge: 0, unavailable: 1 });
    expect(maxUnavailable(deployment(2, 0, 5))).toBe(2);
    expect(maxUnavailable(deployment(0, 1, 1))).toBe(0);
    expect(maxSurge({ metadata: {}, spec: { replicas: 3, strategy: { type: 'Recreate' } } })).toBe(0);
  });

  it('the new ReplicaSet grows up to replicas + maxSurge in total', () => {
    const d = deployment(10, 1, 0);
    expect(newRSNewReplicas(d, [rs(10), rs(0)], rs(0))).toBe(1);
    expect(newRSNewReplicas(d, [rs(10), rs(1)], rs(1))).toBe(1);
    expect(newRSNewReplicas(d, [rs(9), rs(1)], rs(1))).toBe(2);
  });

  it('proportional scaling splits 5 extra replicas 3 / 2 between 8 old and 5 new (the kube docs example)', () => {
    const d = deployment(15, 3, 2);
    const old = rs(8, { 'deployment.kubernetes.io/max-replicas': '13' });
    const cur = rs(5, { 'deployment.kubernetes.io/max-replicas': '13' });
    const first = proportion(old, d, 5, 0);
    const second = proportion(cur, d, 5, first);
    expect([first, second]).toEqual([3, 2]);
  });

  it('a ReplicaSet brought back by a rollback gets the new revision and remembers the old ones', () => {
    const d: Deployment = { metadata: { annotations: { 'kubernetes.io/change-cause': 'undo', 'kubectl.kubernetes.io/last-applied-configuration': '{}' } }, spec: { replicas: 1 } };
    const back = rs(1, { 'deployment.kubernetes.io/revision': '1' });
    expect(setNewReplicaSetAnnotations(d, back, 3, true)).toBe(true);
    expect(back.metadata.annotations).toEqual({ 'deployment.kubernetes.io/revision': '3', 'deployment.kubernetes.io/revision-history': '1', 'kubernetes.io/change-cause': 'undo' });
    setNewReplicaSetAnnotations(d, back, 5, true);
    expect(back.metadata.annotations?.['deployment.kubernetes.io/revision-history']).toBe('1,3');
    expect(setNewReplicaSetAnnotations(d, back, 5, true)).toBe(false);
  });
});
