import { describe, expect, it } from 'vitest';
import { PatchError } from './errors.js';
import { applyJsonPatch } from './json-patch.js';

const pod = () => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'web', labels: { app: 'web', 'a/b': 'x', 'c~d': 'y' } },
  spec: { containers: [{ name: 'nginx', image: 'nginx:1.24' }], tolerations: [{ key: 'a' }, { key: 'b' }] },
});

function rejected(fn: () => unknown): PatchError {
  try {
    fn();
  } catch (e) {
    if (e instanceof PatchError) return e;
    throw e;
  }
  throw new Error('expected a PatchError');
}

describe('applyJsonPatch (RFC 6902, evanphx/json-patch v4)', () => {
  it('adds, replaces and removes with ~0/~1 escapes, without touching the input', () => {
    const live = pod();
    const out = applyJsonPatch(live, [
      { op: 'add', path: '/metadata/labels/tier', value: 'fe' },
      { op: 'replace', path: '/spec/containers/0/image', value: 'nginx:1.25' },
      { op: 'remove', path: '/metadata/labels/a~1b' },
      { op: 'replace', path: '/metadata/labels/c~0d', value: 'z' },
    ]);
    expect(out.metadata.labels).toEqual({ app: 'web', 'c~d': 'z', tier: 'fe' });
    expect(out.spec.containers[0]?.image).toBe('nginx:1.25');
    expect(live.spec.containers[0]?.image).toBe('nginx:1.24');
  });

  it('appends with "-", inserts at an index and supports negative indexes', () => {
    const out = applyJsonPatch(pod(), [
      { op: 'add', path: '/spec/tolerations/-', value: { key: 'z' } },
      { op: 'add', path: '/spec/tolerations/0', value: { key: 'first' } },
      { op: 'remove', path: '/spec/tolerations/-1' },
    ]);
    expect(out.spec.tolerations).toEqual([{ key: 'first' }, { key: 'a' }, { key: 'b' }]);
  });

  it('moves and copies values', () => {
    const out = applyJsonPatch(pod(), [
      { op: 'copy', from: '/metadata/labels/app', path: '/metadata/labels/copy' },
      { op: 'move', from: '/metadata/labels/app', path: '/metadata/labels/moved' },
    ]);
    expect(out.metadata.labels).toEqual({ 'a/b': 'x', 'c~d': 'y', copy: 'web', moved: 'web' });
  });

  it('passes a matching test and then applies the rest', () => {
    const out = applyJsonPatch(pod(), [
      { op: 'test', path: '/spec/containers/0/name', value: 'nginx' },
      { op: 'replace', path: '/spec/containers/0/image', value: 'nginx:1.26' },
    ]);
    expect(out.spec.containers[0]?.image).toBe('nginx:1.26');
  });

  it('fails a mismatching test with the generic 422 kubectl shows', () => {
    const err = rejected(() => applyJsonPatch(pod(), [{ op: 'test', path: '/metadata/labels/app', value: 'db' }]));
    expect(err.code).toBe(422);
    expect(err.reason).toBe('Invalid');
    expect(err.message).toBe('the server rejected our request due to an error in our request');
    expect(err.detail).toContain('testing value /metadata/labels/app failed');
  });

  it('rejects removing or replacing a missing key, and adding under a missing parent', () => {
    for (const op of [
      { op: 'remove', path: '/metadata/labels/nope' },
      { op: 'replace', path: '/metadata/annotations', value: {} },
      { op: 'add', path: '/metadata/annotations/x', value: 'y' },
      { op: 'add', path: '/spec/tolerations/7', value: {} },
      { op: 'frobnicate', path: '/spec' },
    ]) {
      expect(rejected(() => applyJsonPatch(pod(), [op])).code).toBe(422);
    }
  });

  it('limits a patch to 10000 operations', () => {
    const ops = Array.from({ length: 10001 }, () => ({ op: 'test', path: '/kind', value: 'Pod' }));
    const err = rejected(() => applyJsonPatch(pod(), ops));
    expect(err.code).toBe(413);
    expect(err.message).toBe('Request entity too large: The allowed maximum operations in a JSON patch is 10000, got 10001');
  });
});
