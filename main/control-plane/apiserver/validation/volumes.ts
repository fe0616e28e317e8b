// Pod volumes (core validation.go ValidateVolumes / validateVolumeSource) for the
// sources a lab uses; the rest are accepted as a volume type without deeper checks.
import type { FieldError } from '../resources/types.js';
import { validateDNS1123Label, validateLocalDescendingPath } from './containers.js';
import { child, duplicate, forbidden, index, invalid, notSupported, required } from './field-errors.js';
import { getNumber, getObject, getObjects, str } from './json.js';
import type { JsonObject } from './json.js';
import { quantityOf } from '../../../common/quantity.js';

const FILE_MODE_ERROR = 'must be a number between 0 and 0777 (octal), both inclusive';

// the order validateVolumeSource tests the one-of members in
const VOLUME_TYPES = [
  'emptyDir', 'hostPath', 'gitRepo', 'gcePersistentDisk', 'awsElasticBlockStore', 'secret', 'nfs', 'iscsi', 'glusterfs',
  'flocker', 'persistentVolumeClaim', 'rbd', 'cinder', 'cephfs', 'quobyte', 'downwardAPI', 'fc', 'azureFile',
  'vsphereVolume', 'photonPersistentDisk', 'portworxVolume', 'azureDisk', 'storageos', 'flexVolume', 'configMap',
  'scaleIO', 'projected', 'csi', 'ephemeral', 'image',
] as const;

const HOST_PATH_TYPES = ['', 'DirectoryOrCreate', 'Directory', 'FileOrCreate', 'File', 'Socket', 'CharDevice', 'BlockDevice'];

function validateMode(o: JsonObject, field: string, path: string): FieldError[] {
  const mode = getNumber(o, field);
  return mode !== undefined && (mode > 0o777 || mode < 0) ? [invalid(child(path, field), mode, FILE_MODE_ERROR)] : [];
}

/** validateKeyToPath */
function validateItems(o: JsonObject, path: string): FieldError[] {
  const errs: FieldError[] = [];
  getObjects(o, 'items').forEach((item, i) => {
    const p = index(child(path, 'items'), i);
    if (!str(item, 'key')) errs.push(required(child(p, 'key')));
    errs.push(...validateLocalNonReservedPath(str(item, 'path'), child(p, 'path')));
    errs.push(...validateMode(item, 'mode', p));
  });
  return errs;
}

function validateLocalNonReservedPath(target: string, path: string): FieldError[] {
  if (!target) return [required(path)];
  const errs = validateLocalDescendingPath(target, path);
  if (target.length > 1 && target.startsWith('..')) errs.push(invalid(path, target, "must not start with '..'"));
  return errs;
}

function validateDownwardAPIItems(o: JsonObject, path: string): FieldError[] {
  const errs: FieldError[] = [];
  getObjects(o, 'items').forEach((item, i) => {
    const p = index(child(path, 'items'), i);
    errs.push(...validateLocalNonReservedPath(str(item, 'path'), child(p, 'path')));
    errs.push(...validateMode(item, 'mode', p));
    const refs = ['fieldRef', 'resourceFieldRef'].filter((r) => getObject(item, r));
    if (refs.length > 1) errs.push(invalid(p, 'resource', 'fieldRef and resourceFieldRef can not be specified simultaneously'));
    if (refs.length === 0) errs.push(required(p, 'one of fieldRef and resourceFieldRef is required'));
  });
  return errs;
}

function validateProjected(src: JsonObject, path: string): FieldError[] {
  const errs = validateMode(src, 'defaultMode', path);
  getObjects(src, 'sources').forEach((source, i) => {
    const p = index(child(path, 'sources'), i);
    const kinds = ['secret', 'downwardAPI', 'configMap', 'serviceAccountToken', 'clusterTrustBundle'].filter((k) => getObject(source, k));
    if (kinds.length > 1) {
      for (const k of kinds.slice(1)) errs.push(forbidden(child(p, k), 'may not specify more than 1 volume type per source'));
    }
    const token = getObject(source, 'serviceAccountToken');
    if (token && !str(token, 'path')) errs.push(required(child(p, 'serviceAccountToken', 'path')));
  });
  return errs;
}

function validateSource(type: (typeof VOLUME_TYPES)[number], src: JsonObject, path: string): FieldError[] {
  switch (type) {
    case 'emptyDir': {
      const limit = quantityOf(src['sizeLimit']);
      return limit && limit.nanos < 0n ? [forbidden(child(path, 'sizeLimit'), 'SizeLimit field must be a valid resource quantity')] : [];
    }
    case 'hostPath': {
      if (!str(src, 'path')) return [required(child(path, 'path'))];
      const errs = str(src, 'path').split('/').includes('..') ? [invalid(child(path, 'path'), str(src, 'path'), "must not contain '..'")] : [];
      const t = src['type'];
      if (typeof t === 'string' && !HOST_PATH_TYPES.includes(t)) errs.push(notSupported(child(path, 'type'), t, HOST_PATH_TYPES));
      return errs;
    }
    case 'secret':
      return [...(str(src, 'secretName') ? [] : [required(child(path, 'secretName'))]), ...validateMode(src, 'defaultMode', path), ...validateItems(src, path)];
    case 'configMap':
      return [...(str(src, 'name') ? [] : [required(child(path, 'name'))]), ...validateMode(src, 'defaultMode', path), ...validateItems(src, path)];
    case 'persistentVolumeClaim':
      return str(src, 'claimName') ? [] : [required(child(path, 'claimName'))];
    case 'nfs': {
      const errs = str(src, 'server') ? [] : [required(child(path, 'server'))];
      if (!str(src, 'path')) errs.push(required(child(path, 'path')));
      else if (!str(src, 'path').startsWith('/')) errs.push(invalid(child(path, 'path'), str(src, 'path'), 'must be an absolute path'));
      return errs;
    }
    case 'downwardAPI':
      return [...validateMode(src, 'defaultMode', path), ...validateDownwardAPIItems(src, path)];
    case 'projected':
      return validateProjected(src, path);
    case 'csi':
      return str(src, 'driver') ? [] : [required(child(path, 'driver'))];
    default:
      return [];
  }
}

function validateVolumeSource(vol: JsonObject, path: string): FieldError[] {
  const errs: FieldError[] = [];
  let count = 0;
  for (const type of VOLUME_TYPES) {
    const src = getObject(vol, type);
    if (!src) continue;
    if (count > 0) errs.push(forbidden(child(path, type), 'may not specify more than 1 volume type'));
    else errs.push(...validateSource(type, src, child(path, type)));
    count++;
  }
  if (count === 0) errs.push(required(path, 'must specify a volume type'));
  return errs;
}

/** ValidateVolumes: returns the names of the valid volumes, which mounts may reference */
export function validateVolumes(spec: JsonObject, path: string): { names: Set<string>; errs: FieldError[] } {
  const names = new Set<string>();
  const errs: FieldError[] = [];
  getObjects(spec, 'volumes').forEach((vol, i) => {
    const p = index(path, i);
    const name = str(vol, 'name');
    const el = validateVolumeSource(vol, p);
    if (!name) el.push(required(child(p, 'name')));
    else el.push(...validateDNS1123Label(name, child(p, 'name')));
    if (names.has(name)) el.push(duplicate(child(p, 'name'), name));
    if (el.length === 0) names.add(name);
    else errs.push(...el);
  });
  return { names, errs };
}
