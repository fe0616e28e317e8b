// create, update (PUT) and patch, as the generic registry store does them:
// decode → type checks → defaults → admission → validation → managed fields →
// compare-and-swap write (retried on races) → the stored object back.
import type { KubeObject } from '../../../common/kube-types.js';
import { ApiError, errors } from '../errors.js';
import { decodeObjectBody, mediaType } from '../http/body.js';
import { applyPatch, applyPatchType, PatchError, updateManagedFields } from '../patch/index.js';
import { apiVersionOf, setTypeMeta, storageKey } from '../registry.js';
import { StorageError } from '../storage/object-store.js';
import type { ResourceDef } from '../resources/types.js';
import { fieldErrorsToStatus } from './invalid.js';
import { strategyFor } from './strategy.js';
import { decodeErrorMessage, findDecodeError } from '../validation/index.js';
import { fieldValidationMode, validateFields } from '../field-validation.js';
import { generateName, prepareForCreate, prepareForUpdate, unchanged } from './object-meta.js';
import type { ApiServices, RestRequest, RestResponse } from './context.js';
import { fieldManager, isDryRun, nowIso } from './context.js';
import { deleteNow } from './delete.js';
import { fromStorage, gr, toStorage } from './common.js';

const MAX_RETRIES = 8;

/** what kube's decoder refuses before validation: malformed quantities, non-base64 Secret data */
function checkDecodable(def: ResourceDef, obj: KubeObject): void {
  const problem = findDecodeError(obj);
  if (problem) throw errors.badRequest(decodeErrorMessage(def.kind, def.version, problem));
}

function checkTypeMeta(def: ResourceDef, body: Record<string, unknown>): void {
  const kind = body.kind;
  const apiVersion = typeof body.apiVersion === 'string' ? body.apiVersion : JSON.stringify(body.apiVersion);
  if (kind !== undefined && kind !== def.kind) {
    throw errors.badRequest(`the API version in the data (${apiVersion}) does not match the expected API version (${apiVersionOf(def)})`);
  }
  if (apiVersion !== undefined && apiVersion !== apiVersionOf(def)) {
    throw errors.badRequest(`the API version in the data (${apiVersion}) does not match the expected API version (${apiVersionOf(def)})`);
  }
  if (body.metadata !== undefined && (body.metadata === null || typeof body.metadata !== 'object' || Array.isArray(body.metadata))) {
    throw errors.badRequest(`json: cannot unmarshal ${Array.isArray(body.metadata) ? 'array' : typeof body.metadata} into Go struct field ${def.kind}.metadata of type v1.ObjectMeta`);
  }
}

function asObject(def: ResourceDef, body: Record<string, unknown>, namespace: string): KubeObject {
  const obj = body as KubeObject;
  obj.metadata ??= {};
  if (def.namespaced) {
    if (obj.metadata.namespace && namespace && obj.metadata.namespace !== namespace) {
      throw errors.badRequest('the namespace of the provided object does not match the namespace sent on the request');
    }
    obj.metadata.namespace = namespace || obj.metadata.namespace || 'default';
  } else delete obj.metadata.namespace;
  return setTypeMeta(def, obj);
}

function validateCreate(def: ResourceDef, obj: KubeObject): void {
  const errs = def.validate?.(obj) ?? [];
  if (errs.length) throw fieldErrorsToStatus(def, obj.metadata.name ?? '', errs);
}

async function admitAndValidateCreate(api: ApiServices, req: RestRequest, obj: KubeObject): Promise<void> {
  applyCreateDefaults(api, req.def, obj);
  for (const p of api.admission) {
    await p.admit({ operation: 'CREATE', def: req.def, subresource: '', namespace: obj.metadata.namespace ?? '', object: obj, user: req.user, dryRun: isDryRun(req.query) }, api);
  }
  validateCreate(req.def, obj);
}

/** scheme defaults, then the kind's create-time strategy (a pod's initial status) */
function applyCreateDefaults(api: ApiServices, def: ResourceDef, obj: KubeObject): void {
  def.defaults?.(obj);
  strategyFor(def, api.tolerationSeconds).afterCreateDefaults?.(obj);
}

export async function createObject(api: ApiServices, req: RestRequest, obj: KubeObject): Promise<RestResponse> {
  const { def } = req;
  if (!obj.metadata.name && obj.metadata.generateName) obj.metadata.name = generateName(obj.metadata.generateName);
  if (!obj.metadata.name) {
    throw fieldErrorsToStatus(def, '', [{ type: 'FieldValueRequired', field: 'metadata.name', message: 'name or generateName is required' }]);
  }
  const now = nowIso(api.clock);
  prepareForCreate(def, obj, api.newUid(), now);
  await admitAndValidateCreate(api, req, obj);
  if (!obj.metadata.managedFields) {
    Object.assign(obj, updateManagedFields(undefined, obj, { manager: fieldManager(req), operation: 'Update', now }));
  }
  if (isDryRun(req.query)) return { code: 201, body: obj };
  const key = storageKey(def, obj.metadata.namespace ?? '', obj.metadata.name);
  const lease = def.kind === 'Event' ? await api.eventLease() : undefined;
  try {
    const stored = await api.objects.create(key, toStorage(def, obj), lease);
    return { code: 201, body: fromStorage(def, stored) };
  } catch (e) {
    if (e instanceof StorageError && e.code === 'exists') throw errors.alreadyExists(gr(def), obj.metadata.name);
    throw e;
  }
}

export async function handleCreate(api: ApiServices, req: RestRequest): Promise<RestResponse> {
  const body = decodeObjectBody(req.body ?? Buffer.alloc(0), req.headers['content-type'], { apiVersion: apiVersionOf(req.def), kind: req.def.kind });
  checkTypeMeta(req.def, body);
  const obj = asObject(req.def, body, req.info.namespace);
  const warnings = validateFields(req.def, obj, fieldValidationMode(req.query));
  checkDecodable(req.def, obj);
  return { ...(await createObject(api, req, obj)), warnings };
}

/**
 * The read-modify-write loop behind PUT and PATCH (kube's GuaranteedUpdate): `mutate`
 * gets the live object and returns the desired one; a lost race re-reads and retries
 * unless the client pinned a resourceVersion.
 */
export async function guaranteedUpdate(
  api: ApiServices,
  req: RestRequest,
  mutate: (live: KubeObject | undefined) => KubeObject | Promise<KubeObject>,
  opts: {
    allowCreate?: boolean;
    /** server-side apply already recorded its managed fields */
    applied?: boolean;
    /** PUT: the resourceVersion the client sent, a precondition when set */
    requestRv?: string;
  } = {},
): Promise<RestResponse> {
  const { def, info } = req;
  const key = storageKey(def, info.namespace, info.name);
  const subresource = info.subresource;
  for (let attempt = 0; ; attempt++) {
    const stored = await api.objects.get(key);
    const live = stored ? fromStorage(def, stored) : undefined;
    if (!live && !opts.allowCreate) throw errors.notFound(gr(def), info.name);
    const next = await mutate(live ? structuredClone(live) : undefined);
    setTypeMeta(def, next);
    next.metadata ??= {};
    if (next.metadata.name !== undefined && next.metadata.name !== info.name) {
      throw errors.badRequest(`the name of the object (${next.metadata.name}) does not match the name on the URL (${info.name})`);
    }
    if (def.namespaced) {
      if (next.metadata.namespace && next.metadata.namespace !== info.namespace) {
        throw errors.badRequest('the namespace of the provided object does not match the namespace sent on the request');
      }
      next.metadata.namespace = info.namespace;
    }
    if (!live) {
      next.metadata.name = info.name;
      return createObject(api, req, next);
    }
    // a precondition is what the client asked for: the PUT body's resourceVersion, or a
    // patch that sets one; a patch result merely carrying the live version is retried on races
    const patched = next.metadata.resourceVersion;
    const pinned = opts.requestRv ?? (patched && patched !== live.metadata.resourceVersion ? patched : undefined);
    if (pinned && pinned !== live.metadata.resourceVersion) {
      throw errors.conflict(gr(def), info.name, 'the object has been modified; please apply your changes to the latest version and try again');
    }
    const now = nowIso(api.clock);
    prepareForUpdate(def, next, live, subresource);
    if (subresource === '') {
      def.defaults?.(next);
      strategyFor(def, api.tolerationSeconds).prepareUpdate?.(next, live);
    }
    for (const p of api.admission) {
      await p.admit({ operation: 'UPDATE', def, subresource, namespace: info.namespace, object: next, old: live, user: req.user, dryRun: isDryRun(req.query) }, api);
    }
    const errs = def.validateUpdate?.(next, live) ?? def.validate?.(next) ?? [];
    if (errs.length) throw fieldErrorsToStatus(def, info.name, errs);
    if (!opts.applied) Object.assign(next, updateManagedFields(live, next, { manager: fieldManager(req), operation: 'Update', now, subresource: subresource || undefined }));
    if (unchanged(next, live)) return { code: 200, body: live };
    if (isDryRun(req.query)) return { code: 200, body: next };
    const rv = Number(live.metadata.resourceVersion);
    try {
      if (next.metadata.deletionTimestamp && (next.metadata.finalizers ?? []).length === 0) {
        // the last finalizer is gone from an object being deleted: it goes now
        return await deleteNow(api, def, key, next, rv);
      }
      const written = await api.objects.update(key, toStorage(def, next), rv);
      return { code: 200, body: fromStorage(def, written) };
    } catch (e) {
      if (e instanceof StorageError && (e.code === 'conflict' || e.code === 'not-found')) {
        if (pinned) throw errors.conflict(gr(def), info.name, 'the object has been modified; please apply your changes to the latest version and try again');
        if (attempt < MAX_RETRIES) continue;
      }
      throw e;
    }
  }
}

export async function handleUpdate(api: ApiServices, req: RestRequest): Promise<RestResponse> {
  const body = decodeObjectBody(req.body ?? Buffer.alloc(0), req.headers['content-type'], { apiVersion: apiVersionOf(req.def), kind: req.def.kind });
  checkTypeMeta(req.def, body);
  const desired = asObject(req.def, body, req.info.namespace);
  const warnings = validateFields(req.def, desired, fieldValidationMode(req.query));
  checkDecodable(req.def, desired);
  const requestRv = desired.metadata.resourceVersion || undefined;
  return { ...(await guaranteedUpdate(api, req, () => structuredClone(desired), { requestRv })), warnings };
}

export async function handlePatch(api: ApiServices, req: RestRequest): Promise<RestResponse> {
  const contentType = mediaType(req.headers['content-type']);
  const body = req.body ?? Buffer.alloc(0);
  const isApply = contentType === 'application/apply-patch+yaml';
  const force = req.query.get('force') === 'true';
  const mode = fieldValidationMode(req.query);
  let warnings: string[] = [];
  if (isApply && !req.query.get('fieldManager')) {
    throw errors.badRequest('PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch');
  }
  const res = await guaranteedUpdate(
    api,
    req,
    (live) => {
      const now = nowIso(api.clock);
      let next: KubeObject;
      try {
        if (isApply) next = applyPatch(live, parseApplyBody(body), { manager: fieldManager(req), force, now });
        else if (!live) throw errors.notFound(gr(req.def), req.info.name);
        else next = applyPatchType(contentType, live, body, { kind: req.def.kind, apiVersion: apiVersionOf(req.def) });
      } catch (e) {
        throw toApiError(e);
      }
      warnings = validateFields(req.def, next, mode);
      checkDecodable(req.def, next);
      return next;
    },
    { allowCreate: isApply, applied: isApply },
  );
  return { ...res, warnings };
}

function parseApplyBody(body: Buffer): KubeObject {
  const obj = decodeObjectBody(body, 'application/yaml');
  return obj as KubeObject;
}

function toApiError(e: unknown): unknown {
  // the patch module words its failures as kube-apiserver's Status already
  return e instanceof PatchError ? new ApiError(e.toStatus()) : e;
}
