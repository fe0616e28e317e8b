import { describe, expect, it } from 'vitest';
import { DEFAULT_MEMORY_REQUEST, DEFAULT_MILLI_CPU_REQUEST, podRequests } from './resources.js';
import type { PodSpecShape } from './types.js';

const c = (cpu?: string, memory?: string, restartPolicy?: string) => ({
  name: 'c',
  resources: { requests: { ...(cpu ? { cpu } : {}), ...(memory ? { memory } : {}) } },
  ...(restartPolicy ? { restartPolicy } : {}),
});

describe('pod requests as the scheduler counts them', () => {
  it('sums containers and takes the max with each init container', () => {
    // the example in noderesources/fit.go: init 2/1G and 2/3G, containers 2/1G and 1/1G → 3 cpu, 3G
    const spec: PodSpecShape = { initContainers: [c('2', '1G'), c('2', '3G')], containers: [c('2', '1G'), c('1', '1G')] };
    const r = podRequests(spec);
    expect(r.milliCpu).toBe(3000);
    expect(r.memory).toBe(3_000_000_000);
  });

  it('counts sidecars (restartable init containers) in the sum and for later init containers', () => {
    const spec: PodSpecShape = { initContainers: [c('500m', undefined, 'Always'), c('1')], containers: [c('200m')] };
    // running: 200m + 500m sidecar = 700m; the second init container needs 1 + 500m = 1500m
    expect(podRequests(spec).milliCpu).toBe(1500);
  });

  it('adds spec.overhead', () => {
    expect(podRequests({ containers: [c('100m', '64Mi')], overhead: { cpu: '250m', memory: '120Mi' } })).toMatchObject({ milliCpu: 350, memory: 184 * 1024 * 1024 });
  });

  it('gives containers without requests the scoring defaults, but keeps an explicit 0', () => {
    const none = podRequests({ containers: [{ name: 'a' }, { name: 'b' }] }, true);
    expect(none.milliCpu).toBe(2 * DEFAULT_MILLI_CPU_REQUEST);
    expect(none.memory).toBe(2 * DEFAULT_MEMORY_REQUEST);
    const zero = podRequests({ containers: [c('0', '0')] }, true);
    expect(zero).toMatchObject({ milliCpu: 0, memory: 0 });
    expect(podRequests({ containers: [{ name: 'a' }] })).toMatchObject({ milliCpu: 0, memory: 0 });
  });

  it('parses quantities exactly and keeps extended resources', () => {
    const r = podRequests({ containers: [{ name: 'a', resources: { requests: { cpu: '0.25', memory: '1.5Gi', 'ephemeral-storage': '1G', 'nvidia.com/gpu': '2', 'hugepages-2Mi': '4Mi' } } }] });
    expect(r.milliCpu).toBe(250);
    expect(r.memory).toBe(1.5 * 1024 ** 3);
    expect(r.ephemeralStorage).toBe(1e9);
    expect(Object.fromEntries(r.scalar ?? [])).toEqual({ 'nvidia.com/gpu': 2, 'hugepages-2Mi': 4 * 1024 * 1024 });
  });
});
