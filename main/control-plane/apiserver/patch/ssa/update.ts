// Managed fields for ordinary writes (create, update, every non-apply patch): the
// FieldManager.Update path of kube-apiserver. The changed fields go to the writer's
// `Update` entry and are taken away from every other manager.
import type { KubeObject } from '../../../../common/kube-types.js';
import { clone, isObject } from '../json-value.js';
import type { JsonObject } from '../json-value.js';
import { schemaFor, zeroValue } from '../schema/registry.js';
import type { SchemaNode } from '../schema/registry.js';
import { capUpdateManagers, decodeManagedFields, encodeManagedFields, managerId, stripMeta, withoutResetFields } from './managers.js';
import type { ManagerEntry, Managers } from './managers.js';
import { TypedError, compare } from './typed.js';

export interface UpdateManagedFieldsOptions {
  /** fieldManager query parameter, else the User-Agent prefix (kubectl-edit, kubelet …) */
  manager: string;
  operation: 'Update';
  /** RFC 3339 time of the write, for the entry's `time` */
  now: string;
  /** 'status', 'scale' … when the write went through a subresource */
  subresource?: string;
}

/** The object as the field manager types it: managedFields are not part of the diff. */
export function withoutManagedFields(obj: KubeObject): JsonObject {
  const out = clone(obj) as JsonObject;
  const meta = out.metadata;
  if (isObject(meta)) delete meta.managedFields;
  return out;
}

export function setManagedFields(obj: KubeObject, managers: Managers): void {
  const entries = encodeManagedFields(managers);
  if (entries.length > 0) obj.metadata.managedFields = entries;
  else delete obj.metadata.managedFields;
}

/**
 * Record one Update operation from `before` to `after` (managedFieldsUpdater + Updater.Update
 * with force): others lose what changed or disappeared, the writer's entry gains what
 * changed (minus stripmeta fields) and its time when it gained anything.
 */
export function trackUpdate(
  managers: Managers,
  before: JsonObject,
  after: JsonObject,
  node: SchemaNode,
  who: { manager: string; apiVersion: string; subresource?: string; time: string },
): Managers {
  const c = compare(before, after, node);
  const changed = withoutResetFields(c.added.union(c.modified), who.subresource);
  const removed = withoutResetFields(c.removed, who.subresource);
  const out: Managers = new Map();
  for (const [id, m] of managers) {
    const set = m.set.difference(changed).difference(removed);
    if (!set.isEmpty()) out.set(id, { ...m, set });
  }
  const own = stripMeta(changed);
  if (own.isEmpty()) return out;
  const entry: ManagerEntry = { manager: who.manager, operation: 'Update', apiVersion: who.apiVersion, time: who.time, set: own };
  if (who.subresource) entry.subresource = who.subresource;
  const id = managerId(entry);
  const prev = out.get(id);
  if (prev) entry.set = own.union(prev.set);
  out.set(id, entry);
  return out;
}

/** isResetManagedFields: `[]` or `[{}]` in the request clears all ownership. */
function isReset(raw: unknown): boolean {
  if (!Array.isArray(raw)) return false;
  if (raw.length === 0) return true;
  const only: unknown = raw[0];
  return raw.length === 1 && isObject(only) && Object.keys(only).length === 0;
}

/**
 * Return `updated` with metadata.managedFields as kube-apiserver records them for a
 * non-apply write. `old` is the stored object (undefined on create). Call it after
 * defaulting, as the apiserver does, so defaulted fields belong to the writer.
 */
export function updateManagedFields(old: KubeObject | undefined, updated: KubeObject, opts: UpdateManagedFieldsOptions): KubeObject {
  const result = clone(updated);
  const requested: unknown = updated.metadata.managedFields;
  let managers: Managers;
  // Subresource writes may not set managedFields; otherwise the request's own entries win
  // (clients may edit them), an empty or missing list falls back to the stored ones.
  if (opts.subresource) managers = decodeManagedFields(old?.metadata.managedFields);
  else if (isReset(requested)) managers = new Map();
  else {
    managers = decodeManagedFields(requested);
    if (managers.size === 0) managers = decodeManagedFields(old?.metadata.managedFields);
  }
  delete result.metadata.managedFields;
  // skipNonApplied: an existing object without managed fields is not tracked by updates.
  const isCreate = old === undefined || !old.metadata.uid;
  if (managers.size === 0 && !isCreate) return result;
  try {
    const node = schemaFor(updated.apiVersion, updated.kind);
    const before = old ? withoutManagedFields(old) : zeroValue(node);
    const who = { manager: opts.manager, apiVersion: updated.apiVersion ?? '', subresource: opts.subresource, time: opts.now };
    const next = trackUpdate(managers, before, withoutManagedFields(updated), node, who);
    capUpdateManagers(next);
    setManagedFields(result, next);
  } catch (e) {
    if (!(e instanceof TypedError)) throw e;
    // UpdateNoErrors: keep the stored managedFields rather than fail the write.
    if (old?.metadata.managedFields) result.metadata.managedFields = clone(old.metadata.managedFields);
  }
  return result;
}
