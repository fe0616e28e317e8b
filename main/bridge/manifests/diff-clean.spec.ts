import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../common/kube-types.js';
import { cleanForDiff, cleanForEdit, toYaml } from './diff-clean.js';
import { splitDocuments } from './documents.js';

const LIVE: KubeObject = {
  kind: 'Pod',
  apiVersion: 'v1',
  metadata: { name: 'nginx', namespace: 'default', uid: 'u1', resourceVersion: '12', creationTimestamp: '2026-01-01T00:00:00Z', managedFields: [{ manager: 'kubectl-run', operation: 'Update' }] },
  spec: { containers: [{ name: 'nginx', image: 'nginx' }] },
  status: { phase: 'Pending' },
};

describe('diff cleanup', () => {
  it('drops managedFields and resourceVersion from both sides and sorts keys like kubectl get -o yaml', () => {
    const merged: KubeObject = { ...LIVE, metadata: { ...LIVE.metadata, resourceVersion: '13' }, spec: { containers: [{ image: 'nginx:1.25', name: 'nginx' }] } };
    const a = toYaml(cleanForDiff(LIVE));
    const b = toYaml(cleanForDiff(merged));
    expect(a).not.toContain('managedFields');
    expect(a).not.toContain('resourceVersion');
    expect(a.split('\n').slice(0, 3)).toEqual(['apiVersion: v1', 'kind: Pod', 'metadata:']);
    const changed = b.split('\n').filter((l, i) => l !== a.split('\n')[i]);
    expect(changed).toEqual(['    - image: nginx:1.25']);
  });

  it('loads an object for editing without status and server-owned metadata', () => {
    const e = cleanForEdit(LIVE);
    expect(Object.keys(e)).toEqual(['apiVersion', 'kind', 'metadata', 'spec']);
    expect(e['metadata']).toEqual({ name: 'nginx', namespace: 'default' });
  });
});

describe('splitDocuments', () => {
  it('numbers documents as the renderer does, skipping empty ones, and refuses what is no object', () => {
    const docs = splitDocuments('apiVersion: v1\nkind: Namespace\nmetadata:\n  name: qa\n---\n# nothing here\n---\n- a list\n---\nkind: Pod\n---\n');
    expect(docs.map((d) => [d.index, d.ok])).toEqual([
      [0, true],
      [2, false],
      [3, false],
    ]);
    expect(docs[0]?.ref).toEqual({ apiVersion: 'v1', kind: 'Namespace', name: 'qa' });
    expect(docs[2]?.ok === false && docs[2].status.message).toBe('error validating data: [apiVersion not set]');
  });
});
