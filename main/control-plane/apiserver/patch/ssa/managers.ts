// metadata.managedFields ⇄ per-manager field sets (apimachinery managedfields/internal:
// managedfields.go, buildmanagerinfo.go, capmanagers.go, stripmeta.go, conflict.go).
import type { ManagedFieldsEntry } from '../../../../common/kube-types.js';
import { isObject } from '../json-value.js';
import { FieldSet, fromFieldsV1, toFieldsV1 } from './field-set.js';
import { fieldPE } from './fieldpath.js';
import type { Path } from './fieldpath.js';

export type Operation = 'Apply' | 'Update';

export interface ManagerEntry {
  manager: string;
  operation: Operation;
  apiVersion: string;
  subresource?: string;
  time?: string;
  set: FieldSet;
}

/** Keyed by manager identifier (BuildManagerIdentifier). */
export type Managers = Map<string, ManagerEntry>;

/** BuildManagerIdentifier: the entry without time/fields as JSON; appliers drop apiVersion
 *  so re-applying at another version keeps one entry. */
export function managerId(e: Pick<ManagerEntry, 'manager' | 'operation' | 'apiVersion' | 'subresource'>): string {
  const id: Record<string, string> = {};
  if (e.manager) id.manager = e.manager;
  id.operation = e.operation;
  if (e.operation === 'Update' && e.apiVersion) id.apiVersion = e.apiVersion;
  if (e.subresource) id.subresource = e.subresource;
  return JSON.stringify(id);
}

/** DecodeManagedFields; entries that are not FieldsV1 are skipped. */
export function decodeManagedFields(raw: unknown): Managers {
  const out: Managers = new Map();
  if (!Array.isArray(raw)) return out;
  for (const e of raw) {
    if (!isObject(e) || e.fieldsType !== 'FieldsV1') continue;
    const entry: ManagerEntry = {
      manager: typeof e.manager === 'string' ? e.manager : '',
      operation: e.operation === 'Apply' ? 'Apply' : 'Update',
      apiVersion: typeof e.apiVersion === 'string' ? e.apiVersion : '',
      set: fromFieldsV1(e.fieldsV1),
    };
    if (typeof e.subresource === 'string' && e.subresource) entry.subresource = e.subresource;
    if (typeof e.time === 'string') entry.time = e.time;
    const id = managerId(entry);
    const prev = out.get(id);
    out.set(id, prev ? { ...entry, set: prev.set.union(entry.set) } : entry);
  }
  return out;
}

function seconds(time: string | undefined): number {
  const ms = time ? Date.parse(time) : NaN;
  return Number.isNaN(ms) ? 0 : Math.floor(ms / 1000);
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** EncodeObjectManagedFields: non-empty sets, sorted by operation, time, manager,
 *  apiVersion, subresource (sortEncodedManagedFields). */
export function encodeManagedFields(managers: Managers): ManagedFieldsEntry[] {
  const entries = [...managers.values()].filter((m) => !m.set.isEmpty());
  entries.sort(
    (p, q) =>
      cmp(p.operation, q.operation) ||
      seconds(p.time) - seconds(q.time) ||
      cmp(p.manager, q.manager) ||
      cmp(p.apiVersion, q.apiVersion) ||
      cmp(p.subresource ?? '', q.subresource ?? ''),
  );
  return entries.map((m) => {
    const e: ManagedFieldsEntry = { manager: m.manager, operation: m.operation, apiVersion: m.apiVersion };
    if (m.time !== undefined) e.time = m.time;
    e.fieldsType = 'FieldsV1';
    e.fieldsV1 = toFieldsV1(m.set);
    if (m.subresource) e.subresource = m.subresource;
    return e;
  });
}

/** stripmeta.go: fields no manager ever owns (exact paths). */
const STRIPPED: readonly Path[] = [
  [fieldPE('apiVersion')],
  [fieldPE('kind')],
  [fieldPE('metadata')],
  ...['name', 'namespace', 'creationTimestamp', 'selfLink', 'uid', 'clusterName', 'generation', 'managedFields', 'resourceVersion'].map((f) => [
    fieldPE('metadata'),
    fieldPE(f),
  ]),
];
const STRIP_SET = FieldSet.of(STRIPPED);

export function stripMeta(set: FieldSet): FieldSet {
  return set.difference(STRIP_SET);
}

/** Reset fields: what a write through this endpoint never owns. The main resource
 *  ignores status; the status subresource ignores spec (registry strategies' GetResetFields). */
export function withoutResetFields(set: FieldSet, subresource: string | undefined): FieldSet {
  return set.withoutPrefix([fieldPE(subresource === 'status' ? 'spec' : 'status')]);
}

/** printManager (conflict.go): "name" [with subresource "s"] [using <apiVersion>]. */
export function printManager(e: ManagerEntry): string {
  let s = JSON.stringify(e.manager);
  if (e.subresource) s += ` with subresource ${JSON.stringify(e.subresource)}`;
  if (e.operation === 'Update') s += ` using ${e.apiVersion}`;
  return s;
}

/** DefaultMaxUpdateManagers */
const MAX_UPDATE_MANAGERS = 10;

/** capUpdateManagers: fold the oldest Update entries into "ancient-changes" per version. */
export function capUpdateManagers(managers: Managers): void {
  const updaters = [...managers.entries()].filter(([, m]) => m.operation === 'Update');
  if (updaters.length <= MAX_UPDATE_MANAGERS) return;
  updaters.sort(([ia, a], [ib, b]) => seconds(a.time) - seconds(b.time) || cmp(ia, ib));
  const firstByVersion = new Map<string, string>();
  let length = updaters.length;
  for (const [id, m] of updaters) {
    if (length <= MAX_UPDATE_MANAGERS) break;
    const bucketId = managerId({ manager: 'ancient-changes', operation: 'Update', apiVersion: m.apiVersion });
    const first = firstByVersion.get(m.apiVersion);
    if (first === undefined) {
      firstByVersion.set(m.apiVersion, id);
      continue;
    }
    let bucket = managers.get(bucketId);
    if (!bucket) {
      const firstEntry = managers.get(first);
      managers.delete(first);
      bucket = { manager: 'ancient-changes', operation: 'Update', apiVersion: m.apiVersion, set: firstEntry?.set ?? new FieldSet() };
    }
    const merged: ManagerEntry = { ...bucket, set: m.set.union(bucket.set) };
    // The bucket takes the time of the update merged into it, the more recent one.
    if (m.time !== undefined) merged.time = m.time;
    else delete merged.time;
    managers.set(bucketId, merged);
    managers.delete(id);
    length--;
  }
}
