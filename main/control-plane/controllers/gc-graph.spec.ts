import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../common/kube-types.js';
import { DependencyGraph } from './gc-graph.js';
import type { GraphNode } from './gc-graph.js';

function recorder(): { graph: DependencyGraph; deletes: string[]; orphans: string[] } {
  const deletes: string[] = [];
  const orphans: string[] = [];
  const graph = new DependencyGraph(
    { attemptToDelete: (n: GraphNode) => deletes.push(n.identity.uid), attemptToOrphan: (n: GraphNode) => orphans.push(n.identity.uid), invalidOwnerNamespace: () => undefined },
    () => true,
  );
  return { graph, deletes, orphans };
}

const tm = { apiVersion: 'apps/v1', kind: 'ReplicaSet' };
const obj = (uid: string, owners: string[] = [], extra: Partial<KubeObject['metadata']> = {}): KubeObject => ({
  metadata: { uid, name: uid, namespace: 'ns', ownerReferences: owners.map((o) => ({ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: o, uid: o, blockOwnerDeletion: true })), ...extra },
});

describe('DependencyGraph', () => {
  it('creates a virtual owner for an unseen reference and asks for it to be verified', () => {
    const { graph, deletes } = recorder();
    graph.observe('add', obj('pod', ['rs']), { apiVersion: 'v1', kind: 'Pod' });
    expect(graph.get('rs')?.virtual).toBe(true);
    expect(deletes).toEqual(['rs']);
    graph.observe('add', obj('rs'), tm);
    expect(graph.get('rs')?.virtual).toBe(false);
    expect([...(graph.get('rs')?.dependents ?? [])].map((d) => d.identity.uid)).toEqual(['pod']);
  });

  it('an owner going away queues its dependents; orphan and foreground deletions are noticed once', () => {
    const { graph, deletes, orphans } = recorder();
    graph.observe('add', obj('rs'), tm);
    graph.observe('add', obj('pod', ['rs']), { apiVersion: 'v1', kind: 'Pod' });
    deletes.length = 0;
    const deleting = obj('rs', [], { deletionTimestamp: '2025-01-01T00:00:00Z', finalizers: ['foregroundDeletion'] });
    graph.observe('update', deleting, tm, obj('rs'));
    expect(graph.get('rs')?.deletingDependents).toBe(true);
    expect(deletes).toEqual(['pod', 'rs']);
    graph.observe('update', { ...deleting, metadata: { ...deleting.metadata, resourceVersion: '2' } }, tm, deleting);
    expect(deletes).toEqual(['pod', 'rs']);
    graph.observe('delete', obj('pod', ['rs']), { apiVersion: 'v1', kind: 'Pod' });
    expect(deletes).toEqual(['pod', 'rs', 'rs']);
    expect(graph.get('rs')?.blockingDependents()).toEqual([]);
    graph.observe('add', obj('rs2', [], { deletionTimestamp: '2025-01-01T00:00:00Z', finalizers: ['orphan'] }), tm);
    expect(orphans).toEqual(['rs2']);
  });
});
