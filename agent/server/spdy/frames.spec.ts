import { describe, expect, it } from 'vitest';
import { FLAG_FIN, FrameReader, SpdyProtocolError, encodeFrame } from './frames.js';
import type { SpdyFrame } from './frames.js';

const samples: SpdyFrame[] = [
  { type: 'data', streamId: 5, flags: FLAG_FIN, data: Buffer.from('hello') },
  { type: 'syn_stream', streamId: 1, associatedStreamId: 0, priority: 3, slot: 0, flags: 0, headerBlock: Buffer.from([1, 2, 3]) },
  { type: 'syn_reply', streamId: 1, flags: FLAG_FIN, headerBlock: Buffer.from([9]) },
  { type: 'rst_stream', streamId: 3, status: 5 },
  { type: 'settings', flags: 0, entries: [{ flags: 1, id: 7, value: 65536 }] },
  { type: 'ping', id: 2 },
  { type: 'goaway', lastGoodStreamId: 7, status: 0 },
  { type: 'headers', streamId: 9, flags: 0, headerBlock: Buffer.alloc(0) },
  { type: 'window_update', streamId: 1, delta: 1024 },
];

describe('SPDY/3 frames', () => {
  it('round-trips every frame type', () => {
    const reader = new FrameReader();
    const frames = reader.push(Buffer.concat(samples.map(encodeFrame)));
    expect(frames).toEqual(samples);
    expect(reader.pending).toBe(0);
  });

  it('encodes the control and data headers of the draft-3 layout', () => {
    // PING id 1: 0x8003 (control, version 3), type 6, flags 0, length 4
    expect(encodeFrame({ type: 'ping', id: 1 }).toString('hex')).toBe('80030006000000040000 0001'.replace(' ', ''));
    // DATA stream 3, FIN, "ab"
    expect(encodeFrame({ type: 'data', streamId: 3, flags: FLAG_FIN, data: Buffer.from('ab') }).toString('hex')).toBe('00000003010000026162');
    // RST_STREAM stream 1 CANCEL
    expect(encodeFrame({ type: 'rst_stream', streamId: 1, status: 5 }).toString('hex')).toBe('80030003000000080000000100000005');
    // SYN_STREAM: priority in the top 3 bits
    const syn = encodeFrame({ type: 'syn_stream', streamId: 1, associatedStreamId: 0, priority: 7, slot: 0, flags: 0, headerBlock: Buffer.alloc(0) });
    expect(syn.toString('hex')).toBe('80030001' + '0000000a' + '00000001' + '00000000' + 'e000');
  });

  it('reassembles frames split at any byte', () => {
    const wire = Buffer.concat(samples.map(encodeFrame));
    const reader = new FrameReader();
    const out: SpdyFrame[] = [];
    for (let i = 0; i < wire.length; i++) out.push(...reader.push(wire.subarray(i, i + 1)));
    expect(out).toEqual(samples);
  });

  it('refuses other SPDY versions', () => {
    const v2 = Buffer.from('80020006000000040000000a', 'hex');
    expect(() => new FrameReader().push(v2)).toThrow(SpdyProtocolError);
  });

  it('refuses truncated control payloads', () => {
    const shortRst = Buffer.from('8003000300000004' + '00000001', 'hex');
    expect(() => new FrameReader().push(shortRst)).toThrow(/RST_STREAM frame too short/);
  });
});
