// Server-side apply (application/apply-patch+yaml), following kube-apiserver's field
// manager chain: VersionCheck → LastAppliedUpdater → LastAppliedManager →
// SkipNonApplied → CapManagers → ManagedFieldsUpdater → StripMeta → structured merge.
import type { KubeObject } from '../../../../common/kube-types.js';
import { badRequest, internal } from '../errors.js';
import { clone, deepEqual, isObject } from '../json-value.js';
import type { JsonObject } from '../json-value.js';
import { schemaFor, zeroValue } from '../schema/registry.js';
import type { SchemaNode } from '../schema/registry.js';
import { ApplyConflicts, conflictError, conflictsOf } from './conflicts.js';
import { FieldSet } from './field-set.js';
import { fieldPE } from './fieldpath.js';
import { decodeManagedFields, managerId, stripMeta, withoutResetFields } from './managers.js';
import type { ManagerEntry, Managers } from './managers.js';
import { TypedError, compare, ensureNamedFieldsAreMembers, mergeValues, removeItems, toFieldSet } from './typed.js';
import { setManagedFields, trackUpdate, withoutManagedFields } from './update.js';

export const LAST_APPLIED_ANNOTATION = 'kubectl.kubernetes.io/last-applied-configuration';

export interface ApplyOptions {
  /** fieldManager query parameter (required for apply) */
  manager: string;
  /** force=true: take conflicting fields from their owners */
  force: boolean;
  /** RFC 3339 time of the request */
  now: string;
  subresource?: string;
  /** the resource's apiVersion/kind, when the caller knows it (else the live object's) */
  apiVersion?: string;
  kind?: string;
}

interface Ctx {
  live: KubeObject | undefined;
  config: JsonObject;
  node: SchemaNode;
  apiVersion: string;
  opts: ApplyOptions;
}

/** schema.GroupVersionKind.String(): "apps/v1, Kind=Deployment", "/v1, Kind=Pod". */
function gvkString(apiVersion: unknown, kind: unknown): string {
  const av = typeof apiVersion === 'string' ? apiVersion : '';
  const slash = av.indexOf('/');
  const gv = slash < 0 ? `/${av}` : av;
  return `${gv}, Kind=${typeof kind === 'string' ? kind : ''}`;
}

function describe(ctx: Ctx): string {
  const meta = isObject(ctx.config.metadata) ? ctx.config.metadata : {};
  const str = (v: unknown): string => (typeof v === 'string' ? v : '');
  return `${str(meta.namespace)}/${str(meta.name)}; ${gvkString(ctx.config.apiVersion, ctx.config.kind)}`;
}

/** Identity fields every applier sends; kept out of pruning like Go's unstripped set does. */
const IDENTITY = FieldSet.of([[fieldPE('apiVersion')], [fieldPE('kind')], [fieldPE('metadata'), fieldPE('name')], [fieldPE('metadata'), fieldPE('namespace')]]);

/** Updater.prune: drop what this applier owned last time, no longer applies, and nobody
 *  (applier or updater) owns now. Struct fields count as owned when a child is. */
function prune(merged: JsonObject, managers: Managers, lastSet: FieldSet, node: SchemaNode): JsonObject {
  let owned = IDENTITY;
  for (const m of managers.values()) owned = owned.union(m.set);
  const toRemove = ensureNamedFieldsAreMembers(lastSet, node).difference(ensureNamedFieldsAreMembers(owned, node));
  return removeItems(merged, toRemove, node);
}

interface Outcome {
  object: JsonObject;
  managers: Managers;
}

/** One structured-merge apply, with the SkipNonApplied/ManagedFieldsUpdater/StripMeta steps. */
function run(ctx: Ctx, force: boolean): Outcome {
  const { opts, node, apiVersion } = ctx;
  const liveVal = ctx.live ? withoutManagedFields(ctx.live) : {};
  let managers = decodeManagedFields(ctx.live?.metadata.managedFields);
  if (managers.size === 0 && ctx.live) {
    // An object nobody manages yet: its current fields become "before-first-apply"'s.
    const who = { manager: 'before-first-apply', apiVersion, subresource: opts.subresource, time: opts.now };
    managers = trackUpdate(managers, zeroValue(node), liveVal, node, who);
  }
  let set: FieldSet;
  try {
    set = withoutResetFields(toFieldSet(ctx.config, node), opts.subresource);
  } catch (e) {
    if (e instanceof TypedError) throw internal(`failed to create typed patch object (${describe(ctx)}): ${e.message}`);
    throw e;
  }
  const mine: ManagerEntry = { manager: opts.manager, operation: 'Apply', apiVersion, set };
  if (opts.subresource) mine.subresource = opts.subresource;
  const id = managerId(mine);
  const last = managers.get(id);
  if (last?.time !== undefined) mine.time = last.time;
  const next: Managers = new Map(managers);
  next.set(id, mine);

  let merged = mergeValues(liveVal, ctx.config, node) as JsonObject;
  if (last && !last.set.isEmpty()) merged = prune(merged, next, last.set, node);

  const c = compare(liveVal, merged, node);
  const changed = withoutResetFields(c.added.union(c.modified), opts.subresource);
  const removed = withoutResetFields(c.removed, opts.subresource);
  const conflicts = new Map<string, { manager: ManagerEntry; set: FieldSet }>();
  for (const [mid, m] of next) {
    if (mid === id) continue;
    const overlap = m.set.intersection(changed);
    if (!overlap.isEmpty()) conflicts.set(mid, { manager: m, set: overlap });
  }
  if (!force && conflicts.size > 0) throw new ApplyConflicts(conflictsOf(conflicts));
  for (const [mid, m] of [...next]) {
    if (mid === id) continue;
    const lost = conflicts.get(mid)?.set ?? new FieldSet();
    const kept = m.set.difference(lost).difference(removed);
    if (kept.isEmpty()) next.delete(mid);
    else next.set(mid, { ...m, set: kept });
  }
  mine.set = stripMeta(mine.set);
  if (mine.set.isEmpty()) next.delete(id);
  const changedObject = !deepEqual(liveVal, merged);
  // The applier's time moves only when the object changed (a no-op apply returns nil).
  if (changedObject) mine.time = opts.now;
  return { object: changedObject ? merged : liveVal, managers: next };
}

/** lastAppliedManager: fields of the client-side apply annotation that still match the
 *  live object may be taken over by `kubectl apply --server-side` without conflict. */
function allowedFromLastApplied(live: KubeObject, node: SchemaNode): FieldSet | undefined {
  const raw = live.metadata.annotations?.[LAST_APPLIED_ANNOTATION];
  if (!raw) return undefined;
  let last: unknown;
  try {
    last = JSON.parse(raw);
  } catch {
    return undefined;
  }
  if (!isObject(last) || last.apiVersion !== live.apiVersion) return undefined;
  try {
    const liveVal = withoutManagedFields(live);
    const c = compare(last, liveVal, node);
    return toFieldSet(last, node).difference(c.modified).difference(c.added).difference(c.removed);
  } catch (e) {
    if (e instanceof TypedError) return undefined;
    throw e;
  }
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (!isObject(v)) return v;
  const out: JsonObject = {};
  for (const k of Object.keys(v).sort()) out[k] = sortKeys(v[k]);
  return out;
}

/** encoding/json's default HTML-safe escaping; these characters only occur inside strings. */
function goEscape(json: string): string {
  return json.replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** buildLastApplied: the applied object without the annotation, as encoding/json writes an
 *  unstructured map (sorted keys, HTML-safe) through json.Encoder (trailing newline). */
function buildLastApplied(applied: JsonObject): string {
  const copy = clone(applied);
  const meta = isObject(copy.metadata) ? copy.metadata : undefined;
  const annotations = meta && isObject(meta.annotations) ? meta.annotations : undefined;
  if (meta && annotations) {
    delete annotations[LAST_APPLIED_ANNOTATION];
    if (Object.keys(annotations).length === 0) delete meta.annotations;
  }
  return `${goEscape(JSON.stringify(sortKeys(copy)))}\n`;
}

function applyWithConflictUpgrade(ctx: Ctx): Outcome {
  try {
    return run(ctx, ctx.opts.force);
  } catch (e) {
    // Only kubectl's own server-side apply upgrades from client-side apply.
    if (!(e instanceof ApplyConflicts) || ctx.opts.manager !== 'kubectl' || !ctx.live) throw e;
    const allowed = allowedFromLastApplied(ctx.live, ctx.node);
    if (!allowed) throw e;
    const remaining = e.conflicts.filter((c) => !allowed.has(c.path));
    if (remaining.length > 0) throw new ApplyConflicts(remaining);
    return run(ctx, true);
  }
}

/**
 * Server-side apply of `applied` onto `live` (undefined when the object does not exist
 * yet: the result is then the object to create). Throws PatchError 400 for a wrong
 * apiVersion/kind or managedFields in the body, 409 on conflicts unless opts.force.
 */
export function applyPatch(live: KubeObject | undefined, applied: KubeObject, opts: ApplyOptions): KubeObject {
  const config = clone(applied) as JsonObject;
  const apiVersion = opts.apiVersion ?? live?.apiVersion ?? applied.apiVersion;
  const kind = opts.kind ?? live?.kind ?? applied.kind;
  if (config.apiVersion !== apiVersion || config.kind !== kind) throw badRequest(`invalid object type: ${gvkString(config.apiVersion, config.kind)}`);
  const meta = isObject(config.metadata) ? config.metadata : undefined;
  if (meta?.managedFields !== undefined && meta.managedFields !== null) throw badRequest('metadata.managedFields must be nil');
  if (meta) delete meta.managedFields;
  const ctx: Ctx = { live, config, node: schemaFor(apiVersion, kind), apiVersion: apiVersion ?? '', opts };
  let outcome: Outcome;
  try {
    outcome = applyWithConflictUpgrade(ctx);
  } catch (e) {
    if (e instanceof ApplyConflicts) throw conflictError(e.conflicts);
    if (e instanceof TypedError) throw internal(`failed to create typed live object (${describe(ctx)}): ${e.message}`);
    throw e;
  }
  const result = clone(outcome.object) as KubeObject;
  if (!isObject(result.metadata)) result.metadata = {};
  const annotations = result.metadata.annotations;
  // lastAppliedUpdater keeps a client-side apply annotation in step with kubectl's SSA.
  if (opts.manager === 'kubectl' && annotations?.[LAST_APPLIED_ANNOTATION]) {
    annotations[LAST_APPLIED_ANNOTATION] = buildLastApplied(config);
  }
  setManagedFields(result, outcome.managers);
  return result;
}
