// Content-Type → patch type, and body decoding with the exact 400 messages of
// apiserver/pkg/endpoints/handlers/patch.go (kube 1.32).
import { CORE_SCHEMA, load, YAMLException } from 'js-yaml';
import { badRequest, unsupportedMediaType } from './errors.js';
import { goJsonSyntaxError } from './json-syntax.js';
import { isObject, jsonKind } from './json-value.js';

export type PatchType = 'json' | 'merge' | 'strategic' | 'apply';

/** metav1.FieldValidation; kube-apiserver treats an empty value as Warn. */
export type FieldValidation = 'Strict' | 'Warn' | 'Ignore';

export const PATCH_MEDIA_TYPES: Readonly<Record<string, PatchType>> = {
  'application/json-patch+json': 'json',
  'application/merge-patch+json': 'merge',
  'application/strategic-merge-patch+json': 'strategic',
  'application/apply-patch+yaml': 'apply',
};

// Order of installer.go's supportedTypes; custom resources drop strategic merge patch
// (apiextensions-apiserver customresource_handler.go).
const BUILTIN_ACCEPTED = ['application/json-patch+json', 'application/merge-patch+json', 'application/strategic-merge-patch+json', 'application/apply-patch+yaml'];
const CUSTOM_ACCEPTED = ['application/json-patch+json', 'application/merge-patch+json', 'application/apply-patch+yaml'];

/** The patch type for a Content-Type header ("; charset=" is ignored, as PatchResource does). */
export function patchTypeOf(contentType: string, opts: { strategicMergePatch?: boolean } = {}): PatchType {
  const allowStrategic = opts.strategicMergePatch ?? true;
  const base = contentType.split(';')[0]?.trim() ?? '';
  const type = PATCH_MEDIA_TYPES[base];
  if (type === undefined || (type === 'strategic' && !allowStrategic)) {
    throw unsupportedMediaType(allowStrategic ? BUILTIN_ACCEPTED : CUSTOM_ACCEPTED);
  }
  return type;
}

function text(body: Buffer | string): string {
  return typeof body === 'string' ? body : body.toString('utf8');
}

/** json.UnmarshalTypeError text for a top-level value of the wrong JSON kind. */
function typeError(value: unknown, goType: string): string {
  const kind = jsonKind(value);
  const name = kind === 'bool' ? 'bool' : kind;
  return `json: cannot unmarshal ${name} into Go value of type ${goType}`;
}

function decodeJson(raw: string, prefix: string): unknown {
  const syntax = goJsonSyntaxError(raw);
  if (syntax !== undefined) throw badRequest(prefix + syntax);
  return JSON.parse(raw) as unknown;
}

/**
 * Decode a PATCH body for its patch type. Returns the JSON patch operations (array),
 * the merge/strategic patch map, or the applied configuration object.
 * Strict/Warn (the server default) decode JSON and merge patches with
 * kjson.UnmarshalStrict first, hence the "error decoding patch: " prefix.
 */
export function parsePatchBody(type: PatchType, body: Buffer | string, opts: { fieldValidation?: FieldValidation } = {}): unknown {
  const raw = text(body);
  const strictish = (opts.fieldValidation ?? 'Warn') !== 'Ignore';
  switch (type) {
    case 'json': {
      const prefix = strictish ? 'error decoding patch: ' : '';
      const ops = decodeJson(raw, prefix);
      if (ops === null) return [];
      const goType = strictish ? '[]handlers.jsonPatchOp' : 'jsonpatch.Patch';
      if (!Array.isArray(ops)) throw badRequest(prefix + typeError(ops, goType));
      const elemType = strictish ? 'handlers.jsonPatchOp' : 'jsonpatch.operation';
      const list: unknown[] = ops;
      const bad = list.find((op) => op !== null && !isObject(op));
      if (bad !== undefined) throw badRequest(prefix + typeError(bad, elemType));
      return ops;
    }
    case 'merge': {
      const syntax = goJsonSyntaxError(raw);
      // jsonpatch.MergePatch maps every syntax error of the patch to ErrBadJSONPatch.
      if (syntax !== undefined) throw badRequest(strictish ? `error decoding patch: ${syntax}` : 'Invalid JSON Patch');
      const patch = JSON.parse(raw) as unknown;
      if (strictish && patch !== null && !isObject(patch)) {
        throw badRequest(`error decoding patch: ${typeError(patch, 'map[string]interface {}')}`);
      }
      if (!isObject(patch)) throw badRequest('Invalid JSON Patch');
      return patch;
    }
    case 'strategic': {
      const patch = decodeJson(raw, '');
      // Unmarshal of null into the handler's pre-made map leaves it empty: a no-op patch.
      if (patch === null) return {};
      if (!isObject(patch)) throw badRequest(typeError(patch, 'map[string]interface {}'));
      return patch;
    }
    case 'apply':
      return parseApplyBody(raw);
  }
}

/** sigs.k8s.io/yaml.Unmarshal into map[string]interface{}, errors as applyPatcher words them. */
function parseApplyBody(raw: string): unknown {
  let doc: unknown;
  try {
    // CORE_SCHEMA: no timestamp → Date conversion; values stay JSON, as YAMLToJSON makes them.
    doc = load(raw, { schema: CORE_SCHEMA, json: true });
  } catch (e) {
    if (e instanceof YAMLException) {
      const line = e.mark.line + 1;
      throw badRequest(`error decoding YAML: error converting YAML to JSON: yaml: line ${line}: ${e.reason}`);
    }
    throw e;
  }
  if (doc === undefined || doc === null) return {};
  if (!isObject(doc)) {
    throw badRequest(`error decoding YAML: error unmarshaling JSON: while decoding JSON: ${typeError(doc, 'map[string]interface {}')}`);
  }
  return doc;
}
