// The shared KvBackend suite against every way the API server can reach its store:
// a real etcd through connectEtcd, the embedded store directly, and the facade (over
// real etcd, and over the embedded store) through connectEtcd — one suite, so they agree.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../mvcc-store.js';
import { connectEtcd } from './etcd-client-backend.js';
import { startEtcdFacade } from './facade.js';
import { describeKvBackend } from './testing/backend-suite.js';
import { makeTestPki } from './testing/certs.js';
import { startEtcd } from './testing/etcd-process.js';

describeKvBackend('real etcd (Debian etcd-server) through connectEtcd', async () => {
  const etcd = await startEtcd();
  const backend = await connectEtcd({ endpoints: [etcd.endpoint] });
  return {
    backend,
    cleanup: async () => {
      await backend.close();
      await etcd.stop();
    },
  };
});

describeKvBackend('the facade over real etcd, through connectEtcd with mutual TLS', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'k8s-lab-facade-'));
  const pki = await makeTestPki(dir);
  const etcd = await startEtcd();
  const inner = await connectEtcd({ endpoints: [etcd.endpoint] });
  const facade = await startEtcdFacade({ backend: inner, port: 0, tls: pki.tls });
  const backend = await connectEtcd({ endpoints: [facade.url], tls: pki.clientTls });
  return {
    backend,
    cleanup: async () => {
      await backend.close();
      await facade.close();
      await inner.close();
      await etcd.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
});

describeKvBackend('the embedded store (openStore)', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'k8s-lab-store-'));
  const backend = await openStore({ dataDir: dir });
  return {
    backend,
    cleanup: async () => {
      await backend.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
});

describeKvBackend('the facade over the embedded store, through connectEtcd with mutual TLS', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'k8s-lab-store-'));
  const pki = await makeTestPki(dir);
  const store = await openStore({ dataDir: join(dir, 'store') });
  const facade = await startEtcdFacade({ backend: store, port: 0, tls: pki.tls });
  const backend = await connectEtcd({ endpoints: [facade.url], tls: pki.clientTls });
  return {
    backend,
    cleanup: async () => {
      await backend.close();
      await facade.close();
      await store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
});
