import { describe, expect, it } from 'vitest';
import { blockingMessage, planDrain } from './drain-plan.js';
import type { PodObject } from './node-summary.js';

function pod(name: string, extra: { owner?: string; mirror?: boolean; phase?: string; node?: string } = {}): PodObject {
  return {
    metadata: {
      name,
      namespace: 'default',
      ...(extra.owner ? { ownerReferences: [{ apiVersion: 'apps/v1', kind: extra.owner, name: `${name}-owner`, uid: 'u', controller: true }] } : {}),
      ...(extra.mirror ? { annotations: { 'kubernetes.io/config.mirror': 'abc' } } : {}),
    },
    spec: { nodeName: extra.node ?? 'node-1' },
    status: { phase: extra.phase ?? 'Running' },
  };
}

describe('planDrain (kubectl drain --ignore-daemonsets --delete-emptydir-data)', () => {
  const pods = [pod('web', { owner: 'ReplicaSet' }), pod('ds', { owner: 'DaemonSet' }), pod('static', { mirror: true }), pod('bare'), pod('done', { phase: 'Succeeded' }), pod('elsewhere', { owner: 'ReplicaSet', node: 'node-2' })];

  it('evicts managed pods, skips DaemonSet and mirror pods, and is blocked by bare pods', () => {
    const plan = planDrain('node-1', pods, { force: false });
    expect(plan.evict.map((p) => p.metadata.name)).toEqual(['web', 'done']);
    expect(plan.skipped).toEqual([
      { pod: 'default/ds', reason: 'DaemonSet-managed' },
      { pod: 'default/static', reason: 'mirror pod' },
    ]);
    expect(plan.blocking).toEqual([{ pod: 'default/bare', reason: 'declares no controller' }]);
    expect(blockingMessage('node-1', plan)).toBe('unable to drain node "node-1" due to error: cannot delete Pods that declare no controller (use --force to override): default/bare');
  });

  it('takes bare pods too with --force', () => {
    const plan = planDrain('node-1', pods, { force: true });
    expect(plan.evict.map((p) => p.metadata.name)).toEqual(['web', 'bare', 'done']);
    expect(plan.blocking).toEqual([]);
  });
});
