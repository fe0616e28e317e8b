// What the Resources view asks for, done through the Kubernetes API as kubernetes-admin
// like any client (STYLE.md rule 2): list, get with events, delete, live tables.
import type { BridgeResult, ResourceQuery, ResourceRef, ResourceTable } from '../common/bridge/contract.js';
import { NAMESPACED } from '../common/bridge/contract.js';
import type { ApiClient } from '../common/client/api-client.js';
import type { KubeObject } from '../common/kube-types.js';
import { pathFor, printTable } from './resource-rows.js';
import type { ResourceWatchHub } from './resource-watch.js';

export class ResourcesService {
  constructor(
    private readonly client: ApiClient,
    private readonly hub: ResourceWatchHub,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async list(q: ResourceQuery): Promise<ResourceTable> {
    const list = await this.client.list(pathFor(q.kind, q.namespace));
    return printTable(q.kind, q.namespace ?? null, list.items, this.now());
  }

  /** the object, and the events about it as `kubectl describe` finds them (involvedObject.uid) */
  async get(ref: ResourceRef): Promise<BridgeResult<'resources:get'>> {
    const object = await this.client.get(pathFor(ref.kind, ref.namespace), ref.name);
    // events about a cluster-scoped object (a Node) live in "default", as the kubelet records them
    const eventsNs = ref.namespace ?? 'default';
    const events = await this.client.list(pathFor('events', eventsNs));
    const about = events.items.filter((e) => (e['involvedObject'] as { uid?: string } | undefined)?.uid === object.metadata.uid);
    return { object: withoutManagedFields(object), events: printTable('events', eventsNs, about, this.now()) };
  }

  async delete(ref: ResourceRef): Promise<BridgeResult<'resources:delete'>> {
    // kubectl delete's default: background cascading, the object's own grace period
    await this.client.delete(pathFor(ref.kind, ref.namespace), ref.name, { propagationPolicy: 'Background' });
    return { deleted: `${ref.kind}/${ref.name}${ref.namespace !== undefined && NAMESPACED[ref.kind] ? ` in ${ref.namespace}` : ''}` };
  }

  watch(q: ResourceQuery, send: (t: ResourceTable) => void): ReturnType<ResourceWatchHub['subscribe']> {
    return this.hub.subscribe(q.kind, q.namespace ?? null, send);
  }
}

/** kubectl get -o yaml hides managedFields too (--show-managed-fields=false) */
function withoutManagedFields(obj: KubeObject): KubeObject {
  const { managedFields: _hidden, ...metadata } = obj.metadata;
  return { ...obj, metadata };
}
