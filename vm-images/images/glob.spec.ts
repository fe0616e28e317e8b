import { describe, expect, it } from 'vitest';
import { globMatch, matchesSelfOrParent } from './glob.js';

describe('globMatch', () => {
  it('keeps * inside a segment and lets ** cross segments', () => {
    expect(globMatch('lib/*/libc.so.*', 'lib/x86_64-linux-gnu/libc.so.6')).toBe(true);
    expect(globMatch('lib/*/libc.so.*', 'lib/a/b/libc.so.6')).toBe(false);
    expect(globMatch('lib64/**', 'lib64/ld-linux-x86-64.so.2')).toBe(true);
    expect(globMatch('usr/**/walk.js', 'usr/walk.js')).toBe(true);
    expect(globMatch('usr/**/walk.js', 'usr/share/nodejs/acorn-walk/dist/walk.js')).toBe(true);
  });

  it('expands {a,b} alternatives and escapes regex characters', () => {
    expect(globMatch('usr/lib/*/lib{ssl,crypto}.so.3', 'usr/lib/aarch64-linux-gnu/libcrypto.so.3')).toBe(true);
    expect(globMatch('usr/lib/*/lib{ssl,crypto}.so.3', 'usr/lib/aarch64-linux-gnu/libcryptoXso.3')).toBe(false);
    expect(globMatch('usr/lib/*/libstdc++.so.6*', 'usr/lib/x86_64-linux-gnu/libstdc++.so.6.0.30')).toBe(true);
  });
});

describe('matchesSelfOrParent', () => {
  it('drops a directory with everything beneath it', () => {
    expect(matchesSelfOrParent(['usr/share/doc'], 'usr/share/doc/libc6/copyright')).toBe(true);
    expect(matchesSelfOrParent(['usr/share/doc'], 'usr/share/docs')).toBe(false);
    expect(matchesSelfOrParent([], 'anything')).toBe(false);
  });
});
