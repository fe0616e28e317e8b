// kube-controller-manager's serviceaccount-controller (pkg/controller/serviceaccount, 1.32):
// every active namespace has a `default` ServiceAccount, made when the namespace appears
// and made again if someone deletes it. Since 1.24 no token Secret goes with it (pods get
// projected tokens). The seeds' admission flow relies on it: a pod without
// serviceAccountName is given `default`.
import type { ApiClient } from '../../common/client/api-client.js';
import { Informer } from '../../common/client/informer.js';
import { WorkQueue } from '../../common/client/work-queue.js';
import { checkNumber, isApiError, runWorker } from './controller-support.js';

export interface ServiceAccountControllerConfig {
  /** ServiceAccountsControllerOptions.ServiceAccounts: the accounts every namespace gets (["default"]) */
  serviceAccounts: string[];
  /** kube-controller-manager runs this controller with 1 worker */
  workers: number;
  onError?: (key: string, e: unknown) => void;
}

export function serviceAccountControllerConfig(c: Partial<ServiceAccountControllerConfig> = {}): ServiceAccountControllerConfig {
  const cfg = { serviceAccounts: c.serviceAccounts ?? ['default'], workers: c.workers ?? 1, onError: c.onError };
  checkNumber('serviceaccount-controller', 'workers', cfg.workers, 1);
  return cfg;
}

const NAMESPACES = { group: '', version: 'v1', resource: 'namespaces' };
const SERVICE_ACCOUNTS = { group: '', version: 'v1', resource: 'serviceaccounts' };

export class ServiceAccountController {
  readonly config: ServiceAccountControllerConfig;
  private readonly queue = new WorkQueue({ baseDelayMs: 100, maxDelayMs: 30_000 });
  private readonly namespaces: Informer;
  private readonly accounts: Informer;

  constructor(
    private readonly client: ApiClient,
    config: Partial<ServiceAccountControllerConfig> = {},
  ) {
    this.config = serviceAccountControllerConfig(config);
    this.namespaces = new Informer(client, NAMESPACES);
    this.accounts = new Informer(client, SERVICE_ACCOUNTS);
    this.namespaces.on((e) => {
      if (e.type !== 'delete') this.queue.add(e.obj.metadata.name ?? '');
    });
    this.accounts.on((e) => {
      if (e.type === 'delete') this.queue.add(e.obj.metadata.namespace ?? '');
    });
  }

  start(): void {
    this.namespaces.start();
    this.accounts.start();
    void this.hasSynced().then(() => {
      for (let i = 0; i < this.config.workers; i++) void runWorker(this.queue, (k) => this.reconcile(k), this.config.onError);
    });
  }

  stop(): void {
    this.namespaces.stop();
    this.accounts.stop();
    this.queue.shutdown();
  }

  async hasSynced(): Promise<void> {
    await Promise.all([this.namespaces.hasSynced(), this.accounts.hasSynced()]);
  }

  /** syncNamespace: the missing accounts of an active namespace are created */
  async reconcile(namespace: string): Promise<void> {
    const ns = this.namespaces.get(namespace);
    if (!ns || ns.metadata.deletionTimestamp || (ns.status as { phase?: string } | undefined)?.phase === 'Terminating') return;
    for (const name of this.config.serviceAccounts) {
      if (this.accounts.get(`${namespace}/${name}`)) continue;
      try {
        await this.client.create({ ...SERVICE_ACCOUNTS, namespace }, { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name, namespace } });
      } catch (e) {
        // already there (the cache was behind), or the namespace started terminating
        if (!isApiError(e, 409, 403)) throw e;
      }
    }
  }
}
