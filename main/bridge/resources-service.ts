// What the Resources view asks for, done through the Kubernetes API as kubernetes-admin
// like any client (STYLE.md rule 2): list, get with events and owner links, delete, live
// tables. The other verbs (scale, rollout, edit) are ./resources/resource-actions.ts.
import type { BridgeResult, ResourceLink, ResourceQuery, ResourceRef, ResourceTable } from '../common/bridge/contract.js';
import { NAMESPACED } from '../common/bridge/contract.js';
import type { ApiClient } from '../common/client/api-client.js';
import type { KubeObject } from '../common/kube-types.js';
import { pathFor, printTable } from './resource-rows.js';
import type { ResourceWatchHub } from './resource-watch.js';
import { withoutManagedFields } from './resources/object-yaml.js';
import { OWNED_KINDS, ownedLinks, ownerLinks } from './resources/owners.js';

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

  /**
   * the object, the events about it as `kubectl describe` finds them (involvedObject.uid),
   * its owners (ownerReferences) and what it owns (the objects its controller creates)
   */
  async get(ref: ResourceRef): Promise<BridgeResult<'resources:get'>> {
    const object = await this.client.get(pathFor(ref.kind, ref.namespace), ref.name);
    // events about a cluster-scoped object (a Node) live in "default", as the kubelet records them
    const eventsNs = ref.namespace ?? 'default';
    const [events, owned] = await Promise.all([this.client.list(pathFor('events', eventsNs)), this.owned(ref, object)]);
    const about = events.items.filter((e) => (e['involvedObject'] as { uid?: string } | undefined)?.uid === object.metadata.uid);
    return { object: withoutManagedFields(object), events: printTable('events', eventsNs, about, this.now()), owners: ownerLinks(object), owned };
  }

  private async owned(ref: ResourceRef, object: KubeObject): Promise<ResourceLink[]> {
    const kinds = OWNED_KINDS[ref.kind] ?? [];
    const lists = await Promise.all(kinds.map(async (k) => ownedLinks(object, k, (await this.client.list(pathFor(k, ref.namespace))).items)));
    return lists.flat();
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
