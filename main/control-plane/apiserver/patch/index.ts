// The four PATCH types of kube-apiserver 1.32 as pure functions over plain JSON objects.
// The HTTP layer owns storage, preconditions, defaulting, validation and admission; it
// calls applyPatchType (or applyPatch for server-side apply, which may create), then
// defaults, then updateManagedFields for non-apply writes, as handlers/patch.go does.
import type { KubeObject } from '../../../common/kube-types.js';
import { PatchError } from './errors.js';
import { applyJsonPatch } from './json-patch.js';
import { isObject } from './json-value.js';
import type { JsonObject } from './json-value.js';
import { applyMergePatch } from './merge-patch.js';
import { parsePatchBody, patchTypeOf } from './parse-body.js';
import type { FieldValidation } from './parse-body.js';
import { schemaFor } from './schema/registry.js';
import { applyPatch } from './ssa/apply.js';
import { applyStrategicMergePatch } from './strategic/merge-map.js';

export { PatchError } from './errors.js';
export type { PatchErrorCode, PatchErrorReason } from './errors.js';
export { parsePatchBody, patchTypeOf, PATCH_MEDIA_TYPES } from './parse-body.js';
export type { FieldValidation, PatchType } from './parse-body.js';
export { applyJsonPatch, decodePointerToken, encodePointerToken } from './json-patch.js';
export { applyMergePatch } from './merge-patch.js';
export { applyStrategicMergePatch } from './strategic/merge-map.js';
export { applyPatch, LAST_APPLIED_ANNOTATION } from './ssa/apply.js';
export type { ApplyOptions } from './ssa/apply.js';
export { updateManagedFields } from './ssa/update.js';
export type { UpdateManagedFieldsOptions } from './ssa/update.js';
export { isKnownKind, patchMetaTable, schemaFor } from './schema/registry.js';
export type { PatchMeta, SchemaNode } from './schema/registry.js';

export interface PatchTypeOptions {
  /** resource apiVersion/kind from the URL (defaults to the live object's) */
  apiVersion?: string;
  kind?: string;
  /** false for custom resources: strategic merge patch is then a 415, as for CRDs */
  strategicMergePatch?: boolean;
  /** fieldValidation query parameter; empty means Warn */
  fieldValidation?: FieldValidation;
  /** apply only: fieldManager, force and the request time */
  manager?: string;
  force?: boolean;
  now?: string;
  subresource?: string;
}

/**
 * Apply a PATCH body of the given Content-Type to `live`. For application/apply-patch+yaml
 * `live` may be undefined (the result is the object to create); the other types need it.
 * Throws PatchError (415 unknown type, 400 malformed body, 422/500 as the apiserver would).
 */
export function applyPatchType(contentType: string, live: KubeObject | undefined, patchBody: Buffer | string, opts: PatchTypeOptions = {}): KubeObject {
  const type = patchTypeOf(contentType, opts);
  const body = parsePatchBody(type, patchBody, opts);
  const apiVersion = opts.apiVersion ?? live?.apiVersion;
  const kind = opts.kind ?? live?.kind;
  if (type === 'apply') {
    if (!opts.manager) {
      // ValidatePatchOptions, an Invalid PatchOptions.
      throw new PatchError(422, 'Invalid', 'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch');
    }
    if (opts.now === undefined) throw new TypeError('applyPatchType: opts.now is required for apply');
    const applyOpts = { manager: opts.manager, force: opts.force ?? false, now: opts.now, apiVersion, kind, subresource: opts.subresource };
    return applyPatch(live, body as KubeObject, applyOpts);
  }
  if (!live) throw new TypeError(`applyPatchType: a live object is required for ${contentType}`);
  let out: JsonObject;
  if (type === 'json') out = applyJsonPatch(live as JsonObject, body as unknown[]);
  else if (type === 'merge') out = applyMergePatch(live as JsonObject, body as JsonObject);
  else out = applyStrategicMergePatch(live as JsonObject, body as JsonObject, schemaFor(apiVersion, kind));
  // A patch may drop metadata; keep the KubeObject shape and let validation reject it.
  if (!isObject(out.metadata)) out.metadata = {};
  return out as KubeObject;
}
