import { describe, expect, it } from 'vitest';
import { parseRange } from './range.js';
import { candidateRepositories, isValidDigest, isValidName, normalizeReference } from './reference.js';

describe('normalizeReference (Docker rules)', () => {
  it.each([
    ['nginx', 'docker.io/library/nginx', 'latest'],
    ['nginx:1.25', 'docker.io/library/nginx', '1.25'],
    ['c1t1d0s7/myweb', 'docker.io/c1t1d0s7/myweb', 'latest'],
    ['docker.io/library/nginx:latest', 'docker.io/library/nginx', 'latest'],
    ['index.docker.io/redis:7', 'docker.io/library/redis', '7'],
    ['registry.k8s.io/pause:3.6', 'registry.k8s.io/pause', '3.6'],
    ['ghcr.io/subicura/echo:v1', 'ghcr.io/subicura/echo', 'v1'],
    ['localhost:5000/app:dev', 'localhost:5000/app', 'dev'],
    ['localhost/app', 'localhost/app', 'latest'],
  ])('%s → %s:%s', (ref, repository, tag) => {
    expect(normalizeReference(ref)).toMatchObject({ repository, tag });
  });

  it('keeps a digest and adds no tag then', () => {
    const d = `sha256:${'a'.repeat(64)}`;
    const r = normalizeReference(`busybox@${d}`);
    expect(r).toEqual({ repository: 'docker.io/library/busybox', registry: 'docker.io', path: 'library/busybox', digest: d });
  });

  it('rejects what Docker rejects', () => {
    expect(() => normalizeReference('Nginx')).toThrow(/invalid image name/);
    expect(() => normalizeReference('nginx:-bad')).toThrow(/tag/);
    expect(() => normalizeReference('nginx@sha256:abc')).toThrow(/digest/);
  });
});

describe('grammar', () => {
  it('names, digests', () => {
    expect(isValidName('library/busybox')).toBe(true);
    expect(isValidName('docker.io/library/busybox')).toBe(true);
    expect(isValidName('a__b/c-d---e')).toBe(true);
    expect(isValidName('a___b')).toBe(false);
    expect(isValidName('/busybox')).toBe(false);
    expect(isValidName('BusyBox')).toBe(false);
    expect(isValidDigest(`sha256:${'f'.repeat(64)}`)).toBe(true);
    expect(isValidDigest(`sha256:${'f'.repeat(63)}`)).toBe(false);
    expect(isValidDigest(`sha256:${'F'.repeat(64)}`)).toBe(false);
    expect(isValidDigest(`sha512:${'0'.repeat(128)}`)).toBe(true);
    expect(isValidDigest('latest')).toBe(false);
  });
});

describe('candidateRepositories', () => {
  const registries = ['quay.io', 'ghcr.io', 'docker.io', 'registry.k8s.io', 'example.com'];
  it('with ns: only that registry', () => {
    expect(candidateRepositories('library/nginx', 'docker.io', registries)).toEqual(['docker.io/library/nginx']);
    expect(candidateRepositories('nginx', 'registry-1.docker.io', registries)).toEqual(['docker.io/nginx', 'docker.io/library/nginx']);
    expect(candidateRepositories('pause', 'registry.k8s.io', registries)).toEqual(['registry.k8s.io/pause']);
  });
  it('without ns: the full name, then Docker Hub, registry.k8s.io, ghcr.io, then the rest sorted', () => {
    expect(candidateRepositories('pause', undefined, registries)).toEqual([
      'pause',
      'docker.io/pause',
      'docker.io/library/pause',
      'registry.k8s.io/pause',
      'ghcr.io/pause',
      'example.com/pause',
      'quay.io/pause',
    ]);
  });
});

describe('parseRange', () => {
  it.each([
    [undefined, { kind: 'full' }],
    ['bytes=0-0', { kind: 'partial', start: 0, end: 0 }],
    ['bytes=90-', { kind: 'partial', start: 90, end: 99 }],
    ['bytes=-10', { kind: 'partial', start: 90, end: 99 }],
    ['bytes=-1000', { kind: 'partial', start: 0, end: 99 }],
    ['bytes=50-5000', { kind: 'partial', start: 50, end: 99 }],
    ['bytes=100-', { kind: 'unsatisfiable' }],
    ['bytes=-0', { kind: 'unsatisfiable' }],
    ['bytes=5-2', { kind: 'full' }],
    ['bytes=0-1,5-6', { kind: 'full' }],
    ['items=0-1', { kind: 'full' }],
  ])('%s of 100 bytes', (header, expected) => {
    expect(parseRange(header, 100)).toEqual(expected);
  });
});
