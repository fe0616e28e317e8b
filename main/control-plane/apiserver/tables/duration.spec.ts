import { describe, expect, it } from 'vitest';
import { formatRfc3339, humanDuration, parseTime, shortHumanDuration, translateTimestampSince } from './duration.js';

const S = 1000;
const M = 60 * S;
const H = 60 * M;
const D = 24 * H;

describe('humanDuration (apimachinery duration.HumanDuration)', () => {
  it.each([
    [0, '0s'],
    [45 * S, '45s'],
    [119 * S + 999, '119s'],
    [2 * M, '2m'],
    [5 * M + 30 * S, '5m30s'],
    [9 * M + 59 * S, '9m59s'],
    [10 * M + 59 * S, '10m'],
    [179 * M + 59 * S, '179m'],
    [3 * H, '3h'],
    [3 * H + 12 * M, '3h12m'],
    [7 * H + 59 * M, '7h59m'],
    [8 * H + 30 * M, '8h'],
    [47 * H + 59 * M, '47h'],
    [48 * H, '2d'],
    [2 * D + 3 * H, '2d3h'],
    [7 * D + 23 * H, '7d23h'],
    [8 * D + 5 * H, '8d'],
    [729 * D, '729d'],
    [730 * D, '2y'],
    [731 * D, '2y1d'],
    [8 * 365 * D, '8y'],
    [20 * 365 * D + 100 * D, '20y'],
  ])('%d ms → %s', (ms, expected) => {
    expect(humanDuration(ms)).toBe(expected);
  });

  it('tolerates up to two seconds of clock skew, then reports <invalid>', () => {
    expect(humanDuration(-1 * S)).toBe('0s');
    expect(humanDuration(-1999)).toBe('0s');
    expect(humanDuration(-2 * S)).toBe('<invalid>');
  });
});

describe('shortHumanDuration (apimachinery duration.ShortHumanDuration)', () => {
  it.each([
    [59 * S, '59s'],
    [60 * S, '1m'],
    [5 * M + 30 * S, '5m'],
    [59 * M, '59m'],
    [60 * M, '1h'],
    [23 * H + 59 * M, '23h'],
    [2 * D + 3 * H, '2d'],
    [364 * D, '364d'],
    [365 * D, '1y'],
    [-2 * S, '<invalid>'],
  ])('%d ms → %s', (ms, expected) => {
    expect(shortHumanDuration(ms)).toBe(expected);
  });
});

describe('translateTimestampSince', () => {
  const now = new Date('2024-05-01T12:00:00Z');

  it('prints <unknown> for a missing or zero timestamp', () => {
    expect(translateTimestampSince(undefined, now)).toBe('<unknown>');
    expect(translateTimestampSince('', now)).toBe('<unknown>');
    expect(translateTimestampSince('0001-01-01T00:00:00Z', now)).toBe('<unknown>');
    expect(translateTimestampSince('not a time', now)).toBe('<unknown>');
  });

  it('prints the age of an RFC 3339 timestamp, including MicroTime precision', () => {
    expect(translateTimestampSince('2024-04-29T09:00:00Z', now)).toBe('2d3h');
    expect(translateTimestampSince('2024-05-01T11:54:29.500000Z', now)).toBe('5m30s');
    expect(translateTimestampSince('2024-05-01T12:00:05Z', now)).toBe('<invalid>');
  });

  it('parses only real times', () => {
    expect(parseTime('2024-05-01T12:00:00Z')).toBe(Date.UTC(2024, 4, 1, 12));
    expect(parseTime(42)).toBeUndefined();
  });
});

describe('formatRfc3339 (the default table Created At cell)', () => {
  it('prints whole seconds in UTC and the Go zero time when unset', () => {
    expect(formatRfc3339('2024-05-01T14:00:00.900+02:00')).toBe('2024-05-01T12:00:00Z');
    expect(formatRfc3339(undefined)).toBe('0001-01-01T00:00:00Z');
  });
});
