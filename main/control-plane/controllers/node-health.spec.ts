// The node health rules and the toleration arithmetic, as pure functions.
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../common/kube-types.js';
import { evaluateNodeHealth, readyCondition } from './node-health.js';
import { matchingTolerations, minTolerationMs, toleratesTaint } from './node-taints.js';

const T0 = Date.parse('2025-01-01T00:00:00Z');
const timings = { nodeMonitorGracePeriodMs: 40_000, nodeStartupGracePeriodMs: 60_000 };
const iso = (ms: number): string => new Date(ms).toISOString().replace('.000Z', 'Z');

function node(ready?: { status: 'True' | 'False'; heartbeat: number }): KubeObject {
  const conditions = ready ? [{ type: 'Ready', status: ready.status, reason: 'KubeletReady', lastHeartbeatTime: iso(ready.heartbeat), lastTransitionTime: iso(T0) }] : [];
  return { metadata: { name: 'n', creationTimestamp: iso(T0) }, status: { conditions } };
}

const lease = (renew: number): KubeObject => ({ metadata: { name: 'n' }, spec: { renewTime: new Date(renew).toISOString() } });

describe('evaluateNodeHealth', () => {
  it('a renewed lease keeps the node alive even when its status heartbeat is old', () => {
    const n = node({ status: 'True', heartbeat: T0 });
    let v = evaluateNodeHealth(n, lease(T0), undefined, T0, timings);
    v = evaluateNodeHealth(n, lease(T0 + 30_000), v.health, T0 + 30_000, timings);
    v = evaluateNodeHealth(n, lease(T0 + 30_000), v.health, T0 + 69_000, timings);
    expect(v.update).toBeUndefined();
    v = evaluateNodeHealth(n, lease(T0 + 30_000), v.health, T0 + 71_000, timings);
    expect(readyCondition(v.update)).toMatchObject({ status: 'Unknown', reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.', lastHeartbeatTime: iso(T0), lastTransitionTime: iso(T0 + 71_000) });
    expect(v.observedReady.status).toBe('True');
  });

  it('a node whose kubelet never posted status gets the startup grace period, then NodeStatusNeverUpdated', () => {
    const n = node();
    let v = evaluateNodeHealth(n, undefined, undefined, T0 + 59_000, timings);
    expect(v.update).toBeUndefined();
    v = evaluateNodeHealth(n, undefined, v.health, T0 + 61_000, timings);
    expect(readyCondition(v.update)).toMatchObject({ status: 'Unknown', reason: 'NodeStatusNeverUpdated', message: 'Kubelet never posted node status.' });
    expect(v.hasReady).toBe(false);
  });

  it('an already Unknown node is not written again', () => {
    const n = node({ status: 'True', heartbeat: T0 });
    const first = evaluateNodeHealth(n, undefined, undefined, T0, timings);
    const marked = evaluateNodeHealth(n, undefined, first.health, T0 + 41_000, timings).update as KubeObject;
    expect(evaluateNodeHealth(marked, undefined, first.health, T0 + 50_000, timings).update).toBeUndefined();
  });
});

describe('tolerations', () => {
  const unreachable = { key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' as const };
  it('matches by key, operator and effect; an empty key with Exists tolerates everything', () => {
    expect(toleratesTaint({ operator: 'Exists' }, unreachable)).toBe(true);
    expect(toleratesTaint({ key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoSchedule' }, unreachable)).toBe(false);
    expect(toleratesTaint({ key: 'a', value: 'b' }, { key: 'a', value: 'b', effect: 'NoSchedule' })).toBe(true);
    expect(toleratesTaint({ key: 'a', value: 'c' }, { key: 'a', value: 'b', effect: 'NoSchedule' })).toBe(false);
  });

  it('evicts at the shortest tolerationSeconds, at once for ≤ 0, never without one', () => {
    const used = (secs: (number | undefined)[]): number => minTolerationMs(secs.map((s) => ({ operator: 'Exists' as const, ...(s === undefined ? {} : { tolerationSeconds: s }) })));
    expect(used([300, 2])).toBe(2000);
    expect(used([300, 0])).toBe(0);
    expect(used([undefined])).toBe(-1);
    expect(used([undefined, 5])).toBe(5000);
    expect(matchingTolerations([unreachable, { key: 'x', effect: 'NoExecute' }], [{ key: 'node.kubernetes.io/unreachable', operator: 'Exists' }]).allTolerated).toBe(false);
  });
});
