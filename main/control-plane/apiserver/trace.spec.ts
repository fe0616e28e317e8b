// The live trace of the control plane, observed on a real API server over a real store.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../client/api-client.js';
import { ensurePki, issueClientCert } from '../pki/index.js';
import { openStore } from '../store/mvcc-store.js';
import type { MvccStore } from '../store/mvcc-store.js';
import type { TraceEvent } from '../trace/trace-bus.js';
import { TraceBus } from '../trace/trace-bus.js';
import type { ApiServer } from './server.js';
import { startApiServer } from './server.js';

const dir = mkdtempSync(join(tmpdir(), 'k8s-lab-trace-'));
let store: MvccStore;
let server: ApiServer;
let client: ApiClient;
const trace = new TraceBus();

beforeAll(async () => {
  const pki = await ensurePki(join(dir, 'pki'));
  store = await openStore({ dataDir: join(dir, 'store') });
  server = await startApiServer({ port: 0, tls: { cert: Buffer.from(pki.apiServer.certPem), key: Buffer.from(pki.apiServer.keyPem), clientCa: Buffer.from(pki.ca.certPem) }, backend: store, trace });
  const cert = await issueClientCert(pki, { commonName: 'alice', organizations: ['students'], signer: 'kubernetes' });
  client = new ApiClient({ server: server.url, caPem: pki.ca.certPem, certPem: cert.certPem, keyPem: cert.keyPem, userAgent: 'kubectl/v1.32.4' });
});

afterAll(async () => {
  client.close();
  await server.close();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
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
    expect(request).toMatchObject({ user: 'alice', namespace: 'default', code: 201, userAgent: 'kubectl/v1.32.4' });
    const write = events.find((e) => e.kind === 'store' && e.op === 'create');
    expect(write).toMatchObject({ key: '/registry/pods/default/traced' });
    expect(write?.kind === 'store' && (write.revision ?? 0) > 0).toBe(true);
    const delivered = events.find((e) => e.kind === 'watch' && e.type === 'ADDED' && e.name === 'traced');
    expect(delivered).toMatchObject({ resource: 'pods', user: 'alice' });
  });
});
