// ControllerRef handling as kube's BaseControllerRefManager does it
// (pkg/controller/controller_ref_manager.go): a controller claims the objects its
// selector matches, adopts orphans by patching in a controller ownerReference (after
// re-reading itself from the API so a controller being deleted never adopts), and
// releases objects it owns that no longer match.
import type { KubeObject, OwnerReference } from '../../common/kube-types.js';
import type { ApiClient, ResourcePath } from '../../common/client/api-client.js';
import { isApiError, isNotFound } from './workload-support.js';

export function controllerOf(obj: KubeObject): OwnerReference | undefined {
  return (obj.metadata.ownerReferences ?? []).find((r) => r.controller === true);
}

/** metav1.NewControllerRef: controller and blockOwnerDeletion set, so foreground deletion waits for it */
export function newControllerRef(owner: KubeObject, apiVersion: string, kind: string): OwnerReference {
  return { apiVersion, kind, name: owner.metadata.name ?? '', uid: owner.metadata.uid ?? '', controller: true, blockOwnerDeletion: true };
}

export class ControllerRefError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ControllerRefError';
  }
}

export interface ClaimOptions<T extends KubeObject> {
  client: ApiClient;
  /** the controller doing the claiming, as cached */
  owner: KubeObject;
  ownerPath: ResourcePath;
  ownerApiVersion: string;
  ownerKind: string;
  /** the claimed objects' resource (pods, replicasets) */
  path: ResourcePath;
  match: (obj: T) => boolean;
}

/**
 * ClaimObject for each candidate; returns those the owner now controls. Errors from
 * individual adopt/release calls are collected and thrown once all were tried, as
 * utilerrors.NewAggregate does, so the sync requeues.
 */
export async function claimObjects<T extends KubeObject>(opts: ClaimOptions<T>, candidates: readonly T[]): Promise<T[]> {
  const { owner } = opts;
  const claimed: T[] = [];
  const errors: unknown[] = [];
  let recheck: Promise<void> | undefined;
  const canAdopt = (): Promise<void> => (recheck ??= recheckOwner(opts));
  for (const obj of candidates) {
    const ref = controllerOf(obj);
    try {
      if (ref) {
        if (ref.uid !== owner.metadata.uid) continue;
        if (opts.match(obj)) {
          claimed.push(obj);
          continue;
        }
        // ours but no longer selected: let it go, unless we are being deleted
        if (owner.metadata.deletionTimestamp) continue;
        await release(opts, obj);
        continue;
      }
      if (owner.metadata.deletionTimestamp || !opts.match(obj) || obj.metadata.deletionTimestamp) continue;
      if (owner.metadata.namespace && owner.metadata.namespace !== obj.metadata.namespace) continue;
      await canAdopt();
      if (await adopt(opts, obj)) claimed.push(obj);
    } catch (e) {
      errors.push(e);
    }
  }
  if (errors.length) throw errors[0] instanceof Error && errors.length === 1 ? errors[0] : new ControllerRefError(errors.map((e) => (e instanceof Error ? e.message : String(e))).join('; '));
  return claimed;
}

/** RecheckDeletionTimestamp: a fresh read, never the cache, decides whether adoption may happen */
async function recheckOwner<T extends KubeObject>(opts: ClaimOptions<T>): Promise<void> {
  const { owner } = opts;
  const fresh = await opts.client.get({ ...opts.ownerPath, namespace: owner.metadata.namespace }, owner.metadata.name ?? '');
  if (fresh.metadata.uid !== owner.metadata.uid) {
    throw new ControllerRefError(`original ${opts.ownerKind} ${owner.metadata.namespace ?? ''}/${owner.metadata.name ?? ''} is gone: got uid ${fresh.metadata.uid ?? ''}, wanted ${owner.metadata.uid ?? ''}`);
  }
  if (fresh.metadata.deletionTimestamp) {
    throw new ControllerRefError(`${owner.metadata.namespace ?? ''}/${owner.metadata.name ?? ''} has just been deleted at ${fresh.metadata.deletionTimestamp}`);
  }
}

/** the strategic-merge patch kube sends: ownerReferences merge by uid, the object's uid pins the target */
async function adopt<T extends KubeObject>(opts: ClaimOptions<T>, obj: T): Promise<boolean> {
  const patch = {
    metadata: { ownerReferences: [newControllerRef(opts.owner, opts.ownerApiVersion, opts.ownerKind)], uid: obj.metadata.uid },
  };
  try {
    await opts.client.patch({ ...opts.path, namespace: obj.metadata.namespace }, obj.metadata.name ?? '', patch, 'strategic');
    return true;
  } catch (e) {
    if (isNotFound(e)) return false;
    throw e;
  }
}

async function release<T extends KubeObject>(opts: ClaimOptions<T>, obj: T): Promise<void> {
  const patch = { metadata: { ownerReferences: [{ $patch: 'delete', uid: opts.owner.metadata.uid }], uid: obj.metadata.uid } };
  try {
    await opts.client.patch({ ...opts.path, namespace: obj.metadata.namespace }, obj.metadata.name ?? '', patch, 'strategic');
  } catch (e) {
    // gone, or no longer carrying our reference (422): either way it is released
    if (isNotFound(e) || isApiError(e, 422)) return;
    throw e;
  }
}
