// The endpoints controller on a real API server: pods' readiness, IPs and named ports as
// a kubelet would report them (written through the API), Endpoints as kubectl shows them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubeObject } from '../../common/kube-types.js';
import type { ApiHarness } from '../testing/api-harness.js';
import { startApiHarness } from '../testing/api-harness.js';
import type { EndpointSubset } from './endpoints-controller.js';
import { EndpointsController, computeSubsets } from './endpoints-controller.js';
import { KubernetesServiceEndpoints } from './kubernetes-service-endpoints.js';
import { kubectl, podsIn, runPod, setPodReady, tryGet, waitFor } from './kwok.fixture.js';

let h: ApiHarness;
let controller: EndpointsController;
const SERVICES = { group: '', version: 'v1', resource: 'services', namespace: 'default' };
const ENDPOINTS = { group: '', version: 'v1', resource: 'endpoints', namespace: 'default' };

beforeAll(async () => {
  h = await startApiHarness();
  controller = new EndpointsController(h.admin);
  controller.start();
});

afterAll(async () => {
  controller.stop();
  await h.stop();
});

const endpointsOf = async (name: string): Promise<EndpointSubset[] | undefined> => {
  const ep = await tryGet(h.admin, ENDPOINTS, name);
  return ep ? ((ep['subsets'] ?? []) as EndpointSubset[]) : undefined;
};

const summary = (subsets: EndpointSubset[]): string[] =>
  subsets.map((s) => {
    const ports = (s.ports ?? []).map((p) => `${p.name ?? ''}:${p.port}`).join(',');
    const ready = (s.addresses ?? []).map((a) => a.ip).join(',');
    const notReady = (s.notReadyAddresses ?? []).map((a) => a.ip).join(',');
    return `${ports} ready=[${ready}] notReady=[${notReady}]`;
  });

describe('computeSubsets', () => {
  it('lists a headless Service without ports, and nothing for a ClusterIP one without ports', () => {
    const pod: KubeObject = { metadata: { name: 'p', namespace: 'ns', labels: { a: 'b' }, uid: 'u' }, spec: { nodeName: 'n' }, status: { podIP: '10.0.0.9', conditions: [{ type: 'Ready', status: 'True' }] } };
    const headless: KubeObject = { metadata: { name: 's', namespace: 'ns' }, spec: { selector: { a: 'b' }, clusterIP: 'None' } };
    expect(computeSubsets(headless, [pod])).toEqual([{ addresses: [{ ip: '10.0.0.9', nodeName: 'n', targetRef: { kind: 'Pod', namespace: 'ns', name: 'p', uid: 'u' } }] }]);
    expect(computeSubsets({ ...headless, spec: { selector: { a: 'b' }, clusterIP: '10.96.0.9' } }, [pod])).toEqual([]);
  });
});

describe('endpoints controller', () => {
  it('follows pods becoming ready and not ready, resolving named ports per pod', async () => {
    await h.admin.create(SERVICES, {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'web', labels: { tier: 'front' } },
      spec: { selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 'http' }, { name: 'metrics', port: 9000, targetPort: 9100 }] },
    });
    // an Endpoints object exists from the start, empty
    expect(await waitFor('empty endpoints', () => endpointsOf('web'))).toEqual([]);

    await runPod(h.admin, 'web-1', { ip: '10.244.1.10', ports: [{ name: 'http', containerPort: 8080 }] });
    await runPod(h.admin, 'web-2', { ip: '10.244.2.10', ports: [{ name: 'http', containerPort: 8081 }], node: 'node-b' });
    await runPod(h.admin, 'web-3', { ip: '10.244.1.11', ports: [{ name: 'other', containerPort: 7000 }] });
    await runPod(h.admin, 'web-noip', { ports: [{ name: 'http', containerPort: 8080 }] });
    await runPod(h.admin, 'db-1', { ip: '10.244.1.12', labels: { app: 'db' } });

    const want = ['http:8080,metrics:9100 ready=[10.244.1.10] notReady=[]', 'http:8081,metrics:9100 ready=[10.244.2.10] notReady=[]', 'metrics:9100 ready=[10.244.1.11] notReady=[]'];
    const subsets = await waitFor('three subsets', async () => {
      const s = await endpointsOf('web');
      return s && summary(s).sort().join('|') === want.join('|') && s;
    });
    const web2 = subsets.flatMap((s) => s.addresses ?? []).find((a) => a.ip === '10.244.2.10');
    expect(web2).toMatchObject({ nodeName: 'node-b', targetRef: { kind: 'Pod', namespace: 'default', name: 'web-2' } });
    const ep = await h.admin.get(ENDPOINTS, 'web');
    expect(ep.metadata.labels).toEqual({ tier: 'front' });
    expect(ep.metadata.annotations?.['endpoints.kubernetes.io/last-change-trigger-time']).toMatch(/^\d{4}-\d\d-\d\dT/);

    await setPodReady(h.admin, 'default', 'web-1', false);
    await waitFor('web-1 not ready', async () => summary((await endpointsOf('web')) ?? []).includes('http:8080,metrics:9100 ready=[] notReady=[10.244.1.10]'));
    await setPodReady(h.admin, 'default', 'web-1', true);
    await waitFor('web-1 ready again', async () => summary((await endpointsOf('web')) ?? []).includes('http:8080,metrics:9100 ready=[10.244.1.10] notReady=[]'));

    // a terminating pod leaves the Endpoints at once (it stays Terminating: no kubelet here)
    await h.admin.delete(podsIn('default'), 'web-2');
    await waitFor('web-2 gone', async () => !JSON.stringify(await endpointsOf('web')).includes('10.244.2.10'));

    const table = await kubectl(h, 'get', 'endpoints', 'web');
    expect(table).toMatch(/^NAME\s+ENDPOINTS\s+AGE/);
    // kubectl prints ip:port pairs, the first three
    expect(table).toMatch(/web\s+10\.244\.1\.10:8080,10\.244\.1\.10:9100,10\.244\.1\.11:9100\s/);

    // deleting the Endpoints brings them back; deleting the Service removes them
    await h.admin.delete(ENDPOINTS, 'web');
    await waitFor('endpoints recreated', async () => ((await endpointsOf('web')) ?? []).length === 2);
    await h.admin.delete(SERVICES, 'web');
    await waitFor('endpoints deleted', async () => (await endpointsOf('web')) === undefined);
  }, 120_000);

  it('publishNotReadyAddresses lists not-ready pods as ready; a Service without selector is left alone', async () => {
    await h.admin.create(SERVICES, { apiVersion: 'v1', kind: 'Service', metadata: { name: 'peers' }, spec: { clusterIP: 'None', publishNotReadyAddresses: true, selector: { app: 'peer' }, ports: [{ port: 7000 }] } });
    await runPod(h.admin, 'peer-0', { ip: '10.244.3.5', ready: false, labels: { app: 'peer' } });
    await waitFor('peer listed ready', async () => summary((await endpointsOf('peers')) ?? []).includes(':7000 ready=[10.244.3.5] notReady=[]'));
    expect((await h.admin.get(ENDPOINTS, 'peers')).metadata.labels).toEqual({ 'service.kubernetes.io/headless': '' });

    await h.admin.create(SERVICES, { apiVersion: 'v1', kind: 'Service', metadata: { name: 'manual' }, spec: { ports: [{ port: 80 }] } });
    await h.admin.create(ENDPOINTS, { apiVersion: 'v1', kind: 'Endpoints', metadata: { name: 'manual' }, subsets: [{ addresses: [{ ip: '192.168.9.9' }], ports: [{ port: 80 }] }] });
    // give the controller every chance to (wrongly) touch it, by poking the Service
    await h.admin.patch(SERVICES, 'manual', { metadata: { labels: { poke: '1' } } });
    await waitFor('peers still fine', async () => (await endpointsOf('peers')) !== undefined);
    expect(summary((await endpointsOf('manual')) ?? [])).toEqual([':80 ready=[192.168.9.9] notReady=[]']);
  }, 120_000);

  it('the kubernetes Service points at the API server (the kube-apiserver reconciler, as a helper)', async () => {
    // the address nodes reach the API server on (the QEMU guestfwd one); Endpoints refuse loopback
    const k = new KubernetesServiceEndpoints(h.admin, { advertiseAddress: '10.0.2.100', securePort: h.server.port });
    await k.reconcile();
    await k.reconcile();
    expect(summary((await endpointsOf('kubernetes')) ?? [])).toEqual([`https:${h.server.port} ready=[10.0.2.100] notReady=[]`]);
    const slice = await h.admin.get({ group: 'discovery.k8s.io', version: 'v1', resource: 'endpointslices', namespace: 'default' }, 'kubernetes');
    expect(slice).toMatchObject({ addressType: 'IPv4', endpoints: [{ addresses: ['10.0.2.100'], conditions: { ready: true } }], ports: [{ name: 'https', port: h.server.port, protocol: 'TCP' }] });
    expect(await kubectl(h, 'get', 'endpoints', 'kubernetes')).toContain(`10.0.2.100:${h.server.port}`);
    expect(() => new KubernetesServiceEndpoints(h.admin, { advertiseAddress: 'localhost' })).toThrow(/advertiseAddress/);
    expect(() => new KubernetesServiceEndpoints(h.admin, { advertiseAddress: '127.0.0.1' })).toThrow(/loopback/);
  }, 60_000);
});
