// What the garbage collector does to objects (garbagecollector.go attemptToDeleteItem,
// classifyReferences, isDangling, processDeletingDependentsItem, orphanDependents and
// the finalizer/ownerReference patches), always against the API's latest state.
import type { KubeObject, OwnerReference } from '../../common/kube-types.js';
import type { ApiClient } from '../../common/client/api-client.js';
import type { ApiResource, KindMapper } from './gc-discovery.js';
import { pathOf } from './gc-discovery.js';
import type { GraphNode, Identity } from './gc-graph.js';
import { FINALIZER_FOREGROUND, FINALIZER_ORPHAN, identityString } from './gc-graph.js';
import { errorMessage, isConflict, isNotFound } from './workload-support.js';

export type DeleteOutcome = 'done' | 'virtual-delete' | 'unresolvable';

/** the reference's kind is not served (yet): retried with backoff, as kube's restMappingError */
export class RestMappingError extends Error {
  constructor(apiVersion: string, kind: string) {
    super(`unable to get REST mapping for ${apiVersion}/${kind}.`);
    this.name = 'RestMappingError';
  }
}

type Policy = 'Background' | 'Foreground' | 'Orphan';

interface Classified {
  solid: OwnerReference[];
  dangling: OwnerReference[];
  waiting: OwnerReference[];
}

const ABSENT_CACHE_SIZE = 500;

export class GcActions {
  /** owners confirmed absent (kube's absentOwnerCache): uids never come back */
  private readonly absent = new Map<string, true>();

  constructor(
    private readonly client: ApiClient,
    private readonly mapper: () => KindMapper,
    private readonly enqueueDelete: (n: GraphNode) => void,
  ) {}

  private resource(apiVersion: string, kind: string): ApiResource {
    const r = this.mapper().lookup(apiVersion, kind);
    if (!r) throw new RestMappingError(apiVersion, kind);
    return r;
  }

  private async getObject(i: Identity): Promise<KubeObject> {
    const r = this.resource(i.apiVersion, i.kind);
    return this.client.get(pathOf(r, i.namespace), i.name);
  }

  async attemptToDeleteItem(item: GraphNode): Promise<DeleteOutcome> {
    // "being deleted" is one-way: wait for the deletion, then its dependents are handled
    if (item.beingDeleted && !item.deletingDependents) return 'done';
    let latest: KubeObject;
    try {
      latest = await this.getObject(item.identity);
    } catch (e) {
      if (isNotFound(e)) return 'virtual-delete';
      throw e;
    }
    if (latest.metadata.uid !== item.identity.uid) return 'virtual-delete';
    if (item.deletingDependents) {
      await this.processDeletingDependents(item);
      return 'done';
    }
    const refs = latest.metadata.ownerReferences ?? [];
    if (refs.length === 0) return 'done';
    let c: Classified;
    try {
      c = await this.classify(item, refs);
    } catch (e) {
      if (e instanceof NamespacedOwnerError) return 'unresolvable';
      throw e;
    }
    if (c.solid.length) {
      if (!c.dangling.length && !c.waiting.length) return 'done';
      // a live owner keeps it; references to gone owners (and to owners deleting in the foreground) go
      const drop = new Set([...c.dangling, ...c.waiting].map((r) => r.uid));
      await this.patchOwnerRefs(item.identity, (rs) => rs.filter((r) => !drop.has(r.uid)));
      return 'done';
    }
    if (c.waiting.length && item.dependents.size) {
      // a dependent also deleting its dependents in the foreground: a cycle would block both
      if ([...item.dependents].some((d) => d.deletingDependents)) {
        await this.patchOwnerRefs(item.identity, (rs) => rs.map((r) => (r.blockOwnerDeletion ? { ...r, blockOwnerDeletion: false } : r)));
      }
      await this.deleteObject(item.identity, 'Foreground');
      return 'done';
    }
    // no live owner: collect it, honouring a propagation already chosen for it
    const fin = latest.metadata.finalizers ?? [];
    const policy: Policy = fin.includes(FINALIZER_ORPHAN) ? 'Orphan' : fin.includes(FINALIZER_FOREGROUND) ? 'Foreground' : 'Background';
    await this.deleteObject(item.identity, policy);
    return 'done';
  }

  /** processDeletingDependentsItem: the finalizer comes off once no blocking dependent is left */
  private async processDeletingDependents(item: GraphNode): Promise<void> {
    const blocking = item.blockingDependents();
    if (blocking.length === 0) {
      await this.removeFinalizer(item, FINALIZER_FOREGROUND);
      return;
    }
    for (const dep of blocking) if (!dep.deletingDependents) this.enqueueDelete(dep);
  }

  private async classify(item: GraphNode, refs: readonly OwnerReference[]): Promise<Classified> {
    const out: Classified = { solid: [], dangling: [], waiting: [] };
    for (const ref of refs) {
      const owner = await this.ownerOf(item, ref);
      if (!owner) out.dangling.push(ref);
      else if (owner.metadata.deletionTimestamp && (owner.metadata.finalizers ?? []).includes(FINALIZER_FOREGROUND)) out.waiting.push(ref);
      else out.solid.push(ref);
    }
    return out;
  }

  /** isDangling: the owner as the API has it now, or undefined when it is gone (or a different object) */
  private async ownerOf(item: GraphNode, ref: OwnerReference): Promise<KubeObject | undefined> {
    const r = this.resource(ref.apiVersion, ref.kind);
    const ns = r.namespaced ? item.identity.namespace : '';
    if (r.namespaced && !item.identity.namespace) throw new NamespacedOwnerError();
    const key = `${ns}|${ref.apiVersion}|${ref.kind}|${ref.name}|${ref.uid}`;
    if (this.absent.has(key)) return undefined;
    try {
      const owner = await this.client.get(pathOf(r, ns), ref.name);
      if (owner.metadata.uid === ref.uid) return owner;
    } catch (e) {
      if (!isNotFound(e)) throw e;
    }
    this.absent.set(key, true);
    if (this.absent.size > ABSENT_CACHE_SIZE) this.absent.delete(this.absent.keys().next().value ?? '');
    return undefined;
  }

  private async deleteObject(i: Identity, policy: Policy): Promise<void> {
    const r = this.resource(i.apiVersion, i.kind);
    await this.client.delete(pathOf(r, i.namespace), i.name, { propagationPolicy: policy, preconditions: { uid: i.uid } });
  }

  /** a JSON merge patch of ownerReferences pinned to the read resourceVersion, re-read on conflict */
  private async patchOwnerRefs(i: Identity, change: (refs: OwnerReference[]) => OwnerReference[]): Promise<void> {
    const r = this.resource(i.apiVersion, i.kind);
    for (;;) {
      let cur: KubeObject;
      try {
        cur = await this.client.get(pathOf(r, i.namespace), i.name);
      } catch (e) {
        if (isNotFound(e)) return;
        throw e;
      }
      if (cur.metadata.uid !== i.uid) return;
      const refs = cur.metadata.ownerReferences ?? [];
      const next = change([...refs]);
      if (JSON.stringify(next) === JSON.stringify(refs)) return;
      const patch = { metadata: { resourceVersion: cur.metadata.resourceVersion, ownerReferences: next.length ? next : null } };
      try {
        await this.client.patch(pathOf(r, i.namespace), i.name, patch, 'merge');
        return;
      } catch (e) {
        if (isNotFound(e)) return;
        if (!isConflict(e)) throw e;
      }
    }
  }

  async removeFinalizer(node: GraphNode, finalizer: string): Promise<void> {
    const r = this.resource(node.identity.apiVersion, node.identity.kind);
    const path = pathOf(r, node.identity.namespace);
    for (;;) {
      let cur: KubeObject;
      try {
        cur = await this.client.get(path, node.identity.name);
      } catch (e) {
        if (isNotFound(e)) return;
        throw e;
      }
      if (cur.metadata.uid !== node.identity.uid) return;
      const fins = cur.metadata.finalizers ?? [];
      if (!fins.includes(finalizer)) return;
      const rest = fins.filter((f) => f !== finalizer);
      try {
        await this.client.patch(path, node.identity.name, { metadata: { resourceVersion: cur.metadata.resourceVersion, finalizers: rest.length ? rest : null } }, 'merge');
        return;
      } catch (e) {
        if (isNotFound(e)) return;
        if (!isConflict(e)) throw e;
      }
    }
  }

  /** orphanDependents: every dependent loses its reference to the owner */
  async orphanDependents(owner: GraphNode, dependents: readonly GraphNode[]): Promise<void> {
    const results = await Promise.allSettled(dependents.map((d) => this.patchOwnerRefs(d.identity, (rs) => rs.filter((r) => r.uid !== owner.identity.uid))));
    const failed = results.filter((x): x is PromiseRejectedResult => x.status === 'rejected');
    if (failed.length) throw new Error(`failed to orphan dependents of owner ${identityString(owner.identity)}, got errors: ${failed.map((f) => errorMessage(f.reason)).join('; ')}`);
  }
}

/** a cluster-scoped object naming a namespaced owner: never resolvable, not retried */
class NamespacedOwnerError extends Error {
  constructor() {
    super('cluster-scoped objects cannot refer to namespaced owners');
    this.name = 'NamespacedOwnerError';
  }
}
