import { createHash } from 'node:crypto';
import { constants, inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { SPDY_DICTIONARY } from './dictionary.js';
import { FrameReader } from './frames.js';
import { HeaderCompressor, HeaderDecompressor, decodeHeaderBlock, encodeHeaderBlock } from './header-block.js';

// Captured on the wire (kubelet-streaming integration test): the first frames of
// kubectl 1.32's SPDY exec (Go framer, moby/spdystream) — SYN_STREAMs 1, 3, 5 —
// and containerd 1.6's SYN_REPLYs to our client session.
const KUBECTL_SYN_STREAMS =
  '80030001000000290000000100000000000078f9e3c6a7c26260606004a7b392a2d4c45c6851c29a0a0a6800000000ffff' +
  '800300010000001900000003000000000000c22ac5565c92925f5a02000000ffff' +
  '800300010000001500000005000000000000c229975a5404000000ffff';
const CONTAINERD_SYN_REPLIES =
  '80030002000000140000000178f9e3c6a7c26260606000000000ffff' +
  '800300020000000c00000003026100000000ffff' +
  '800300020000000c00000005026100000000ffff';

/** a zlib stream with FDICT = the SPDY dictionary's adler32, then one stored block (what a sync flush of raw bytes looks like) */
function storedBlockStream(plain: Buffer, withHeader: boolean): Buffer {
  const stored = Buffer.alloc(5);
  stored.writeUInt8(0, 0); // BFINAL 0, BTYPE 00
  stored.writeUInt16LE(plain.length, 1);
  stored.writeUInt16LE(~plain.length & 0xffff, 3);
  const head = withHeader ? Buffer.from('78bbe3c6a7c2', 'hex') : Buffer.alloc(0);
  return Buffer.concat([head, stored, plain]);
}

describe('SPDY/3 header blocks', () => {
  it('has the draft-3 dictionary byte for byte', () => {
    expect(SPDY_DICTIONARY.length).toBe(1423);
    expect(createHash('sha256').update(SPDY_DICTIONARY).digest('hex')).toBe('51d27341373f923f3cd88e1eb7162aeaa3723d7585ff2399201dc06498407f02');
  });

  it('lays out a name/value block as draft 3 says', () => {
    const block = encodeHeaderBlock({ StreamType: 'error', port: ['80', '8080'] });
    expect(block.toString('hex')).toBe(
      '00000002' + '0000000a' + Buffer.from('streamtype').toString('hex') + '00000005' + Buffer.from('error').toString('hex') +
        '00000004' + Buffer.from('port').toString('hex') + '00000007' + Buffer.from('80\u00008080').toString('hex'),
    );
    expect(decodeHeaderBlock(block)).toEqual({ streamtype: ['error'], port: ['80', '8080'] });
  });

  it('refuses uppercase and duplicate names, as Go framers do', () => {
    expect(() => decodeHeaderBlock(Buffer.from('00000001' + '00000001' + '41' + '00000000', 'hex'))).toThrow(/invalid header name/);
    const dup = Buffer.concat([encodeHeaderBlock({ a: '1' }).subarray(4), encodeHeaderBlock({ a: '2' }).subarray(4)]);
    expect(() => decodeHeaderBlock(Buffer.concat([Buffer.from('00000002', 'hex'), dup]))).toThrow(/duplicate header a/);
  });

  it('inflates a hand-built stream that names the dictionary (id 0xe3c6a7c2)', async () => {
    const d = new HeaderDecompressor();
    const first = encodeHeaderBlock({ streamtype: 'data', port: '8080', requestid: '0' });
    const second = encodeHeaderBlock({ streamtype: 'error' });
    expect(await d.decompress(storedBlockStream(first, true))).toEqual({ streamtype: ['data'], port: ['8080'], requestid: ['0'] });
    // the second block continues the same zlib stream: no zlib header again
    expect(await d.decompress(storedBlockStream(second, false))).toEqual({ streamtype: ['error'] });
    d.close();
  });

  it('reads the header blocks of Go framers (kubectl, containerd) with one context per direction', async () => {
    const d = new HeaderDecompressor();
    const syns = new FrameReader().push(Buffer.from(KUBECTL_SYN_STREAMS, 'hex'));
    const got: unknown[] = [];
    for (const f of syns) if (f.type === 'syn_stream') got.push([f.streamId, await d.decompress(f.headerBlock)]);
    expect(got).toEqual([
      [1, { streamtype: ['error'] }],
      [3, { streamtype: ['stdout'] }],
      [5, { streamtype: ['stderr'] }],
    ]);
    const r = new HeaderDecompressor();
    const replies = new FrameReader().push(Buffer.from(CONTAINERD_SYN_REPLIES, 'hex'));
    for (const f of replies) expect(f.type === 'syn_reply' && (await r.decompress(f.headerBlock))).toEqual({});
    d.close();
    r.close();
  });

  it('compresses what a Go framer reads: the same name/value block inflates with the dictionary', async () => {
    // our compressor's first block inflates with plain zlib + the dictionary, as Go's zlib.NewReaderDict does
    const c = new HeaderCompressor();
    const block = await c.compress({ streamtype: 'error' });
    expect(inflateSync(block, { dictionary: SPDY_DICTIONARY, finishFlush: constants.Z_SYNC_FLUSH }).equals(encodeHeaderBlock({ streamtype: 'error' }))).toBe(true);
    c.close();
  });

  it('compresses with one context per direction: later blocks reference earlier ones', async () => {
    const c = new HeaderCompressor();
    const d = new HeaderDecompressor();
    const headers = { streamtype: 'stdout', 'x-long-header-name': 'a value that repeats a value that repeats' };
    const a = await c.compress(headers);
    const b = await c.compress(headers);
    // the first block starts a zlib stream with the dictionary id; the second refers back
    expect(a.subarray(0, 6).toString('hex')).toMatch(/^78..e3c6a7c2$/);
    expect(b.length).toBeLessThan(a.length);
    // a sync flush ends every block, so each inflates on its own, in order
    expect(a.subarray(-4).toString('hex')).toBe('0000ffff');
    expect(await d.decompress(a)).toEqual({ streamtype: ['stdout'], 'x-long-header-name': ['a value that repeats a value that repeats'] });
    expect(await d.decompress(b)).toEqual({ streamtype: ['stdout'], 'x-long-header-name': ['a value that repeats a value that repeats'] });
    // and a plain zlib inflate with the dictionary agrees with our framing of the first block
    expect(decodeHeaderBlock(inflateSync(a, { dictionary: SPDY_DICTIONARY, finishFlush: constants.Z_SYNC_FLUSH }))).toEqual(await new HeaderDecompressor().decompress(a));
    c.close();
    d.close();
  });

  it('keeps blocks in order when compressions overlap', async () => {
    const c = new HeaderCompressor();
    const d = new HeaderDecompressor();
    const blocks = await Promise.all(Array.from({ length: 20 }, (_, i) => c.compress({ n: String(i) })));
    for (let i = 0; i < blocks.length; i++) expect(await d.decompress(blocks[i] ?? Buffer.alloc(0))).toEqual({ n: [String(i)] });
    c.close();
    d.close();
  });
});
