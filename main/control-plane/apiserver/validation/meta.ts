// ObjectMeta, labels, annotations and label selectors
// (apimachinery api/validation/objectmeta.go, apis/meta/v1/validation, and
// core's ValidateObjectMeta which adds the legacy finalizer-name rule).
import type { FieldError } from '../resources/types.js';
import { child, FIELD_IMMUTABLE_ERROR_MSG, forbidden, index, invalid, required, validateNonnegative } from './field-errors.js';
import { goStringSlice } from './go-value.js';
import type { BadValue } from './go-value.js';
import { asObject, asStringMap, byteLength, getNumber, getObjects, getString, getStrings, semanticEqual, sortedKeys, str } from './json.js';
import type { JsonObject } from './json.js';
import { isQualifiedName, isValidLabelValue, nameIsDNSLabel } from './names.js';
import type { NameValidator } from './names.js';

const TOTAL_ANNOTATION_SIZE_LIMIT = 256 * 1024;
const STANDARD_FINALIZERS = new Set(['kubernetes', 'orphan', 'foregroundDeletion']);

/** ValidateLabels: errors point at the map, not the key (Go iterates randomly; we sort) */
export function validateLabels(labels: unknown, path: string): FieldError[] {
  const m = asStringMap(labels);
  const errs: FieldError[] = [];
  for (const k of sortedKeys(m)) {
    errs.push(...validateLabelName(k, path));
    const v = m?.[k] ?? '';
    errs.push(...isValidLabelValue(v).map((msg) => invalid(path, v, msg)));
  }
  return errs;
}

export function validateLabelName(name: string, path: string): FieldError[] {
  return isQualifiedName(name).map((msg) => invalid(path, name, msg));
}

export function validateAnnotations(annotations: unknown, path: string): FieldError[] {
  const m = asStringMap(annotations);
  const errs: FieldError[] = [];
  let total = 0;
  for (const k of sortedKeys(m)) {
    // annotation keys are qualified names, case-insensitively
    errs.push(...isQualifiedName(k.toLowerCase()).map((msg) => invalid(path, k, msg)));
    total += byteLength(k) + byteLength(m?.[k] ?? '');
  }
  if (total > TOTAL_ANNOTATION_SIZE_LIMIT) {
    errs.push({ type: 'FieldValueTooLong', field: path, message: `Too long: must have at most ${TOTAL_ANNOTATION_SIZE_LIMIT} bytes` });
  }
  return errs;
}

/** core's validateKubeFinalizerName: an unqualified finalizer must be a standard one */
export function validateKubeFinalizerName(name: string, path: string): FieldError[] {
  if (name.split('/').length === 1 && !STANDARD_FINALIZERS.has(name)) {
    return [invalid(path, name, 'name is neither a standard finalizer name nor is it fully qualified')];
  }
  return [];
}

function validateFinalizers(meta: JsonObject, path: string): FieldError[] {
  const finalizers = getStrings(meta, 'finalizers');
  const errs: FieldError[] = [];
  for (const f of finalizers) errs.push(...isQualifiedName(f).map((msg) => invalid(path, f, msg)));
  if (finalizers.includes('orphan') && finalizers.includes('foregroundDeletion')) {
    errs.push(invalid(path, goStringSlice(finalizers), 'finalizer orphan and foregroundDeletion cannot be both set'));
  }
  return errs;
}

function validateOwnerReferences(meta: JsonObject, path: string): FieldError[] {
  const errs: FieldError[] = [];
  let firstController = '';
  for (const ref of getObjects(meta, 'ownerReferences')) {
    const apiVersion = str(ref, 'apiVersion');
    const version = apiVersion.includes('/') ? apiVersion.split('/')[1] ?? '' : apiVersion;
    if (!version) errs.push(invalid(child(path, 'apiVersion'), apiVersion, 'version must not be empty'));
    if (!str(ref, 'kind')) errs.push(invalid(child(path, 'kind'), '', 'must not be empty'));
    if (!str(ref, 'name')) errs.push(invalid(child(path, 'name'), '', 'must not be empty'));
    if (!str(ref, 'uid')) errs.push(invalid(child(path, 'uid'), '', 'must not be empty'));
    if (ref['controller'] === true) {
      const current = `${str(ref, 'kind')}/${str(ref, 'name')}`;
      if (firstController) {
        const detail = `Only one reference can have Controller set to true. Found "true" in references for ${firstController} and ${current}`;
        errs.push({ type: 'FieldValueInvalid', field: path, message: `Invalid value: []v1.OwnerReference{...}: ${detail}` });
      } else firstController = current;
    }
  }
  return errs;
}

function validateMetaCommon(meta: JsonObject, namespaced: boolean, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const ns = str(meta, 'namespace');
  if (namespaced) {
    if (!ns) errs.push(required(child(path, 'namespace')));
    else errs.push(...nameIsDNSLabel(ns, false).map((msg) => invalid(child(path, 'namespace'), ns, msg)));
  } else if (ns) {
    errs.push(forbidden(child(path, 'namespace'), 'not allowed on this type'));
  }
  errs.push(...validateNonnegative(getNumber(meta, 'generation'), child(path, 'generation')));
  errs.push(...validateLabels(meta['labels'], child(path, 'labels')));
  errs.push(...validateAnnotations(meta['annotations'], child(path, 'annotations')));
  errs.push(...validateOwnerReferences(meta, child(path, 'ownerReferences')));
  errs.push(...validateFinalizers(meta, child(path, 'finalizers')));
  return errs;
}

/** core ValidateObjectMeta (create): generateName, name, namespace, labels, annotations, finalizers */
export function validateObjectMeta(metaValue: unknown, namespaced: boolean, nameFn: NameValidator, path = 'metadata'): FieldError[] {
  const meta = asObject(metaValue) ?? {};
  const errs: FieldError[] = [];
  const generateName = str(meta, 'generateName');
  if (generateName) {
    errs.push(...nameFn(generateName, true).map((msg) => invalid(child(path, 'generateName'), generateName, msg)));
  }
  const name = str(meta, 'name');
  if (!name) errs.push(required(child(path, 'name'), 'name or generateName is required'));
  else errs.push(...nameFn(name, false).map((msg) => invalid(child(path, 'name'), name, msg)));
  errs.push(...validateMetaCommon(meta, namespaced, path));
  getStrings(meta, 'finalizers').forEach((f, i) => errs.push(...validateKubeFinalizerName(f, index(child(path, 'finalizers'), i))));
  return errs;
}

function immutable(newMeta: JsonObject, oldMeta: JsonObject, field: string, path: string, render: (v: unknown) => BadValue): FieldError[] {
  return semanticEqual(newMeta[field], oldMeta[field]) ? [] : [invalid(child(path, field), render(newMeta[field]), FIELD_IMMUTABLE_ERROR_MSG)];
}

const asStr = (v: unknown): BadValue => (typeof v === 'string' ? v : '');
const asTime = (v: unknown): BadValue => ({ go: typeof v === 'string' ? v : 'null' });

/**
 * ValidateObjectMetaUpdate. The registry fills resourceVersion for
 * unconditional updates before validating, as genericregistry.Store does.
 */
export function validateObjectMetaUpdate(newValue: unknown, oldValue: unknown, path = 'metadata'): FieldError[] {
  const n = asObject(newValue) ?? {};
  const o = asObject(oldValue) ?? {};
  const errs: FieldError[] = [];
  if (getString(o, 'deletionTimestamp')) {
    const extra = getStrings(n, 'finalizers').filter((f) => !getStrings(o, 'finalizers').includes(f));
    if (extra.length) {
      errs.push(forbidden(child(path, 'finalizers'), `no new finalizers can be added if the object is being deleted, found new finalizers ${goStringSlice([...new Set(extra)].sort()).go}`));
    }
  }
  if (!str(n, 'resourceVersion')) errs.push(invalid(child(path, 'resourceVersion'), '', 'must be specified for an update'));
  const gen = getNumber(n, 'generation') ?? 0;
  if (gen < (getNumber(o, 'generation') ?? 0)) errs.push(invalid(child(path, 'generation'), gen, 'must not be decremented'));
  errs.push(...immutable(n, o, 'name', path, asStr), ...immutable(n, o, 'namespace', path, asStr), ...immutable(n, o, 'uid', path, asStr));
  errs.push(...immutable(n, o, 'creationTimestamp', path, asTime), ...immutable(n, o, 'deletionTimestamp', path, asTime));
  const grace = n['deletionGracePeriodSeconds'];
  if (!semanticEqual(grace, o['deletionGracePeriodSeconds'])) {
    errs.push(invalid(child(path, 'deletionGracePeriodSeconds'), typeof grace === 'number' ? grace : null, FIELD_IMMUTABLE_ERROR_MSG));
  }
  errs.push(...validateLabels(n['labels'], child(path, 'labels')));
  errs.push(...validateAnnotations(n['annotations'], child(path, 'annotations')));
  errs.push(...validateOwnerReferences(n, child(path, 'ownerReferences')));
  errs.push(...validateFinalizers(n, child(path, 'finalizers')));
  return errs;
}

/** ValidateImmutableField with a caller-chosen rendering of the new value */
export function validateImmutable(newValue: unknown, oldValue: unknown, path: string, rendered: BadValue): FieldError[] {
  return semanticEqual(newValue, oldValue) ? [] : [invalid(path, rendered, FIELD_IMMUTABLE_ERROR_MSG)];
}

const SELECTOR_OPERATORS = new Set(['In', 'NotIn', 'Exists', 'DoesNotExist']);

/** ValidateLabelSelector (strict: label values in expressions must be valid) */
export function validateLabelSelector(selectorValue: unknown, path: string): FieldError[] {
  const sel = asObject(selectorValue);
  if (!sel) return [];
  const errs = validateLabels(sel['matchLabels'], child(path, 'matchLabels'));
  getObjects(sel, 'matchExpressions').forEach((expr, i) => {
    const p = index(child(path, 'matchExpressions'), i);
    const op = str(expr, 'operator');
    const values = getStrings(expr, 'values');
    if (op === 'In' || op === 'NotIn') {
      if (values.length === 0) errs.push(required(child(p, 'values'), "must be specified when `operator` is 'In' or 'NotIn'"));
    } else if (op === 'Exists' || op === 'DoesNotExist') {
      if (values.length > 0) errs.push(forbidden(child(p, 'values'), "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
    } else {
      errs.push(invalid(child(p, 'operator'), op, 'not a valid selector operator'));
    }
    errs.push(...validateLabelName(str(expr, 'key'), child(p, 'key')));
    values.forEach((v, vi) => errs.push(...isValidLabelValue(v).map((msg) => invalid(index(child(p, 'values'), vi), v, msg))));
  });
  return errs;
}

/** labels.Selector as built by metav1.LabelSelectorAsSelector */
export type Selector =
  | { kind: 'nothing' } // a nil selector matches nothing
  | { kind: 'invalid' }
  | { kind: 'ok'; empty: boolean; matches(labels: Record<string, string>): boolean };

type Requirement = (labels: Record<string, string>) => boolean;

function requirementOf(keyName: string, op: string, values: string[]): Requirement | undefined {
  if (isQualifiedName(keyName).length || values.some((v) => isValidLabelValue(v).length)) return undefined;
  switch (op) {
    case 'In':
      return values.length ? (l) => keyName in l && values.includes(l[keyName] ?? '') : undefined;
    case 'NotIn':
      return values.length ? (l) => !(keyName in l) || !values.includes(l[keyName] ?? '') : undefined;
    case 'Exists':
      return values.length ? undefined : (l) => keyName in l;
    case 'DoesNotExist':
      return values.length ? undefined : (l) => !(keyName in l);
    default:
      return undefined;
  }
}

export function labelSelectorAsSelector(selectorValue: unknown): Selector {
  const sel = asObject(selectorValue);
  if (!sel) return { kind: 'nothing' };
  const reqs: Requirement[] = [];
  const matchLabels = asStringMap(sel['matchLabels']) ?? {};
  for (const k of sortedKeys(matchLabels)) {
    const r = requirementOf(k, 'In', [matchLabels[k] ?? '']);
    if (!r) return { kind: 'invalid' };
    reqs.push(r);
  }
  for (const expr of getObjects(sel, 'matchExpressions')) {
    const op = str(expr, 'operator');
    if (!SELECTOR_OPERATORS.has(op)) return { kind: 'invalid' };
    const r = requirementOf(str(expr, 'key'), op, getStrings(expr, 'values'));
    if (!r) return { kind: 'invalid' };
    reqs.push(r);
  }
  return { kind: 'ok', empty: reqs.length === 0, matches: (l) => reqs.every((r) => r(l)) };
}

/** labels.Set(m).AsSelector(), the map selectors of ReplicationController and Service */
export function mapSelectorMatches(selector: Record<string, string> | undefined, labels: Record<string, string>): boolean {
  return sortedKeys(selector).every((k) => labels[k] === selector?.[k]);
}

export function labelsOf(v: unknown): Record<string, string> {
  return asStringMap(v) ?? {};
}

