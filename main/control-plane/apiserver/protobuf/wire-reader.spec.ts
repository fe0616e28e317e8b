import { describe, expect, it } from 'vitest';
import { ProtobufDecodeError } from './errors.js';
import { ProtoWriter } from './proto-writer.fixture.js';
import { toBigInt64, toBool, toInt32, WireReader } from './wire-reader.js';

const reader = (bytes: number[]) => new WireReader(Uint8Array.from(bytes));

describe('WireReader', () => {
  it('reads one- and multi-byte varints', () => {
    expect(toInt32(reader([0x05]).varint())).toBe(5);
    expect(toInt32(reader([0xac, 0x02]).varint())).toBe(300);
    expect(toBigInt64(reader([0xff, 0xff, 0xff, 0xff, 0x0f]).varint())).toBe(4294967295n);
  });

  it('reads negative numbers written as ten-byte two\'s complement varints', () => {
    const bytes = new ProtoWriter().int(1, -1).finish();
    const r = new WireReader(bytes);
    expect(r.tag('M')).toEqual({ field: 1, wire: 0 });
    const v = r.varint();
    expect(toInt32(v)).toBe(-1);
    expect(toBigInt64(v)).toBe(-1n);
    expect(r.atEnd()).toBe(true);
    expect(toBigInt64(new WireReader(new ProtoWriter().int(1, -5_000_000_000n).finish(), 1).varint())).toBe(-5_000_000_000n);
  });

  it('keeps the low 32 bits for int32 and reads bools', () => {
    expect(toInt32(new WireReader(new ProtoWriter().int(1, 2n ** 32n + 7n).finish(), 1).varint())).toBe(7);
    expect(toBool(reader([0x00]).varint())).toBe(false);
    expect(toBool(reader([0x02]).varint())).toBe(true);
  });

  it('fails on an eleventh varint byte, a truncated varint, or a length past the end', () => {
    expect(() => reader(Array<number>(11).fill(0xff)).varint()).toThrow('proto: integer overflow');
    expect(() => reader([0x80, 0x80]).varint()).toThrow(new ProtobufDecodeError('unexpected EOF'));
    expect(() => reader([0x05, 0x61]).bytes()).toThrow('unexpected EOF');
    expect(() => reader([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]).bytes()).toThrow(
      'proto: negative length found during unmarshaling',
    );
  });

  it('rejects field number 0 and a stray end-group, as gogo does', () => {
    expect(() => reader([0x00]).tag('ObjectMeta')).toThrow('proto: ObjectMeta: illegal tag 0 (wire type 0)');
    expect(() => reader([0x0c]).tag('ObjectMeta')).toThrow('proto: ObjectMeta: wiretype end group for non-group');
  });

  it('skips every wire type, groups included', () => {
    const bytes = new ProtoWriter()
      .int(1, 300)
      .raw([0x11, 1, 2, 3, 4, 5, 6, 7, 8]) // field 2, fixed64
      .string(3, 'skip me')
      .raw([0x25, 1, 2, 3, 4]) // field 4, fixed32
      .raw([0x2b, 0x08, 0x01, 0x2c]) // field 5 group { field 1 varint } end group
      .int(6, 42)
      .finish();
    const r = new WireReader(bytes);
    for (let i = 0; i < 5; i++) r.skip(r.tag('M').wire);
    expect(r.tag('M')).toEqual({ field: 6, wire: 0 });
    expect(toInt32(r.varint())).toBe(42);
    expect(r.atEnd()).toBe(true);
  });
});
