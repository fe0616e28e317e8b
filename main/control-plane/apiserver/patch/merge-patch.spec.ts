import { describe, expect, it } from 'vitest';
import { applyPatchType } from './index.js';
import { applyMergePatch } from './merge-patch.js';

const pod = () => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'web', namespace: 'default', labels: { app: 'web', a: 'old' } },
  spec: { containers: [{ name: 'nginx', image: 'nginx:1.24' }, { name: 'sidecar', image: 'busybox' }] },
});

describe('applyMergePatch (RFC 7386)', () => {
  it('kubectl label pod web a=b: {"metadata":{"labels":{"a":"b"}}}', () => {
    const out = applyPatchType('application/merge-patch+json', pod(), '{"metadata":{"labels":{"a":"b"}}}');
    expect(out.metadata.labels).toEqual({ app: 'web', a: 'b' });
  });

  it('kubectl label pod web a-: null deletes the key', () => {
    const out = applyPatchType('application/merge-patch+json; charset=utf-8', pod(), '{"metadata":{"labels":{"a":null}}}');
    expect(out.metadata.labels).toEqual({ app: 'web' });
  });

  it('kubectl scale: {"spec":{"replicas":3}} against the Scale subresource object', () => {
    const scale = {
      apiVersion: 'autoscaling/v1',
      kind: 'Scale',
      metadata: { name: 'web', namespace: 'default', resourceVersion: '7' },
      spec: { replicas: 1 },
      status: { replicas: 1, selector: 'app=web' },
    };
    const out = applyPatchType('application/merge-patch+json', scale, Buffer.from('{"spec":{"replicas":3}}'), { kind: 'Scale', apiVersion: 'autoscaling/v1' });
    expect(out.spec).toEqual({ replicas: 3 });
    expect(out.status).toEqual(scale.status);
  });

  it('replaces lists wholesale (no merge keys in a merge patch)', () => {
    const out = applyMergePatch(pod(), { spec: { containers: [{ name: 'nginx', image: 'nginx:1.25' }] } });
    expect(out.spec.containers).toEqual([{ name: 'nginx', image: 'nginx:1.25' }]);
  });

  it('prunes nulls from values added where nothing was, including null list elements', () => {
    const out = applyMergePatch(pod(), { metadata: { annotations: { a: '1', b: null } }, spec: { extra: [1, null, { c: null, d: 2 }] } });
    expect(out.metadata).toMatchObject({ annotations: { a: '1' } });
    expect(out.spec).toMatchObject({ extra: [1, { d: 2 }] });
  });

  it('deletes a whole nested object with null', () => {
    const out = applyMergePatch(pod(), { metadata: { labels: null } });
    expect(out.metadata).toEqual({ name: 'web', namespace: 'default' });
  });
});
