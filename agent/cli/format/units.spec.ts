import { describe, expect, it } from 'vitest';
import { ago, formatG, humanDuration, humanSize, humanSizeWithPrecision } from './units.js';

const S = 1e9;

describe('humanDuration (go-units)', () => {
  it.each([
    [0, 'Less than a second'],
    [-5 * S, 'Less than a second'],
    [0.999 * S, 'Less than a second'],
    [1 * S, '1 second'],
    [5.9 * S, '5 seconds'],
    [59 * S, '59 seconds'],
    [60 * S, 'About a minute'],
    [119 * S, 'About a minute'],
    [120 * S, '2 minutes'],
    [59 * 60 * S, '59 minutes'],
    [90 * 60 * S - S, 'About an hour'], // 1.49 h rounds to 1
    [90 * 60 * S, '2 hours'], // 1.5 h rounds to 2
    [47 * 3600 * S, '47 hours'],
    [48 * 3600 * S, '2 days'],
    [13 * 86400 * S, '13 days'],
    [14 * 86400 * S, '2 weeks'],
    [59 * 86400 * S, '8 weeks'],
    [60 * 86400 * S, '2 months'],
    [729 * 86400 * S, '24 months'],
    [730 * 86400 * S, '2 years'],
  ])('%d ns → %s', (ns, text) => {
    expect(humanDuration(ns)).toBe(text);
  });

  it('measures CRI nanosecond timestamps against a millisecond clock', () => {
    const created = 1_700_000_000_123_456_789;
    expect(ago(created, 1_700_000_005_200)).toBe('5 seconds ago');
    expect(ago(created, 1_700_000_070_000)).toBe('About a minute ago');
  });
});

describe('humanSizeWithPrecision (go-units, decimal)', () => {
  it.each([
    [0, '0B'],
    [999, '999B'],
    [999.5, '1e+03B'], // Go's %.3g switches to exponent form here, and so does crictl
    [1000, '1kB'],
    [5125, '5.12kB'], // exactly 5.125: Go rounds half to even
    [5135, '5.13kB'], // 5.135 is 5.1349999… in binary: rounds down, in Go too
    [304_767, '305kB'],
    [1_037_265, '1.04MB'],
    [5_907_169, '5.91MB'],
    [35_613_436, '35.6MB'],
    [20_013_369, '20MB'],
    [1_500_000_000, '1.5GB'],
  ])('%d → %s', (size, text) => {
    expect(humanSizeWithPrecision(size, 3)).toBe(text);
  });

  it('uses 4 digits for stats (HumanSize)', () => {
    expect(humanSize(5_907_169)).toBe('5.907MB');
    expect(humanSize(1_228_800)).toBe('1.229MB');
    expect(humanSize(4096)).toBe('4.096kB');
    expect(humanSize(0)).toBe('0B');
  });
});

describe('formatG (Go %g with a precision)', () => {
  it.each([
    [5.9, 3, '5.9'],
    [100, 3, '100'],
    [0.5, 3, '0.5'],
    [0.00001234, 3, '1.23e-05'],
    [123456, 3, '1.23e+05'],
    [-2.5, 2, '-2.5'],
    [9.999, 3, '10'],
  ])('%d with %d digits → %s', (x, p, text) => {
    expect(formatG(x, p)).toBe(text);
  });
});
