// Owner links for the detail pane: the objects an object's ownerReferences name (a Pod's
// ReplicaSet, a ReplicaSet's Deployment) and the objects whose ownerReferences name it
// (what the garbage collector would cascade to). Matching is by uid, as the garbage
// collector and `kubectl describe` ("Controlled By") match, not by name.
import type { ResourceKind, ResourceLink } from '../../common/bridge/contract.js';
import { NAMESPACED } from '../../common/bridge/contract.js';
import type { KubeObject } from '../../common/kube-types.js';
import { KIND_DEFS, kindOf } from '../resource-rows.js';

/** the kinds each owner kind creates, as the controllers in controller-manager do */
export const OWNED_KINDS: Readonly<Partial<Record<ResourceKind, readonly ResourceKind[]>>> = {
  deployments: ['replicasets'],
  replicasets: ['pods'],
  replicationcontrollers: ['pods'],
  daemonsets: ['pods'],
};

/** the object's owners, the controller first (kubectl describe's "Controlled By") */
export function ownerLinks(obj: KubeObject): ResourceLink[] {
  const links = (obj.metadata.ownerReferences ?? []).map((ref): ResourceLink => {
    const kind = kindOf(ref.apiVersion, ref.kind);
    // an owner is in the object's namespace, or cluster-scoped (ownerReferences cannot cross namespaces)
    const namespace = kind !== null && NAMESPACED[kind] ? obj.metadata.namespace : undefined;
    return { kind, apiKind: ref.kind, name: ref.name, ...(namespace !== undefined ? { namespace } : {}), controller: ref.controller === true };
  });
  return links.sort((a, b) => Number(b.controller) - Number(a.controller));
}

/** the candidates (of one kind) whose ownerReferences name `owner`, sorted by name (list items carry no kind) */
export function ownedLinks(owner: KubeObject, kind: ResourceKind, candidates: readonly KubeObject[]): ResourceLink[] {
  const uid = owner.metadata.uid;
  if (uid === undefined) return [];
  return candidates
    .flatMap((o): ResourceLink[] => {
      const ref = o.metadata.ownerReferences?.find((r) => r.uid === uid);
      if (ref === undefined) return [];
      const namespace = o.metadata.namespace;
      return [{ kind, apiKind: KIND_DEFS[kind].apiKind, name: o.metadata.name ?? '', ...(namespace !== undefined ? { namespace } : {}), controller: ref.controller === true }];
    })
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
