// Parts of a container that have their own rules in core validation.go:
// env (ValidateEnv, validateEnvVarValueFrom), probes and lifecycle handlers
// (validateProbe, validateHandler), and resource requirements
// (ValidateResourceRequirements, ValidateResourceQuantityValue).
import type { FieldError } from '../resources/types.js';
import { child, forbidden, index, invalid, IS_NEGATIVE_ERROR_MSG, key, notSupported, required, validateNonnegative } from './field-errors.js';
import { asObject, getNumber, getObject, getObjects, getStrings, sortedKeys, str } from './json.js';
import type { JsonObject } from './json.js';
import { isConfigMapKey, isHTTPHeaderName, isQualifiedName, isRelaxedEnvVarName, isValidPortName, isValidPortNum, nameIsDNSSubdomain } from './names.js';
import { compareQuantities, formatQuantity, quantityOf } from '../../../common/quantity.js';

/** ValidatePortNumOrName over an IntOrString */
export function validatePortNumOrName(port: unknown, path: string): FieldError[] {
  if (typeof port === 'number') return isValidPortNum(port).map((msg) => invalid(path, port, msg));
  if (typeof port === 'string') return isValidPortName(port).map((msg) => invalid(path, port, msg));
  return isValidPortNum(0).map((msg) => invalid(path, 0, msg));
}

const ENV_FIELD_PATHS = [
  'metadata.annotations',
  'metadata.labels',
  'metadata.name',
  'metadata.namespace',
  'metadata.uid',
  'spec.nodeName',
  'spec.serviceAccountName',
  'status.hostIP',
  'status.hostIPs',
  'status.podIP',
  'status.podIPs',
];

function validateKeySelector(sel: JsonObject, path: string): FieldError[] {
  const errs = nameIsDNSSubdomain(str(sel, 'name'), false).map((msg) => invalid(child(path, 'name'), str(sel, 'name'), msg));
  const k = str(sel, 'key');
  if (!k) errs.push(required(child(path, 'key')));
  else errs.push(...isConfigMapKey(k).map((msg) => invalid(child(path, 'key'), k, msg)));
  return errs;
}

function validateFieldRef(ref: JsonObject, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (!str(ref, 'apiVersion')) errs.push(required(child(path, 'apiVersion')));
  const fp = str(ref, 'fieldPath');
  if (!fp) return [...errs, required(child(path, 'fieldPath'))];
  // metadata.labels['x'] and metadata.annotations['x'] address one key
  const m = /^(metadata\.(?:labels|annotations))\['(.*)'\]$/.exec(fp);
  if (m?.[2] !== undefined) {
    errs.push(...isQualifiedName(m[2].toLowerCase()).map((msg) => invalid(child(path, 'fieldPath'), fp, msg)));
  } else if (!ENV_FIELD_PATHS.includes(fp) || fp === 'metadata.labels' || fp === 'metadata.annotations') {
    errs.push(notSupported(child(path, 'fieldPath'), fp, ENV_FIELD_PATHS));
  }
  return errs;
}

function validateValueFrom(ev: JsonObject, path: string): FieldError[] {
  const from = getObject(ev, 'valueFrom');
  if (!from) return [];
  const errs: FieldError[] = [];
  let sources = 0;
  const fieldRef = getObject(from, 'fieldRef');
  if (fieldRef) {
    sources++;
    errs.push(...validateFieldRef(fieldRef, child(path, 'fieldRef')));
  }
  if (getObject(from, 'resourceFieldRef')) sources++;
  for (const name of ['configMapKeyRef', 'secretKeyRef']) {
    const sel = getObject(from, name);
    if (sel) {
      sources++;
      errs.push(...validateKeySelector(sel, child(path, name)));
    }
  }
  if (sources === 0) errs.push(invalid(path, '', 'must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`'));
  else if (str(ev, 'value')) errs.push(invalid(path, '', 'may not be specified when `value` is not empty'));
  else if (sources > 1) errs.push(invalid(path, '', 'may not have more than one field specified at a time'));
  return errs;
}

/** env and envFrom of the container at containerPath */
export function validateEnv(container: JsonObject, containerPath: string): FieldError[] {
  const errs: FieldError[] = [];
  getObjects(container, 'env').forEach((ev, i) => {
    const p = index(child(containerPath, 'env'), i);
    const name = str(ev, 'name');
    if (!name) errs.push(required(child(p, 'name')));
    errs.push(...isRelaxedEnvVarName(name).map((msg) => invalid(child(p, 'name'), name, msg)));
    errs.push(...validateValueFrom(ev, child(p, 'valueFrom')));
  });
  getObjects(container, 'envFrom').forEach((src, i) => {
    const p = index(child(containerPath, 'envFrom'), i);
    const refs = ['configMapRef', 'secretRef'].filter((r) => getObject(src, r));
    if (refs.length === 0) errs.push(invalid(p, '', 'must specify one of: `configMapRef` or `secretRef`'));
    if (refs.length > 1) errs.push(invalid(p, '', 'may not have more than one field specified at a time'));
  });
  return errs;
}

const HANDLER_TYPES = ['exec', 'httpGet', 'tcpSocket', 'grpc', 'sleep'] as const;

function validateHandlerAction(type: (typeof HANDLER_TYPES)[number], action: JsonObject, path: string): FieldError[] {
  switch (type) {
    case 'exec':
      return getStrings(action, 'command').length ? [] : [required(child(path, 'command'))];
    case 'httpGet': {
      const errs: FieldError[] = [];
      if (!str(action, 'path')) errs.push(required(child(path, 'path')));
      errs.push(...validatePortNumOrName(action['port'], child(path, 'port')));
      const scheme = str(action, 'scheme');
      if (scheme !== 'HTTP' && scheme !== 'HTTPS') errs.push(notSupported(child(path, 'scheme'), scheme, ['HTTP', 'HTTPS']));
      for (const h of getObjects(action, 'httpHeaders')) {
        errs.push(...isHTTPHeaderName(str(h, 'name')).map((msg) => invalid(child(path, 'httpHeaders'), str(h, 'name'), msg)));
      }
      return errs;
    }
    case 'tcpSocket':
    case 'grpc':
      return validatePortNumOrName(action['port'], child(path, 'port'));
    case 'sleep':
      return [];
  }
}

/** validateHandler: exactly one handler type */
export function validateHandler(handler: JsonObject, path: string): FieldError[] {
  const errs: FieldError[] = [];
  let count = 0;
  for (const type of HANDLER_TYPES) {
    const action = getObject(handler, type);
    if (!action) continue;
    if (count > 0) errs.push(forbidden(child(path, type), 'may not specify more than 1 handler type'));
    else errs.push(...validateHandlerAction(type, action, child(path, type)));
    count++;
  }
  if (count === 0) errs.push(required(path, 'must specify a handler type'));
  return errs;
}

/** validateLivenessProbe / validateReadinessProbe / validateStartupProbe */
export function validateProbe(probeValue: unknown, kind: 'liveness' | 'readiness' | 'startup', path: string): FieldError[] {
  const probe = asObject(probeValue);
  if (!probe) return [];
  const errs = validateHandler(probe, path);
  for (const f of ['initialDelaySeconds', 'timeoutSeconds', 'periodSeconds', 'successThreshold', 'failureThreshold']) {
    errs.push(...validateNonnegative(getNumber(probe, f), child(path, f)));
  }
  const grace = getNumber(probe, 'terminationGracePeriodSeconds');
  if (grace !== undefined && grace <= 0) errs.push(invalid(child(path, 'terminationGracePeriodSeconds'), grace, 'must be greater than 0'));
  if (kind === 'readiness' && grace !== undefined) {
    errs.push(invalid(child(path, 'terminationGracePeriodSeconds'), grace, 'must not be set for readinessProbes'));
  }
  const success = getNumber(probe, 'successThreshold') ?? 0;
  if (kind !== 'readiness' && success !== 1) errs.push(invalid(child(path, 'successThreshold'), success, 'must be 1'));
  return errs;
}

export function validateLifecycle(lifecycleValue: unknown, path: string): FieldError[] {
  const lifecycle = asObject(lifecycleValue);
  if (!lifecycle) return [];
  const errs: FieldError[] = [];
  for (const hook of ['postStart', 'preStop']) {
    const h = getObject(lifecycle, hook);
    if (h) errs.push(...validateHandler(h, child(path, hook)));
  }
  return errs;
}

const STANDARD_CONTAINER_RESOURCES = new Set(['cpu', 'memory', 'ephemeral-storage']);
const STANDARD_RESOURCES = new Set([
  'cpu', 'memory', 'ephemeral-storage', 'storage', 'pods', 'services', 'replicationcontrollers', 'resourcequotas',
  'secrets', 'configmaps', 'persistentvolumeclaims', 'requests.cpu', 'requests.memory', 'requests.storage',
  'requests.ephemeral-storage', 'limits.cpu', 'limits.memory', 'limits.ephemeral-storage',
]);

const isHugePages = (name: string): boolean => name.startsWith('hugepages-');
/** cpu, memory and ephemeral storage may be overcommitted; extended resources may not */
const overcommitAllowed = (name: string): boolean => STANDARD_CONTAINER_RESOURCES.has(name) && !isHugePages(name);

/** validateContainerResourceName */
function validateResourceName(name: string, path: string): FieldError[] {
  const errs = isQualifiedName(name).map((msg) => invalid(path, name, msg));
  if (errs.length) return errs;
  if (!name.includes('/')) {
    if (!STANDARD_RESOURCES.has(name) && !isHugePages(name)) errs.push(invalid(path, name, 'must be a standard resource type or fully qualified'));
    if (!STANDARD_CONTAINER_RESOURCES.has(name) && !isHugePages(name)) errs.push(invalid(path, name, 'must be a standard resource for containers'));
  } else if (!name.includes('kubernetes.io/') && name.startsWith('requests.')) {
    errs.push(invalid(path, name, "doesn't follow extended resource name standard"));
  }
  return errs;
}

function validateQuantityValue(raw: unknown, path: string): FieldError[] {
  const q = quantityOf(raw);
  if (!q || q.nanos >= 0n) return [];
  return [invalid(path, formatQuantity(q), IS_NEGATIVE_ERROR_MSG)];
}

/** ValidateResourceRequirements for a container's `resources` */
export function validateResourceRequirements(resourcesValue: unknown, path: string): FieldError[] {
  const resources = asObject(resourcesValue) ?? {};
  const limits = getObject(resources, 'limits') ?? {};
  const requests = getObject(resources, 'requests') ?? {};
  const limPath = child(path, 'limits');
  const reqPath = child(path, 'requests');
  const errs: FieldError[] = [];
  for (const name of sortedKeys(limits)) {
    errs.push(...validateResourceName(name, key(limPath, name)), ...validateQuantityValue(limits[name], key(limPath, name)));
  }
  for (const name of sortedKeys(requests)) {
    errs.push(...validateResourceName(name, key(reqPath, name)), ...validateQuantityValue(requests[name], key(reqPath, name)));
    const req = quantityOf(requests[name]);
    const lim = name in limits ? quantityOf(limits[name]) : undefined;
    if (req && lim) {
      const cmp = compareQuantities(req, lim);
      if (cmp !== 0 && !overcommitAllowed(name)) {
        errs.push(invalid(reqPath, formatQuantity(req), `must be equal to ${name} limit of ${formatQuantity(lim)}`));
      } else if (cmp > 0) {
        errs.push(invalid(reqPath, formatQuantity(req), `must be less than or equal to ${name} limit of ${formatQuantity(lim)}`));
      }
    } else if (!(name in limits) && !overcommitAllowed(name)) {
      errs.push(required(limPath, 'Limit must be set for non overcommitable resources'));
    }
  }
  return errs;
}
