import { describe, expect, it } from 'vitest';
import { Cidr } from './cidr.js';

describe('Cidr', () => {
  it('knows its range and finds the lowest free address', () => {
    const c = new Cidr('10.96.0.0/12');
    expect(c.contains('10.96.0.1')).toBe(true);
    expect(c.contains('10.111.255.254')).toBe(true);
    expect(c.contains('10.112.0.1')).toBe(false);
    expect(c.contains('not-an-ip')).toBe(false);
    expect(c.firstFree(new Set(['10.96.0.1', '10.96.0.2']), 1)).toBe('10.96.0.3');
  });

  it('skips the broadcast address and reports a full range', () => {
    const c = new Cidr('10.250.0.0/30');
    expect(c.firstFree(new Set(), 1)).toBe('10.250.0.1');
    expect(c.firstFree(new Set(['10.250.0.1', '10.250.0.2']), 1)).toBeUndefined();
  });

  it('refuses malformed ranges', () => {
    expect(() => new Cidr('10.0.0.0')).toThrow();
    expect(() => new Cidr('300.0.0.0/8')).toThrow();
  });
});

describe('Cidr subnets and overlap', () => {
  it('splits a cluster CIDR into /24 pod CIDRs like node IPAM', () => {
    const c = new Cidr('10.244.0.0/16');
    expect(c.subnet(24, 0)).toBe('10.244.0.0/24');
    expect(c.subnet(24, 1)).toBe('10.244.1.0/24');
    expect(c.subnet(24, 255)).toBe('10.244.255.0/24');
    expect(c.subnet(24, 256)).toBeUndefined();
  });
  it('tells overlapping ranges apart', () => {
    expect(new Cidr('10.96.0.0/12').overlaps(new Cidr('10.100.0.0/16'))).toBe(true);
    expect(new Cidr('10.96.0.0/12').overlaps(new Cidr('10.244.0.0/16'))).toBe(false);
  });
  it('rejects malformed ranges with the text in the message', () => {
    expect(() => new Cidr('10.0.0.0/x')).toThrow('invalid CIDR "10.0.0.0/x"');
    expect(() => new Cidr('300.0.0.0/16')).toThrow('invalid IPv4 address "300.0.0.0"');
  });
});
