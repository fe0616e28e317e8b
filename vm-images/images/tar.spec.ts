import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { LayerEntry } from './entries.js';
import { tarStream } from './tar.js';

async function collect(entries: LayerEntry[], mtime = 1686355200): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const b of tarStream(entries, mtime)) parts.push(b);
  return Buffer.concat(parts);
}

interface Parsed { name: string; type: string; link: string; mode: number; uid: number; mtime: number; size: number; data: Buffer; pax: Record<string, string> }

/** A small ustar+PAX reader that also verifies each header checksum. */
function parse(tar: Buffer): Parsed[] {
  const out: Parsed[] = [];
  let pax: Record<string, string> = {};
  for (let off = 0; off + 512 <= tar.length;) {
    const h = tar.subarray(off, off + 512);
    if (h.every((b) => b === 0)) break;
    const field = (a: number, n: number): string => h.toString('utf8', a, a + n).replace(/\0.*$/s, '');
    const num = (a: number, n: number): number => parseInt(field(a, n).trim() || '0', 8);
    let sum = 0;
    for (let i = 0; i < 512; i++) sum += i >= 148 && i < 156 ? 0x20 : (h[i] ?? 0);
    expect(num(148, 8)).toBe(sum);
    expect(field(257, 6)).toBe('ustar');
    const size = num(124, 12);
    const data = tar.subarray(off + 512, off + 512 + size);
    off += 512 + Math.ceil(size / 512) * 512;
    const type = field(156, 1);
    if (type === 'x') {
      pax = {};
      for (const rec of data.toString('utf8').split('\n').filter(Boolean)) {
        const kv = rec.slice(rec.indexOf(' ') + 1);
        pax[kv.slice(0, kv.indexOf('='))] = kv.slice(kv.indexOf('=') + 1);
      }
      continue;
    }
    out.push({ name: pax.path ?? field(0, 100), type, link: pax.linkpath ?? field(157, 100), mode: num(100, 8), uid: num(108, 8), mtime: num(136, 12), size, data, pax });
    pax = {};
  }
  return out;
}

const file = (path: string, text: string, extra: Partial<LayerEntry> = {}): LayerEntry => ({
  path, type: 'file', mode: 0o644, uid: 0, gid: 0, size: Buffer.byteLength(text), source: { kind: 'data', data: Buffer.from(text) }, ...extra,
});

describe('tarStream', () => {
  const longDir = `usr/share/${'x'.repeat(120)}`;
  const entries: LayerEntry[] = [
    file('usr/bin/b', 'second', { inode: '1:2' }),
    { path: 'usr', type: 'dir', mode: 0o755, uid: 0, gid: 0, size: 0 },
    file('usr/bin/a', 'first', { inode: '1:2', mode: 0o4755 }),
    { path: 'bin', type: 'symlink', mode: 0o777, uid: 0, gid: 0, size: 0, target: 'usr/bin' },
    file(`${longDir}/file.txt`, 'long'),
    { path: 'long-link', type: 'symlink', mode: 0o777, uid: 0, gid: 0, size: 0, target: `/${longDir}/file.txt` },
    { path: 'tmp', type: 'dir', mode: 0o1777, uid: 0, gid: 0, size: 0 },
    file('data/owned', '', { uid: 999, gid: 999 }),
  ];

  it('writes sorted entries with fixed mtime, modes and owners', async () => {
    const parsed = parse(await collect(entries));
    expect(parsed.map((p) => p.name)).toEqual(['bin', 'data/owned', 'long-link', 'tmp/', 'usr/', 'usr/bin/a', 'usr/bin/b', `${longDir}/file.txt`]);
    expect(new Set(parsed.map((p) => p.mtime))).toEqual(new Set([1686355200]));
    expect(parsed.find((p) => p.name === 'tmp/')?.mode).toBe(0o1777);
    expect(parsed.find((p) => p.name === 'usr/bin/a')?.mode).toBe(0o4755);
    expect(parsed.find((p) => p.name === 'data/owned')?.uid).toBe(999);
    expect(parsed.find((p) => p.name === 'bin')).toMatchObject({ type: '2', link: 'usr/bin' });
  });

  it('keeps hard links: the first path carries the data, later ones link to it', async () => {
    const parsed = parse(await collect(entries));
    expect(parsed.find((p) => p.name === 'usr/bin/a')).toMatchObject({ type: '0', size: 5 });
    expect(parsed.find((p) => p.name === 'usr/bin/a')?.data.toString()).toBe('first');
    expect(parsed.find((p) => p.name === 'usr/bin/b')).toMatchObject({ type: '1', link: 'usr/bin/a', size: 0 });
  });

  it('uses PAX records for paths and link targets over 100 bytes', async () => {
    const parsed = parse(await collect(entries));
    const long = parsed.find((p) => p.name.endsWith('file.txt'));
    expect(long?.pax.path).toBe(`${longDir}/file.txt`);
    expect(long?.data.toString()).toBe('long');
    expect(parsed.find((p) => p.name === 'long-link')?.pax.linkpath).toBe(`/${longDir}/file.txt`);
  });

  it('gives the same bytes for the same entries in any order', async () => {
    const a = await collect(entries);
    const b = await collect([...entries].reverse());
    expect(createHash('sha256').update(a).digest('hex')).toBe(createHash('sha256').update(b).digest('hex'));
    expect(a.length % 512).toBe(0);
    expect(a.subarray(-1024).every((x) => x === 0)).toBe(true);
  });

  it('refuses a file whose content does not match its recorded size', async () => {
    await expect(collect([file('f', 'abc', { size: 5 })])).rejects.toThrow(/size changed/);
  });
});
