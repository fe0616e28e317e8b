// A real API server on a real embedded store in a temp dir, for specs of components
// that talk to the API (controllers, scheduler, agents): no fakes, random port.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ApiServer, ApiServerConfig } from '../apiserver/server.js';
import { startApiServer } from '../apiserver/server.js';
import { ApiClient } from '../../common/client/api-client.js';
import type { Pki } from '../pki/index.js';
import { ensurePki, issueClientCert } from '../pki/index.js';
import { openStore } from '../store/mvcc-store.js';
import { createKubeletDialer } from '../apiserver/kubelet-dialer.js';
import type { MvccStore } from '../store/mvcc-store.js';

export interface ApiHarness {
  dir: string;
  pki: Pki;
  store: MvccStore;
  server: ApiServer;
  /** an admin client (system:masters) */
  admin: ApiClient;
  /** a client with its own identity, e.g. clientFor('system:kube-scheduler') */
  clientFor(user: string, groups?: string[]): Promise<ApiClient>;
  stop(): Promise<void>;
}

export async function startApiHarness(config: Partial<Omit<ApiServerConfig, 'backend' | 'tls' | 'port'>> = {}): Promise<ApiHarness> {
  const dir = mkdtempSync(join(tmpdir(), 'k8s-lab-api-'));
  const pki = await ensurePki(join(dir, 'pki'));
  const store = await openStore({ dataDir: join(dir, 'store') });
  const server = await startApiServer({
    // the API server reaches kubelets as kube-apiserver does: apiserver-kubelet-client.crt, cluster CA
    kubelet: createKubeletDialer({ caPem: pki.ca.certPem, certPem: pki.apiServerKubeletClient.certPem, keyPem: pki.apiServerKubeletClient.keyPem }),
    ...config,
    port: 0,
    tls: { cert: Buffer.from(pki.apiServer.certPem), key: Buffer.from(pki.apiServer.keyPem), clientCa: Buffer.from(pki.ca.certPem) },
    backend: store,
  });
  const clients: ApiClient[] = [];
  const clientFor = async (user: string, groups: string[] = []): Promise<ApiClient> => {
    const cert = await issueClientCert(pki, { commonName: user, organizations: groups, signer: 'kubernetes' });
    const c = new ApiClient({ server: server.url, caPem: pki.ca.certPem, certPem: cert.certPem, keyPem: cert.keyPem, userAgent: `${user}/k8s-lab-test` });
    clients.push(c);
    return c;
  };
  const admin = await clientFor('kubernetes-admin', ['system:masters']);
  return {
    dir,
    pki,
    store,
    server,
    admin,
    clientFor,
    stop: async () => {
      for (const c of clients) c.close();
      await server.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
