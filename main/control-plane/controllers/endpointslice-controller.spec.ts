// The endpointslice controller on a real API server: slices per port set with the
// conditions kube sets (ready/serving/terminating), the placeholder for an empty
// Service, the 100-per-slice limit, and the labels/owner kube-proxy and kubectl rely on.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubeObject } from '../../common/kube-types.js';
import type { ApiHarness } from '../testing/api-harness.js';
import { startApiHarness } from '../testing/api-harness.js';
import type { SliceEndpoint, SlicePort } from './endpointslice-controller.js';
import { EndpointSliceController } from './endpointslice-controller.js';
import { kubectl, podsIn, runPod, setPodReady, waitFor } from './kwok.fixture.js';

let h: ApiHarness;
let controller: EndpointSliceController;
const SERVICES = { group: '', version: 'v1', resource: 'services', namespace: 'default' };
const SLICES = { group: 'discovery.k8s.io', version: 'v1', resource: 'endpointslices', namespace: 'default' };

beforeAll(async () => {
  h = await startApiHarness();
  controller = new EndpointSliceController(h.admin, { maxEndpointsPerSlice: 3 });
  controller.start();
});

afterAll(async () => {
  controller.stop();
  await h.stop();
});

const slicesOf = async (svc: string): Promise<KubeObject[]> => (await h.admin.list(SLICES, { labelSelector: `kubernetes.io/service-name=${svc}` })).items;

/** "port-set: name(ready,serving,terminating) ..." per slice, sorted */
const summary = (slices: KubeObject[]): string[] =>
  slices
    .map((s) => {
      const ports = ((s['ports'] ?? []) as SlicePort[]).map((p) => `${p.name}:${p.port}`).join(',');
      const eps = ((s['endpoints'] ?? []) as SliceEndpoint[]).map((e) => `${e.targetRef.name}(${+e.conditions.ready}${+e.conditions.serving}${+e.conditions.terminating})`).join(' ');
      return `${ports}: ${eps}`;
    })
    .sort();

describe('endpointslice controller', () => {
  it('keeps a placeholder, then slices per port set with ready/serving/terminating', async () => {
    const svc = await h.admin.create(SERVICES, {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'api', labels: { team: 'a' } },
      spec: { selector: { app: 'api' }, ports: [{ name: 'http', port: 80, targetPort: 'http' }] },
    });
    const placeholder = await waitFor('placeholder slice', async () => (await slicesOf('api'))[0]);
    expect(placeholder).toMatchObject({ addressType: 'IPv4' });
    expect(placeholder['endpoints'] ?? null).toBeNull();
    expect(placeholder.metadata.name).toMatch(/^api-[a-z0-9]{5}$/);
    expect(placeholder.metadata.labels).toEqual({ team: 'a', 'kubernetes.io/service-name': 'api', 'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io' });
    expect(placeholder.metadata.ownerReferences).toEqual([{ apiVersion: 'v1', kind: 'Service', name: 'api', uid: svc.metadata.uid, controller: true, blockOwnerDeletion: true }]);

    const labels = { app: 'api' };
    await runPod(h.admin, 'api-1', { ip: '10.244.1.20', labels, ports: [{ name: 'http', containerPort: 8080 }] });
    await runPod(h.admin, 'api-2', { ip: '10.244.1.21', labels, ports: [{ name: 'http', containerPort: 8080 }], ready: false });
    await runPod(h.admin, 'api-3', { ip: '10.244.2.20', labels, ports: [{ name: 'http', containerPort: 9090 }], node: 'node-b' });
    await runPod(h.admin, 'api-noip', { labels, ports: [{ name: 'http', containerPort: 8080 }] });
    const want = ['http:8080: api-1(110) api-2(000)', 'http:9090: api-3(110)'];
    const slices = await waitFor('two slices', async () => {
      const s = await slicesOf('api');
      return summary(s).join('|') === want.join('|') && s;
    });
    const ep = slices.flatMap((s) => (s['endpoints'] ?? []) as SliceEndpoint[]).find((e) => e.targetRef.name === 'api-3');
    expect(ep).toMatchObject({ addresses: ['10.244.2.20'], nodeName: 'node-b', targetRef: { kind: 'Pod', namespace: 'default', name: 'api-3' } });
    expect(slices[0]?.['ports']).toEqual([expect.objectContaining({ name: 'http', protocol: 'TCP' })]);

    await setPodReady(h.admin, 'default', 'api-2', true);
    await waitFor('api-2 ready', async () => summary(await slicesOf('api')).includes('http:8080: api-1(110) api-2(110)'));

    // a terminating pod stays listed: not ready, still serving, terminating (no kubelet finishes it here)
    await h.admin.delete(podsIn('default'), 'api-1');
    await waitFor('api-1 terminating', async () => summary(await slicesOf('api')).includes('http:8080: api-1(011) api-2(110)'));

    const table = await kubectl(h, 'get', 'endpointslices', '-l', 'kubernetes.io/service-name=api');
    expect(table).toMatch(/^NAME\s+ADDRESSTYPE\s+PORTS\s+ENDPOINTS\s+AGE/);
    expect(table).toMatch(/api-\w{5}\s+IPv4\s+9090\s+10\.244\.2\.20\s/);

    await h.admin.delete(SERVICES, 'api');
    await waitFor('slices gone with the Service', async () => (await slicesOf('api')).length === 0);
  }, 120_000);

  it('splits at maxEndpointsPerSlice and repairs a deleted slice', async () => {
    await h.admin.create(SERVICES, { apiVersion: 'v1', kind: 'Service', metadata: { name: 'many' }, spec: { selector: { app: 'many' }, ports: [{ port: 80 }] } });
    for (let i = 0; i < 5; i++) await runPod(h.admin, `many-${i}`, { ip: `10.244.5.${i + 2}`, labels: { app: 'many' } });
    const count = async (): Promise<number[]> => (await slicesOf('many')).map((s) => ((s['endpoints'] ?? []) as unknown[]).length).sort();
    await waitFor('3 + 2 endpoints', async () => JSON.stringify(await count()) === '[2,3]');
    const victim = (await slicesOf('many'))[0]?.metadata.name ?? '';
    await h.admin.delete(SLICES, victim);
    await waitFor('repaired', async () => JSON.stringify(await count()) === '[2,3]' && !(await slicesOf('many')).some((s) => s.metadata.name === victim));
  }, 120_000);
});
