// The live trace of the control plane, observed on a real API server over a real store.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiClient } from '../../common/client/api-client.js';
import type { ApiHarness } from '../testing/api-harness.js';
import { startApiHarness } from '../testing/api-harness.js';
import type { TraceEvent } from '../trace/trace-bus.js';
import { TraceBus } from '../trace/trace-bus.js';

const trace = new TraceBus();
let h: ApiHarness;
let client: ApiClient;

beforeAll(async () => {
  h = await startApiHarness({ trace });
  client = await h.clientFor('alice', ['students']);
});

afterAll(async () => {
  await h.stop();
});

describe('control-plane trace', () => {
  it('is inactive without listeners', () => {
    expect(trace.active).toBe(false);
  });

  it('reports the request, the store write and the watch delivery of a pod create', async () => {
    const events: TraceEvent[] = [];
    const off = trace.subscribe((e) => events.push(e));
    const pods = { group: '', version: 'v1', resource: 'pods', namespace: 'default' };
    const seen = new Promise<void>((resolve) => {
      const w = client.watch(pods, { resourceVersion: '0' }, (e) => {
        if (e.type === 'ADDED' && e.object.metadata.name === 'traced') {
          w.stop();
          resolve();
        }
      });
    });
    await new Promise((r) => setTimeout(r, 100));
    await client.create(pods, { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'traced' }, spec: { containers: [{ name: 'c', image: 'nginx' }] } });
    await seen;
    off();
    expect(trace.active).toBe(false);
    const request = events.find((e) => e.kind === 'request' && e.verb === 'create' && e.resource === 'pods');
    expect(request).toMatchObject({ user: 'alice', namespace: 'default', code: 201, userAgent: 'alice/k8s-lab-test' });
    const write = events.find((e) => e.kind === 'store' && e.op === 'create');
    expect(write).toMatchObject({ key: '/registry/pods/default/traced' });
    expect(write?.kind === 'store' && (write.revision ?? 0) > 0).toBe(true);
    const delivered = events.find((e) => e.kind === 'watch' && e.type === 'ADDED' && e.name === 'traced');
    expect(delivered).toMatchObject({ resource: 'pods', user: 'alice' });
  });
});
