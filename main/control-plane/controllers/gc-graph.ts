// The garbage collector's dependency graph (kube's garbagecollector/graph_builder.go):
// a node per object uid with its ownerReferences and its dependents. Owners not seen
// yet get a "virtual" node that the collector verifies against the API. Watch events
// update the graph synchronously and name the work: attemptToDelete for dependents
// whose owner went away (and owners waiting on their dependents), attemptToOrphan
// for an owner deleted with the orphan finalizer.
import type { KubeObject, OwnerReference } from '../../common/kube-types.js';

export const FINALIZER_ORPHAN = 'orphan';
export const FINALIZER_FOREGROUND = 'foregroundDeletion';

export interface Identity {
  apiVersion: string;
  kind: string;
  namespace: string;
  name: string;
  uid: string;
}

export function identityString(i: Identity): string {
  return `[${i.apiVersion}/${i.kind}, namespace: ${i.namespace}, name: ${i.name}, uid: ${i.uid}]`;
}

export class GraphNode {
  owners: OwnerReference[] = [];
  readonly dependents = new Set<GraphNode>();
  beingDeleted = false;
  deletingDependents = false;
  observed = false;

  constructor(
    public identity: Identity,
    public virtual: boolean,
  ) {}

  /** dependents whose reference to this node has blockOwnerDeletion: foreground deletion waits for them */
  blockingDependents(): GraphNode[] {
    return [...this.dependents].filter((d) => d.owners.some((r) => r.uid === this.identity.uid && r.blockOwnerDeletion === true));
  }
}

export interface GraphSink {
  attemptToDelete(n: GraphNode): void;
  attemptToOrphan(n: GraphNode): void;
  /** an ownerReference names an owner that lives in another namespace (OwnerRefInvalidNamespace) */
  invalidOwnerNamespace(dependent: GraphNode, owner: OwnerReference): void;
}

function hasFinalizer(obj: KubeObject | undefined, f: string): boolean {
  return (obj?.metadata.finalizers ?? []).includes(f);
}

/** deletionStartsWithFinalizer: the object is now being deleted with f and was not before */
function startsDeletingWith(old: KubeObject | undefined, cur: KubeObject, f: string): boolean {
  if (!cur.metadata.deletionTimestamp || !hasFinalizer(cur, f)) return false;
  return !old || !old.metadata.deletionTimestamp || !hasFinalizer(old, f);
}

function sameCoordinates(ref: OwnerReference, i: Identity): boolean {
  return ref.apiVersion === i.apiVersion && ref.kind === i.kind && ref.name === i.name && ref.uid === i.uid;
}

function sameIdentity(a: Identity, b: Identity): boolean {
  return a.apiVersion === b.apiVersion && a.kind === b.kind && a.name === b.name && a.uid === b.uid && a.namespace === b.namespace;
}

export class DependencyGraph {
  readonly nodes = new Map<string, GraphNode>();

  constructor(
    private readonly sink: GraphSink,
    /** whether a kind is namespaced (namespace checks on owners) */
    private readonly namespacedKind: (apiVersion: string, kind: string) => boolean | undefined,
  ) {}

  get(uid: string): GraphNode | undefined {
    return this.nodes.get(uid);
  }

  /** processGraphChanges for an informer event */
  observe(type: 'add' | 'update' | 'delete', obj: KubeObject, typeMeta: { apiVersion: string; kind: string }, old?: KubeObject): void {
    const identity: Identity = { ...typeMeta, namespace: obj.metadata.namespace ?? '', name: obj.metadata.name ?? '', uid: obj.metadata.uid ?? '' };
    if (!identity.uid) return;
    let node = this.nodes.get(identity.uid);
    if (type === 'delete') {
      if (node) this.remove(node);
      return;
    }
    if (node && !node.observed) this.markObserved(node, identity);
    if (!node) {
      node = new GraphNode(identity, false);
      node.observed = true;
      node.owners = [...(obj.metadata.ownerReferences ?? [])];
      node.beingDeleted = !!obj.metadata.deletionTimestamp;
      node.deletingDependents = node.beingDeleted && hasFinalizer(obj, FINALIZER_FOREGROUND);
      this.nodes.set(identity.uid, node);
      this.addToOwners(node, node.owners);
    } else {
      this.updateOwners(node, obj.metadata.ownerReferences ?? []);
      if (obj.metadata.deletionTimestamp) node.beingDeleted = true;
    }
    this.processTransitions(old, obj, node);
  }

  /** a virtual node is confirmed real: take the observed coordinates, check how dependents named it */
  private markObserved(node: GraphNode, identity: Identity): void {
    for (const dep of node.dependents) {
      const ref = dep.owners.find((r) => r.uid === identity.uid);
      if (!ref) continue;
      if (identity.namespace !== '' && dep.identity.namespace !== identity.namespace) {
        this.sink.invalidOwnerNamespace(dep, ref);
        this.sink.attemptToDelete(dep);
      } else if (!sameCoordinates(ref, identity)) this.sink.attemptToDelete(dep);
    }
    node.identity = identity;
    node.virtual = false;
    node.observed = true;
  }

  private addToOwners(node: GraphNode, refs: readonly OwnerReference[]): void {
    for (const ref of refs) {
      let owner = this.nodes.get(ref.uid);
      if (!owner) {
        // an owner not seen yet: the collector asks the API whether it exists
        owner = new GraphNode({ apiVersion: ref.apiVersion, kind: ref.kind, name: ref.name, uid: ref.uid, namespace: node.identity.namespace }, true);
        this.nodes.set(ref.uid, owner);
        owner.dependents.add(node);
        this.sink.attemptToDelete(owner);
        continue;
      }
      owner.dependents.add(node);
      // a namespaced owner seen in another namespace cannot own this object
      if (owner.observed && !owner.virtual && this.namespacedKind(owner.identity.apiVersion, owner.identity.kind) && owner.identity.namespace !== node.identity.namespace) {
        this.sink.invalidOwnerNamespace(node, ref);
        this.sink.attemptToDelete(node);
      }
    }
  }

  private updateOwners(node: GraphNode, refs: readonly OwnerReference[]): void {
    const oldByUid = new Map(node.owners.map((r) => [r.uid, r]));
    const newByUid = new Map(refs.map((r) => [r.uid, r]));
    const added = refs.filter((r) => !oldByUid.has(r.uid));
    const removed = node.owners.filter((r) => !newByUid.has(r.uid));
    const changed = refs.filter((r) => oldByUid.has(r.uid) && JSON.stringify(oldByUid.get(r.uid)) !== JSON.stringify(r));
    if (!added.length && !removed.length && !changed.length) return;
    // addUnblockedOwnersToDeleteQueue: an owner waiting on this dependent may now finish
    for (const r of removed) if (r.blockOwnerDeletion) this.wakeDeletingOwner(r.uid);
    for (const r of changed) if (oldByUid.get(r.uid)?.blockOwnerDeletion && !r.blockOwnerDeletion) this.wakeDeletingOwner(r.uid);
    node.owners = [...refs];
    this.addToOwners(node, added);
    for (const r of removed) this.nodes.get(r.uid)?.dependents.delete(node);
  }

  private wakeDeletingOwner(uid: string): void {
    const owner = this.nodes.get(uid);
    if (owner?.deletingDependents) this.sink.attemptToDelete(owner);
  }

  private processTransitions(old: KubeObject | undefined, cur: KubeObject, node: GraphNode): void {
    if (startsDeletingWith(old, cur, FINALIZER_ORPHAN)) {
      this.sink.attemptToOrphan(node);
      return;
    }
    if (startsDeletingWith(old, cur, FINALIZER_FOREGROUND)) {
      node.deletingDependents = true;
      for (const dep of node.dependents) this.sink.attemptToDelete(dep);
      this.sink.attemptToDelete(node);
    }
  }

  private remove(node: GraphNode): void {
    this.nodes.delete(node.identity.uid);
    for (const r of node.owners) this.nodes.get(r.uid)?.dependents.delete(node);
    // dependents may have lost their last owner
    for (const dep of node.dependents) this.sink.attemptToDelete(dep);
    // an owner deleting in the foreground may have lost its last blocking dependent
    for (const r of node.owners) this.wakeDeletingOwner(r.uid);
  }

  /**
   * A virtual delete: the collector found no object at these coordinates. A virtual
   * node goes (its dependents are looked at again); a real node whose coordinates
   * differ stays, and only dependents that used those coordinates are looked at.
   */
  virtualDelete(identity: Identity): void {
    const node = this.nodes.get(identity.uid);
    if (!node) return;
    if (!node.virtual && !sameIdentity(identity, node.identity)) {
      for (const dep of node.dependents) {
        const ref = dep.owners.find((r) => r.uid === identity.uid);
        if (ref && sameCoordinates(ref, identity)) this.sink.attemptToDelete(dep);
      }
      return;
    }
    this.remove(node);
  }
}
