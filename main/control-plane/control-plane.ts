// The control plane of one lab, composed: PKI, the store (embedded, or a real etcd
// cluster), the etcd v3 facade over the embedded store, and the API server.
// Scheduler and controllers attach here through the API as they land.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { createKubeletDialer } from './apiserver/kubelet-dialer.js';
import type { KubeletRoute } from './apiserver/kubelet-dialer.js';
import { startApiServer } from './apiserver/server.js';
import type { ApiServer } from './apiserver/server.js';
import { ensurePki, issueClientCert, writeKubeconfig } from './pki/index.js';
import type { Pki } from './pki/index.js';
import { openStore } from './store/mvcc-store.js';
import { connectEtcd } from './store/etcd/etcd-client-backend.js';
import { startEtcdFacade } from './store/etcd/facade.js';
import type { KvBackend } from './store/types.js';
import { TraceBus } from './trace/trace-bus.js';
import type { ComponentLiveness } from './trace/trace-bus.js';
import { traceDecisions } from './trace/schedule-trace.js';
import { ApiClient } from '../common/client/api-client.js';
import { startControllerManager } from './controllers/controller-manager.js';
import type { ControllerManagerConfig } from './controllers/controller-manager.js';
import { startScheduler } from './scheduler/index.js';
import type { TolerationSeconds } from './apiserver/defaults/pod.js';

export interface ControlPlaneOptions {
  dataDir: string;
  apiServerPort: number;
  /** the etcd facade's port; 0 = random, null = do not serve it */
  etcdPort: number | null;
  /** external etcd endpoints (kube-apiserver --etcd-servers); empty = embedded store */
  etcdServers: string[];
  host?: string;
  /** controller-manager timings (kube-controller-manager flags) */
  controllers?: ControllerManagerConfig;
  /** kube-apiserver --default-not-ready/unreachable-toleration-seconds */
  tolerationSeconds?: TolerationSeconds;
  /** extra names and addresses in the API server's certificate (the lab bridge address nodes use) */
  apiServerSans?: { dns: string[]; ips: string[] };
  /** where the API server really dials a node's kubelet (VM nodes: a forward on 127.0.0.1) */
  kubeletRoute?: KubeletRoute;
  log?: (line: string) => void;
}

export interface ControlPlane {
  readonly apiServer: ApiServer;
  readonly kubeconfigPath: string;
  readonly etcdEndpoint: string | undefined;
  readonly pki: Pki;
  readonly trace: TraceBus;
  /** a client for the lab itself (node providers), as kubernetes-admin */
  readonly admin: ApiClient;
  /** what the scheduler and the controller-manager say about themselves (the app's architecture view) */
  liveness(): ComponentLiveness;
  stop(): Promise<void>;
}

export async function startControlPlane(opts: ControlPlaneOptions): Promise<ControlPlane> {
  const log = opts.log ?? (() => undefined);
  await mkdir(opts.dataDir, { recursive: true, mode: 0o700 });
  const pki = await ensurePki(join(opts.dataDir, 'pki'), opts.apiServerSans ? { apiServerSans: opts.apiServerSans, etcdServerSans: opts.apiServerSans } : {});
  if (pki.changed.length) log(`pki: wrote ${pki.changed.join(', ')}`);
  const host = opts.host ?? '127.0.0.1';
  const trace = new TraceBus();
  const stops: (() => Promise<void>)[] = [];
  const stopAll = async (): Promise<void> => {
    for (const stop of stops.reverse()) {
      try {
        await stop();
      } catch (e) {
        log(`stop: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
  };
  try {
    let backend: KvBackend;
    let etcdEndpoint: string | undefined;
    if (opts.etcdServers.length > 0) {
      backend = await connectEtcd({
        endpoints: opts.etcdServers,
        tls: { ca: Buffer.from(pki.etcd.ca.certPem), cert: Buffer.from(pki.apiServerEtcdClient.certPem), key: Buffer.from(pki.apiServerEtcdClient.keyPem) },
      });
      etcdEndpoint = opts.etcdServers.join(',');
      log(`store: external etcd ${etcdEndpoint}`);
    } else {
      backend = await openStore({ dataDir: join(opts.dataDir, 'store') });
      log(`store: embedded, data in ${join(opts.dataDir, 'store')}`);
    }
    stops.push(() => backend.close());
    if (opts.etcdServers.length === 0 && opts.etcdPort !== null) {
      const facade = await startEtcdFacade({
        backend,
        host,
        port: opts.etcdPort,
        tls: { ca: Buffer.from(pki.etcd.ca.certPem), cert: Buffer.from(pki.etcd.server.certPem), key: Buffer.from(pki.etcd.server.keyPem) },
      });
      stops.push(() => facade.close());
      etcdEndpoint = `https://${host}:${facade.port}`;
      log(`etcd: serving the etcd v3 API on ${etcdEndpoint}`);
    }
    const apiServer = await startApiServer({
      host,
      port: opts.apiServerPort,
      tls: { cert: Buffer.from(pki.apiServer.certPem), key: Buffer.from(pki.apiServer.keyPem), clientCa: Buffer.from(pki.ca.certPem) },
      backend,
      trace,
      tolerationSeconds: opts.tolerationSeconds,
      // logs, exec, attach and port-forward reach the node's kubelet with the apiserver-kubelet-client cert
      kubelet: createKubeletDialer({ caPem: pki.ca.certPem, certPem: pki.apiServerKubeletClient.certPem, keyPem: pki.apiServerKubeletClient.keyPem, route: opts.kubeletRoute }),
    });
    stops.push(() => apiServer.close());
    log(`apiserver: serving on ${apiServer.url}`);
    const admin = await issueClientCert(pki, { commonName: 'kubernetes-admin', organizations: ['system:masters'], signer: 'kubernetes' });
    const kubeconfigPath = join(opts.dataDir, 'kubeconfig');
    await writeKubeconfig(kubeconfigPath, {
      clusterName: 'k8s-lab',
      server: apiServer.url,
      caPem: pki.ca.certPem,
      user: 'kubernetes-admin',
      certPem: admin.certPem,
      keyPem: admin.keyPem,
      contextName: 'k8s-lab',
    });
    // the scheduler and the controller-manager are API clients with their own identities, as in kubeadm
    const clientFor = async (user: string, agent: string): Promise<ApiClient> => {
      const cert = await issueClientCert(pki, { commonName: user, organizations: [], signer: 'kubernetes' });
      const client = new ApiClient({ server: apiServer.url, caPem: pki.ca.certPem, certPem: cert.certPem, keyPem: cert.keyPem, userAgent: `${agent}/v1.32.4 (k8s-lab)` });
      stops.push(() => {
        client.close();
        return Promise.resolve();
      });
      return client;
    };
    const schedulerClient = await clientFor('system:kube-scheduler', 'kube-scheduler');
    const scheduler = startScheduler(schedulerClient, { onError: (context, e) => log(`scheduler: ${context}: ${e instanceof Error ? e.message : String(e)}`) });
    const untrace = traceDecisions((l) => scheduler.onDecision(l), trace);
    let schedulerRunning = true;
    let schedulerSynced = false;
    void scheduler.synced().then(() => (schedulerSynced = true));
    stops.push(async () => {
      untrace();
      schedulerRunning = false;
      scheduler.stop();
      await scheduler.drain();
    });
    log('scheduler: started (default-scheduler)');
    const cmClient = await clientFor('system:kube-controller-manager', 'kube-controller-manager');
    const controllers = startControllerManager(cmClient, {
      ...opts.controllers,
      onError: (name, e) => log(`controller-manager: ${name}: ${e instanceof Error ? e.message : String(e)}`),
    });
    let controllersRunning = true;
    stops.push(() => {
      controllersRunning = false;
      controllers.stop();
      return Promise.resolve();
    });
    const liveness = (): ComponentLiveness => {
      const q = scheduler.stats();
      return {
        scheduler: { running: schedulerRunning, synced: schedulerSynced, queue: { active: q.active, backoff: q.backoff, unschedulable: q.unschedulable }, nodes: q.nodes },
        controllerManager: { running: controllersRunning, controllers: [...controllers.controllers] },
      };
    };
    log(`controller-manager: started (${controllers.controllers.join(', ')})`);
    const adminClient = new ApiClient({ server: apiServer.url, caPem: pki.ca.certPem, certPem: admin.certPem, keyPem: admin.keyPem, userAgent: 'k8s-lab' });
    stops.push(() => {
      adminClient.close();
      return Promise.resolve();
    });
    return { apiServer, kubeconfigPath, etcdEndpoint, pki, trace, admin: adminClient, liveness, stop: stopAll };
  } catch (e) {
    await stopAll();
    throw e;
  }
}
