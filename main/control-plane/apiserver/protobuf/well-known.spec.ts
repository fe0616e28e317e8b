import { describe, expect, it } from 'vitest';
import { ProtoWriter } from './proto-writer.fixture.js';
import { decodeWellKnown, goDuration } from './well-known.js';

const ts = (seconds: number | bigint, nanos?: number) => {
  const w = new ProtoWriter().int(1, seconds);
  if (nanos !== undefined) w.int(2, nanos);
  return w.finish();
};

describe('well-known types', () => {
  it('metav1.Time: RFC 3339 in UTC with whole seconds; empty or Go zero time is null', () => {
    expect(decodeWellKnown('Time', ts(1767225600))).toBe('2026-01-01T00:00:00Z');
    // Time.Unmarshal drops the nanoseconds (time.Unix(p.Seconds, 0))
    expect(decodeWellKnown('Time', ts(1767225600, 999_999_999))).toBe('2026-01-01T00:00:00Z');
    expect(decodeWellKnown('Time', ts(-86400))).toBe('1969-12-31T00:00:00Z');
    expect(decodeWellKnown('Time', new Uint8Array())).toBeNull();
    expect(decodeWellKnown('Time', undefined)).toBeNull();
    expect(decodeWellKnown('Time', ts(-62135596800n))).toBeNull();
    expect(() => decodeWellKnown('Time', ts(253402300800n))).toThrow('outside the years 0000-9999');
  });

  it('metav1.MicroTime keeps microseconds', () => {
    expect(decodeWellKnown('MicroTime', ts(1767225600, 123_456_789))).toBe('2026-01-01T00:00:00.123456Z');
    expect(decodeWellKnown('MicroTime', ts(1767225600))).toBe('2026-01-01T00:00:00.000000Z');
    expect(decodeWellKnown('MicroTime', undefined)).toBeNull();
  });

  it('metav1.Duration prints like Go time.Duration.String()', () => {
    expect(goDuration(0n)).toBe('0s');
    expect(goDuration(1n)).toBe('1ns');
    expect(goDuration(1_500n)).toBe('1.5µs');
    expect(goDuration(2_000_000n)).toBe('2ms');
    expect(goDuration(1_500_000_000n)).toBe('1.5s');
    expect(goDuration(90n * 60n * 1_000_000_000n)).toBe('1h30m0s');
    expect(goDuration(-(3_600n * 1_000_000_000n + 1n))).toBe('-1h0m0.000000001s');
    // past 2^53 ns (about 104 days) the value stays exact
    expect(goDuration(9_223_372_036_854_775_807n)).toBe('2562047h47m16.854775807s');
    expect(decodeWellKnown('Duration', new ProtoWriter().int(1, 300_000_000_000).finish())).toBe('5m0s');
  });

  it('resource.Quantity: the canonical string; zero is "0"; malformed is an error', () => {
    const q = (s: string) => new ProtoWriter().string(1, s).finish();
    expect(decodeWellKnown('Quantity', q('100m'))).toBe('100m');
    expect(decodeWellKnown('Quantity', q('1024Mi'))).toBe('1Gi');
    expect(decodeWellKnown('Quantity', q('0.5'))).toBe('500m');
    expect(decodeWellKnown('Quantity', new Uint8Array())).toBe('0');
    expect(decodeWellKnown('Quantity', undefined)).toBe('0');
    expect(() => decodeWellKnown('Quantity', q('12zz'))).toThrow('quantities must match the regular expression');
  });

  it('intstr.IntOrString: a number for type 0, a string for type 1', () => {
    expect(decodeWellKnown('IntOrString', new ProtoWriter().int(1, 0).int(2, 8080).string(3, '').finish())).toBe(8080);
    expect(decodeWellKnown('IntOrString', new ProtoWriter().int(1, 1).int(2, 0).string(3, 'http').finish())).toBe('http');
    expect(decodeWellKnown('IntOrString', new ProtoWriter().int(1, 0).int(2, -3).finish())).toBe(-3);
    expect(decodeWellKnown('IntOrString', undefined)).toBe(0);
    expect(() => decodeWellKnown('IntOrString', new ProtoWriter().int(1, 7).finish())).toThrow('impossible IntOrString.Type');
  });

  it('FieldsV1 and RawExtension carry JSON, shown as the JSON value itself', () => {
    const raw = (json: string) => new ProtoWriter().string(1, json).finish();
    expect(decodeWellKnown('FieldsV1', raw('{"f:metadata":{"f:labels":{".":{}}}}'))).toEqual({ 'f:metadata': { 'f:labels': { '.': {} } } });
    expect(decodeWellKnown('RawExtension', raw('{"spec":{"template":{}}}'))).toEqual({ spec: { template: {} } });
    expect(decodeWellKnown('RawExtension', new Uint8Array())).toBeNull();
    expect(() => decodeWellKnown('FieldsV1', raw('{nope'))).toThrow('json: error calling MarshalJSON for type *v1.FieldsV1');
  });
});
