// Container lists of a PodSpec (core validation.go validateContainers,
// validateInitContainers, validateContainerCommon, validateContainerPorts,
// ValidateVolumeMounts, validateContainersOnlyForPod, ValidateContainerUpdates).
import type { FieldError } from '../resources/types.js';
import { validateEnv, validateLifecycle, validateProbe, validateResourceRequirements } from './container-fields.js';
import { child, duplicate, forbidden, index, invalid, notFound, notSupported, required } from './field-errors.js';
import { getNumber, getObject, getObjects, str } from './json.js';
import type { JsonObject } from './json.js';
import { isDNS1123Label, isValidPortName, isValidPortNum } from './names.js';

/** sets.List(supportedPortProtocols): sorted */
export const SUPPORTED_PORT_PROTOCOLS = ['SCTP', 'TCP', 'UDP'];

export function validateDNS1123Label(value: string, path: string): FieldError[] {
  return isDNS1123Label(value).map((msg) => invalid(path, value, msg));
}

function validateContainerPorts(container: JsonObject, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const names = new Set<string>();
  getObjects(container, 'ports').forEach((port, i) => {
    const p = index(path, i);
    const name = str(port, 'name');
    if (name) {
      const msgs = isValidPortName(name);
      if (msgs.length) errs.push(...msgs.map((m) => invalid(child(p, 'name'), name, m)));
      else if (names.has(name)) errs.push(duplicate(child(p, 'name'), name));
      else names.add(name);
    }
    const containerPort = getNumber(port, 'containerPort') ?? 0;
    if (containerPort === 0) errs.push(required(child(p, 'containerPort')));
    else errs.push(...isValidPortNum(containerPort).map((m) => invalid(child(p, 'containerPort'), containerPort, m)));
    const hostPort = getNumber(port, 'hostPort') ?? 0;
    if (hostPort !== 0) errs.push(...isValidPortNum(hostPort).map((m) => invalid(child(p, 'hostPort'), hostPort, m)));
    const protocol = str(port, 'protocol');
    if (!protocol) errs.push(required(child(p, 'protocol')));
    else if (!SUPPORTED_PORT_PROTOCOLS.includes(protocol)) errs.push(notSupported(child(p, 'protocol'), protocol, SUPPORTED_PORT_PROTOCOLS));
  });
  return errs;
}

function validateVolumeMounts(container: JsonObject, volumes: ReadonlySet<string>, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const mountPaths = new Set<string>();
  getObjects(container, 'volumeMounts').forEach((mnt, i) => {
    const p = index(path, i);
    const name = str(mnt, 'name');
    const mountPath = str(mnt, 'mountPath');
    if (!name) errs.push(required(child(p, 'name')));
    if (!volumes.has(name)) errs.push(notFound(child(p, 'name'), name));
    if (!mountPath) errs.push(required(child(p, 'mountPath')));
    if (mountPaths.has(mountPath)) errs.push(invalid(child(p, 'mountPath'), mountPath, 'must be unique'));
    mountPaths.add(mountPath);
    const subPath = str(mnt, 'subPath');
    // the Go code reports subPath problems at volumeMounts.subPath (no index), so do we
    if (subPath) errs.push(...validateLocalDescendingPath(subPath, child(path, 'subPath')));
  });
  return errs;
}

/** validateLocalDescendingPath: relative, without '..' elements */
export function validateLocalDescendingPath(target: string, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (target.startsWith('/')) errs.push(invalid(path, target, 'must be a relative path'));
  if (target.split('/').includes('..')) errs.push(invalid(path, target, "must not contain '..'"));
  return errs;
}

const PULL_POLICIES = ['Always', 'IfNotPresent', 'Never'];
const TERMINATION_MESSAGE_POLICIES = ['File', 'FallbackToLogsOnError'];

function validateContainerCommon(c: JsonObject, volumes: ReadonlySet<string>, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const name = str(c, 'name');
  if (!name) errs.push(required(child(path, 'name')));
  else errs.push(...validateDNS1123Label(name, child(path, 'name')));
  if (!str(c, 'image')) errs.push(required(child(path, 'image')));
  const tmp = str(c, 'terminationMessagePolicy');
  if (!tmp) errs.push(required(child(path, 'terminationMessagePolicy')));
  else if (!TERMINATION_MESSAGE_POLICIES.includes(tmp)) errs.push(notSupported(child(path, 'terminationMessagePolicy'), tmp, TERMINATION_MESSAGE_POLICIES));
  errs.push(...validateContainerPorts(c, child(path, 'ports')));
  errs.push(...validateEnv(c, path));
  errs.push(...validateVolumeMounts(c, volumes, child(path, 'volumeMounts')));
  const pull = str(c, 'imagePullPolicy');
  if (!pull) errs.push(required(child(path, 'imagePullPolicy')));
  else if (!PULL_POLICIES.includes(pull)) errs.push(notSupported(child(path, 'imagePullPolicy'), pull, PULL_POLICIES));
  errs.push(...validateResourceRequirements(c['resources'], child(path, 'resources')));
  return errs;
}

/** checkHostPortConflicts: the same hostIP/protocol/hostPort may be used once */
function checkHostPortConflicts(containers: JsonObject[], path: string): FieldError[] {
  const seen = new Set<string>();
  const errs: FieldError[] = [];
  containers.forEach((c, ci) => {
    getObjects(c, 'ports').forEach((port, pi) => {
      const hostPort = getNumber(port, 'hostPort') ?? 0;
      if (hostPort === 0) return;
      const k = `${str(port, 'hostIP')}/${str(port, 'protocol')}/${hostPort}`;
      if (seen.has(k)) errs.push(duplicate(child(index(child(index(path, ci), 'ports'), pi), 'hostPort'), k));
      else seen.add(k);
    });
  });
  return errs;
}

export function validateContainers(spec: JsonObject, volumes: ReadonlySet<string>, path: string): FieldError[] {
  const containers = getObjects(spec, 'containers');
  if (containers.length === 0) return [required(path)];
  const errs: FieldError[] = [];
  const names = new Set<string>();
  containers.forEach((c, i) => {
    const p = index(path, i);
    errs.push(...validateContainerCommon(c, volumes, p));
    const name = str(c, 'name');
    if (names.has(name)) errs.push(duplicate(child(p, 'name'), name));
    else names.add(name);
    errs.push(...validateLifecycle(c['lifecycle'], child(p, 'lifecycle')));
    errs.push(...validateProbe(c['livenessProbe'], 'liveness', child(p, 'livenessProbe')));
    errs.push(...validateProbe(c['readinessProbe'], 'readiness', child(p, 'readinessProbe')));
    errs.push(...validateProbe(c['startupProbe'], 'startup', child(p, 'startupProbe')));
    if (c['restartPolicy'] !== undefined) errs.push(forbidden(child(p, 'restartPolicy'), 'may not be set for non-init containers'));
  });
  return errs.concat(checkHostPortConflicts(containers, path));
}

const INIT_ONLY_FORBIDDEN = ['lifecycle', 'livenessProbe', 'readinessProbe', 'startupProbe'] as const;

export function validateInitContainers(spec: JsonObject, volumes: ReadonlySet<string>, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const names = new Set(getObjects(spec, 'containers').map((c) => str(c, 'name')));
  getObjects(spec, 'initContainers').forEach((c, i) => {
    const p = index(path, i);
    errs.push(...validateContainerCommon(c, volumes, p));
    const restartPolicy = c['restartPolicy'];
    if (restartPolicy !== undefined && restartPolicy !== 'Always') {
      errs.push(notSupported(child(p, 'restartPolicy'), typeof restartPolicy === 'string' ? restartPolicy : '', ['Always']));
    }
    const name = str(c, 'name');
    if (names.has(name)) errs.push(duplicate(child(p, 'name'), name));
    else if (name) names.add(name);
    // kube checks each init container alone, so the reported index is always [0]
    errs.push(...checkHostPortConflicts([c], path));
    if (restartPolicy === 'Always') {
      // restartable init containers (sidecars) may carry probes and lifecycle hooks
      errs.push(...validateLifecycle(c['lifecycle'], child(p, 'lifecycle')));
      errs.push(...validateProbe(c['livenessProbe'], 'liveness', child(p, 'livenessProbe')));
      errs.push(...validateProbe(c['readinessProbe'], 'readiness', child(p, 'readinessProbe')));
      errs.push(...validateProbe(c['startupProbe'], 'startup', child(p, 'startupProbe')));
    } else {
      for (const f of INIT_ONLY_FORBIDDEN) {
        if (getObject(c, f)) errs.push(forbidden(child(p, f), 'may not be set for init containers without restartPolicy=Always'));
      }
    }
  });
  return errs;
}

/** validateContainersOnlyForPod: a Pod (not a template) may not pad its image with spaces */
export function validateContainersOnlyForPod(containers: JsonObject[], path: string): FieldError[] {
  const errs: FieldError[] = [];
  containers.forEach((c, i) => {
    const image = str(c, 'image');
    if (image.trim() !== image) errs.push(invalid(child(index(path, i), 'image'), image, 'must not have leading or trailing whitespace'));
  });
  return errs;
}

/** ValidateContainerUpdates: returns stop=true when the container count changed */
export function validateContainerUpdates(newList: JsonObject[], oldList: JsonObject[], path: string): { errs: FieldError[]; stop: boolean } {
  if (newList.length !== oldList.length) return { errs: [forbidden(path, 'pod updates may not add or remove containers')], stop: true };
  const errs: FieldError[] = [];
  newList.forEach((c, i) => {
    const image = str(c, 'image');
    if (!image) errs.push(required(child(index(path, i), 'image')));
    if (image.trim() !== image) errs.push(invalid(child(index(path, i), 'image'), image, 'must not have leading or trailing whitespace'));
  });
  return { errs, stop: false };
}
