// etcdctl 3.4 against the facade over the embedded store, with the same checks run
// against a real etcd first so that every expectation is etcd's own behaviour.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../mvcc-store.js';
import { startEtcdFacade } from './facade.js';
import { describeEtcdctl } from './testing/etcdctl-suite.js';
import { startEtcd } from './testing/etcd-process.js';

describeEtcdctl('a real etcd (the reference)', async (pki) => {
  const etcd = await startEtcd({ tls: { caFile: pki.caFile, certFile: pki.server.cert, keyFile: pki.server.key, clientTls: pki.clientTls } });
  return { endpoint: etcd.endpoint, cleanup: () => etcd.stop() };
});

describeEtcdctl('the facade over the embedded store', async (pki) => {
  const dir = await mkdtemp(join(tmpdir(), 'k8s-lab-store-'));
  const store = await openStore({ dataDir: dir });
  const facade = await startEtcdFacade({ backend: store, port: 0, tls: pki.tls });
  return {
    endpoint: facade.url,
    cleanup: async () => {
      await facade.close();
      await store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
});
