// The listers plugins consult besides nodes and pods: namespaces (for namespaceSelector
// in pod affinity terms) and the Services, ReplicationControllers and ReplicaSets that
// make up a pod's default spreading selector (helper.DefaultSelector). StatefulSets are
// not served by this API server yet, so they are not consulted.
import type { KubeObject } from '../../common/kube-types.js';
import type { LabelSelector, Requirement } from '../../common/label-selector.js';
import { matchesRequirements, selectorToRequirements } from '../../common/label-selector.js';
import type { ApiClient } from '../../common/client/api-client.js';
import { Informer } from '../../common/client/informer.js';
import type { SchedulerCache } from './cache.js';
import type { PodInfo } from './pod-info.js';
import type { ClusterLookup } from './plugin.js';

export class Listers {
  readonly namespaces: Informer;
  readonly services: Informer;
  readonly replicationControllers: Informer;
  readonly replicaSets: Informer;
  /** namespace → services with a selector, kept from the informer so a lookup does not scan the cluster */
  private readonly servicesByNs = new Map<string, Map<string, Record<string, string>>>();

  constructor(client: ApiClient, relistDelayMs: number) {
    this.namespaces = new Informer(client, { group: '', version: 'v1', resource: 'namespaces' }, {}, relistDelayMs);
    this.services = new Informer(client, { group: '', version: 'v1', resource: 'services' }, {}, relistDelayMs);
    this.replicationControllers = new Informer(client, { group: '', version: 'v1', resource: 'replicationcontrollers' }, {}, relistDelayMs);
    this.replicaSets = new Informer(client, { group: 'apps', version: 'v1', resource: 'replicasets' }, {}, relistDelayMs);
    this.services.on((e) => {
      const ns = e.obj.metadata.namespace ?? '';
      const name = e.obj.metadata.name ?? '';
      const byName = this.servicesByNs.get(ns) ?? new Map<string, Record<string, string>>();
      const selector = ((e.obj.spec ?? {}) as { selector?: Record<string, string> | null }).selector;
      if (e.type === 'delete' || !selector) byName.delete(name);
      else byName.set(name, selector);
      if (byName.size) this.servicesByNs.set(ns, byName);
      else this.servicesByNs.delete(ns);
    });
  }

  all(): Informer[] {
    return [this.namespaces, this.services, this.replicationControllers, this.replicaSets];
  }

  lookup(cache: SchedulerCache): ClusterLookup {
    return {
      cache,
      namespaceLabels: (ns) => this.namespaces.get(ns)?.metadata.labels ?? (this.namespaces.get(ns) ? {} : undefined),
      namespacesMatching: (reqs) =>
        this.namespaces
          .list()
          .filter((n) => matchesRequirements(reqs, n.metadata.labels ?? {}))
          .map((n) => n.metadata.name ?? ''),
      defaultSpreadSelector: (pod) => this.defaultSelector(pod),
    };
  }

  /** helper.DefaultSelector: Services' selectors merged, then the controlling RC's or ReplicaSet's */
  private defaultSelector(pod: PodInfo): Requirement[] | null {
    const labelSet: Record<string, string> = {};
    for (const sel of this.servicesByNs.get(pod.namespace)?.values() ?? []) {
      const reqs = Object.entries(sel).map(([key, value]) => ({ key, op: '=' as const, values: [value] }));
      if (matchesRequirements(reqs, pod.labels)) Object.assign(labelSet, sel);
    }
    const toReqs = (set: Record<string, string>): Requirement[] => Object.entries(set).map(([key, value]) => ({ key, op: '=' as const, values: [value] }));
    const owner = pod.controller;
    if (!owner) return toReqs(labelSet);
    const key = `${pod.namespace}/${owner.name}`;
    if (owner.kind === 'ReplicationController' && owner.apiVersion === 'v1') {
      const rc: KubeObject | undefined = this.replicationControllers.get(key);
      const sel = ((rc?.spec ?? {}) as { selector?: Record<string, string> }).selector;
      if (rc && sel) Object.assign(labelSet, sel);
      return toReqs(labelSet);
    }
    if (owner.kind === 'ReplicaSet' && owner.apiVersion === 'apps/v1') {
      const rs = this.replicaSets.get(key);
      const sel = selectorToRequirements(((rs?.spec ?? {}) as { selector?: LabelSelector }).selector);
      return [...toReqs(labelSet), ...(sel ?? [])];
    }
    return toReqs(labelSet);
  }
}
