import { describe, expect, it } from 'vitest';
import { computeHash, fnv32a, safeEncodeString } from './pod-template-hash.js';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);

describe('pod-template-hash', () => {
  it('FNV-32a matches the published test vectors', () => {
    expect(fnv32a(enc(''))).toBe(0x811c9dc5);
    expect(fnv32a(enc('a'))).toBe(0xe40c292c);
    expect(fnv32a(enc('foobar'))).toBe(0xbf9cf968);
  });

  it('SafeEncodeString maps decimal digits onto kube’s vowel-free alphabet', () => {
    // '0'..'9' are code points 48..57, taken modulo 27 in "bcdfghjklmnpqrstvwxz2456789"
    expect(safeEncodeString('0123456789')).toBe('456789bcdf');
  });

  it('is stable, ignores key order and Go-zero values, and changes with the template and collisionCount', () => {
    const t = { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx', image: 'nginx' }] } };
    const same = { spec: { containers: [{ image: 'nginx', name: 'nginx', args: [] }] }, metadata: { creationTimestamp: null, labels: { app: 'web' } } };
    const h = computeHash(t);
    expect(h).toMatch(/^[4-9bcdf]{1,10}$/);
    expect(computeHash(same)).toBe(h);
    expect(computeHash({ ...t, spec: { containers: [{ name: 'nginx', image: 'nginx:1.25' }] } })).not.toBe(h);
    expect(computeHash(t, 1)).not.toBe(h);
    expect(computeHash(t, 0)).not.toBe(h);
  });
});
