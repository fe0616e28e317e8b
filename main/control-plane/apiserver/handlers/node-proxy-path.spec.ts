import { describe, expect, it } from 'vitest';
import { proxiedPath } from './node-proxy-path.js';

describe('nodes/proxy', () => {
  it('forwards the path after /proxy with its query', () => {
    expect(proxiedPath('/api/v1/nodes/node-1/proxy/healthz')).toBe('/healthz');
    expect(proxiedPath('/api/v1/nodes/node-1/proxy/criTrace?follow=true&after=3')).toBe('/criTrace?follow=true&after=3');
    expect(proxiedPath('/api/v1/nodes/node-1/proxy')).toBe('/');
    expect(proxiedPath('/api/v1/nodes/node-1/proxy/containerLogs/default/p/c')).toBe('/containerLogs/default/p/c');
  });
});
