// ConfigMap, Secret and ServiceAccount (core validation.go ValidateConfigMap,
// ValidateSecret, ValidateServiceAccount and their update forms, including the
// `immutable: true` lock).
import type { KubeObject } from '../../../common/kube-types.js';
import type { FieldError } from '../resources/types.js';
import { forbidden, invalid, key, required } from './field-errors.js';
import { getBool, getObject, getString, semanticEqual, sortedKeys } from './json.js';
import type { JsonObject } from './json.js';
import { validateImmutable, validateObjectMeta, validateObjectMetaUpdate } from './meta.js';
import { isConfigMapKey, nameIsDNSSubdomain } from './names.js';

/** core.MaxSecretSize, the cap on the summed size of data values */
export const MAX_SECRET_SIZE = 1024 * 1024;
const IMMUTABLE_LOCKED = 'field is immutable when `immutable` is set';

function tooLong(field: string): FieldError {
  return { type: 'FieldValueTooLong', field, message: `Too long: must have at most ${MAX_SECRET_SIZE} bytes` };
}

/** base64 data values count their decoded length, as []byte does in Go */
function decodedLength(v: unknown): number {
  return typeof v === 'string' ? Buffer.from(v, 'base64').length : 0;
}

export function validateConfigMap(cm: KubeObject): FieldError[] {
  const errs = validateObjectMeta(cm.metadata, true, nameIsDNSSubdomain);
  const data = getObject(cm, 'data');
  const binary = getObject(cm, 'binaryData');
  let total = 0;
  for (const k of sortedKeys(data)) {
    errs.push(...isConfigMapKey(k).map((m) => invalid(key('data', k), k, m)));
    if (binary && k in binary) errs.push(invalid(key('data', k), k, 'duplicate of key present in binaryData'));
    total += new TextEncoder().encode(getString(data, k) ?? '').length;
  }
  for (const k of sortedKeys(binary)) {
    errs.push(...isConfigMapKey(k).map((m) => invalid(key('binaryData', k), k, m)));
    total += decodedLength(binary?.[k]);
  }
  // the error refers to the whole object, hence the empty field path
  if (total > MAX_SECRET_SIZE) errs.push(tooLong(''));
  return errs;
}

function immutableLock(obj: KubeObject, old: KubeObject, fields: string[]): FieldError[] {
  if (getBool(old, 'immutable') !== true) return [];
  const errs: FieldError[] = [];
  if (getBool(obj, 'immutable') !== true) errs.push(forbidden('immutable', IMMUTABLE_LOCKED));
  for (const f of fields) {
    if (!semanticEqual(obj[f], old[f])) errs.push(forbidden(f, IMMUTABLE_LOCKED));
  }
  return errs;
}

export function validateConfigMapUpdate(cm: KubeObject, old: KubeObject): FieldError[] {
  return [...validateObjectMetaUpdate(cm.metadata, old.metadata), ...immutableLock(cm, old, ['data', 'binaryData']), ...validateConfigMap(cm)];
}

function validateSecretType(secret: KubeObject, data: JsonObject | undefined): FieldError[] {
  const has = (k: string): boolean => data !== undefined && k in data;
  switch (getString(secret, 'type') ?? '') {
    case 'kubernetes.io/service-account-token':
      return secret.metadata.annotations?.['kubernetes.io/service-account.name']
        ? []
        : [required(key('metadata.annotations', 'kubernetes.io/service-account.name'))];
    case 'kubernetes.io/dockercfg':
      return has('.dockercfg') ? [] : [required(key('data', '.dockercfg'))];
    case 'kubernetes.io/dockerconfigjson':
      return has('.dockerconfigjson') ? [] : [required(key('data', '.dockerconfigjson'))];
    case 'kubernetes.io/basic-auth':
      return has('username') || has('password') ? [] : [required(key('data', 'username')), required(key('data', 'password'))];
    case 'kubernetes.io/ssh-auth':
      return decodedLength(data?.['ssh-privatekey']) > 0 ? [] : [required(key('data', 'ssh-privatekey'))];
    case 'kubernetes.io/tls':
      return [...(has('tls.crt') ? [] : [required(key('data', 'tls.crt'))]), ...(has('tls.key') ? [] : [required(key('data', 'tls.key'))])];
    default:
      return [];
  }
}

export function validateSecret(secret: KubeObject): FieldError[] {
  const errs = validateObjectMeta(secret.metadata, true, nameIsDNSSubdomain);
  const data = getObject(secret, 'data');
  let total = 0;
  for (const k of sortedKeys(data)) {
    errs.push(...isConfigMapKey(k).map((m) => invalid(key('data', k), k, m)));
    total += decodedLength(data?.[k]);
  }
  if (total > MAX_SECRET_SIZE) errs.push(tooLong('data'));
  return errs.concat(validateSecretType(secret, data));
}

export function validateSecretUpdate(secret: KubeObject, old: KubeObject): FieldError[] {
  const errs = validateObjectMetaUpdate(secret.metadata, old.metadata);
  const type = getString(secret, 'type') ?? '';
  errs.push(...validateImmutable(type, getString(old, 'type') ?? '', 'type', type));
  errs.push(...immutableLock(secret, old, ['data']));
  return errs.concat(validateSecret(secret));
}

export function validateServiceAccount(sa: KubeObject): FieldError[] {
  return validateObjectMeta(sa.metadata, true, nameIsDNSSubdomain);
}

export function validateServiceAccountUpdate(sa: KubeObject, old: KubeObject): FieldError[] {
  return [...validateObjectMetaUpdate(sa.metadata, old.metadata), ...validateServiceAccount(sa)];
}
