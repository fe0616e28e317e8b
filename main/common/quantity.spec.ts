import { describe, expect, it } from 'vitest';
import {
  addQuantities,
  canonicalQuantity,
  compareQuantities,
  formatQuantity,
  milliValue,
  parseQuantity,
  quantityOf,
  quantityValue,
  roundUpToMilli,
} from './quantity.js';

function q(s: string) {
  const parsed = parseQuantity(s);
  if (!parsed) throw new Error(`did not parse: ${s}`);
  return parsed;
}

describe('parseQuantity', () => {
  it.each([
    ['100m', 100_000_000n],
    ['1', 1_000_000_000n],
    ['0.5', 500_000_000n],
    ['1Ki', 1024n * 1_000_000_000n],
    ['500Mi', 500n * 1024n * 1024n * 1_000_000_000n],
    ['1e3', 1000n * 1_000_000_000n],
    ['1.5Gi', 1610612736n * 1_000_000_000n],
    ['-2', -2_000_000_000n],
    ['1n', 1n],
  ])('%s is exact', (s, nanos) => {
    expect(q(s).nanos).toBe(nanos);
  });

  it('rounds sub-nano values up, as ParseQuantity does', () => {
    expect(q('0.0000000001').nanos).toBe(1n);
  });

  it.each(['', 'abc', '1GB', '1gi', '1.2.3', '1mi', 'Mi', ' '])('rejects %j', (s) => {
    expect(parseQuantity(s)).toBeUndefined();
  });

  it('accepts JSON numbers', () => {
    expect(quantityOf(2)?.nanos).toBe(2_000_000_000n);
    expect(quantityOf(0.25)?.nanos).toBe(250_000_000n);
  });
});

describe('formatQuantity (the canonical form the server returns)', () => {
  it.each([
    ['100m', '100m'],
    ['0.1', '100m'],
    ['1.5', '1500m'],
    ['1000', '1k'],
    ['1000m', '1'],
    ['1024Mi', '1Gi'],
    ['1536Mi', '1536Mi'],
    ['1.5Gi', '1536Mi'],
    ['0.5Gi', '512Mi'],
    ['0.5Ki', '512'],
    ['1e3', '1e3'],
    ['1500e-3', '1500e-3'],
    ['12e2', '1200'],
    ['2048', '2048'],
    ['10000', '10k'],
    ['128974848', '128974848'],
    ['129e6', '129e6'],
    ['129M', '129M'],
    ['0', '0'],
    ['0Mi', '0'],
    ['-100m', '-100m'],
  ])('%s -> %s', (input, out) => {
    expect(canonicalQuantity(input)).toBe(out);
  });
});

describe('arithmetic', () => {
  it('compares across formats', () => {
    expect(compareQuantities(q('1Gi'), q('1024Mi'))).toBe(0);
    expect(compareQuantities(q('500m'), q('1'))).toBe(-1);
    expect(compareQuantities(q('1G'), q('1Gi'))).toBe(-1);
  });

  it('adds keeping the receiver format', () => {
    expect(formatQuantity(addQuantities(q('100m'), q('900m')))).toBe('1');
    expect(formatQuantity(addQuantities(q('512Mi'), q('512Mi')))).toBe('1Gi');
  });

  it('MilliValue and Value round up', () => {
    expect(milliValue(q('100m'))).toBe(100);
    expect(milliValue(q('1n'))).toBe(1);
    expect(quantityValue(q('1Ki'))).toBe(1024);
    expect(quantityValue(q('100m'))).toBe(1);
  });

  it('rounds resource lists up to milli units', () => {
    expect(formatQuantity(roundUpToMilli(q('0.0001')))).toBe('1m');
    expect(formatQuantity(roundUpToMilli(q('250m')))).toBe('250m');
  });
});
