// The namespace controller (kube-controller-manager's namespace-controller): a
// namespace with a deletionTimestamp has every namespaced object in it deleted; once
// nothing is left its 'kubernetes' finalizer is removed through /finalize and the API
// server deletes it. Informer → queue → reconcile, the client-go shape.
import type { KubeObject } from '../../common/kube-types.js';
import type { ApiClient } from '../../common/client/api-client.js';
import { ApiClientError } from '../../common/client/api-client.js';
import { Informer } from '../../common/client/informer.js';
import { WorkQueue } from '../../common/client/work-queue.js';

interface DiscoveredResource {
  group: string;
  version: string;
  resource: string;
  verbs: string[];
}

interface ApiResourceList {
  groupVersion: string;
  resources: { name: string; namespaced: boolean; verbs: string[] }[];
}

const NS = { group: '', version: 'v1', resource: 'namespaces' };

export interface NamespaceControllerOptions {
  /** how soon to look again while content is still going away (pods being terminated) */
  recheckMs?: number;
  workers?: number;
}

export class NamespaceController {
  private readonly queue = new WorkQueue({ baseDelayMs: 100, maxDelayMs: 30_000 });
  private readonly informer: Informer;

  constructor(
    private readonly client: ApiClient,
    private readonly opts: NamespaceControllerOptions = {},
  ) {
    this.informer = new Informer(client, NS);
    this.informer.on((e) => {
      if (e.type !== 'delete' && e.obj.metadata.deletionTimestamp) this.queue.add(e.obj.metadata.name ?? '');
    });
  }

  start(): void {
    this.informer.start();
    for (let i = 0; i < (this.opts.workers ?? 2); i++) void this.worker();
  }

  stop(): void {
    this.informer.stop();
    this.queue.shutdown();
  }

  private async worker(): Promise<void> {
    for (;;) {
      const key = await this.queue.get();
      if (key === undefined) return;
      try {
        const done = await this.reconcile(key);
        this.queue.forget(key);
        if (!done) this.queue.addAfter(key, this.opts.recheckMs ?? 1000);
      } catch (e) {
        if (!(e instanceof ApiClientError && e.code === 404)) this.queue.addRateLimited(key);
      } finally {
        this.queue.done(key);
      }
    }
  }

  private async namespacedResources(): Promise<DiscoveredResource[]> {
    const lists: ApiResourceList[] = [await this.client.request<ApiResourceList>('GET', '/api/v1')];
    const groups = await this.client.request<{ groups: { preferredVersion: { groupVersion: string } }[] }>('GET', '/apis');
    for (const g of groups.groups) lists.push(await this.client.request<ApiResourceList>('GET', `/apis/${g.preferredVersion.groupVersion}`));
    const out: DiscoveredResource[] = [];
    for (const l of lists) {
      const [group, version] = l.groupVersion.includes('/') ? (l.groupVersion.split('/') as [string, string]) : ['', l.groupVersion];
      for (const r of l.resources) {
        if (r.namespaced && !r.name.includes('/') && r.verbs.includes('list') && r.verbs.includes('delete')) out.push({ group, version, resource: r.name, verbs: r.verbs });
      }
    }
    // events.k8s.io events are the core events again: delete them once
    return out.filter((r) => !(r.group === 'events.k8s.io' && r.resource === 'events'));
  }

  /** true when the namespace is gone or finalized; false to look again later */
  async reconcile(name: string): Promise<boolean> {
    const ns = await this.client.get(NS, name);
    if (!ns.metadata.deletionTimestamp) return true;
    let remaining = 0;
    for (const r of await this.namespacedResources()) {
      const path = { group: r.group, version: r.version, resource: r.resource, namespace: name };
      const list = await this.client.list(path);
      for (const item of list.items) {
        remaining++;
        if (item.metadata.deletionTimestamp) continue;
        try {
          await this.client.delete(path, item.metadata.name ?? '', { propagationPolicy: 'Background' });
        } catch (e) {
          if (!(e instanceof ApiClientError && e.code === 404)) throw e;
        }
      }
    }
    if (remaining > 0) {
      const left = await this.countLeft(name);
      if (left > 0) return false;
    }
    const spec = (ns.spec ?? {}) as { finalizers?: string[] };
    const finalizers = (spec.finalizers ?? []).filter((f) => f !== 'kubernetes');
    const body: KubeObject = { apiVersion: 'v1', kind: 'Namespace', metadata: { name, resourceVersion: ns.metadata.resourceVersion }, spec: { finalizers } };
    await this.client.request('PUT', `/api/v1/namespaces/${encodeURIComponent(name)}/finalize`, body);
    return true;
  }

  private async countLeft(name: string): Promise<number> {
    let n = 0;
    for (const r of await this.namespacedResources()) {
      n += (await this.client.list({ group: r.group, version: r.version, resource: r.resource, namespace: name })).items.length;
    }
    return n;
  }
}
