// ValidatePodSpec and ValidatePodTemplateSpec (core validation.go), in the
// order the Go code appends errors so aggregated messages list them the same way.
import type { FieldError } from '../resources/types.js';
import { validateContainers, validateDNS1123Label, validateInitContainers } from './containers.js';
import { child, forbidden, index, invalid, notSupported, required } from './field-errors.js';
import { goToleration } from './go-value.js';
import { asObject, getBool, getNumber, getObject, getObjects, getString, getStrings, str } from './json.js';
import type { JsonObject } from './json.js';
import { validateAnnotations, validateLabelName, validateLabels } from './meta.js';
import { inclusiveRangeError, isValidIP, isValidLabelValue, nameIsDNSSubdomain } from './names.js';
import { validateVolumes } from './volumes.js';

const MAX_INT32 = 2147483647;
const RESTART_POLICIES = ['Always', 'OnFailure', 'Never'];
const DNS_POLICIES = ['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None'];
const TAINT_EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];
const PREEMPTION_POLICIES = ['PreemptLowerPriority', 'Never'];

function validateEnum(value: string, path: string, supported: string[]): FieldError[] {
  if (!value) return [required(path)];
  return supported.includes(value) ? [] : [notSupported(path, value, supported)];
}

export function validateTaintEffect(effect: string, allowEmpty: boolean, path: string): FieldError[] {
  if (!effect) return allowEmpty ? [] : [required(path)];
  return TAINT_EFFECTS.includes(effect) ? [] : [notSupported(path, effect, TAINT_EFFECTS)];
}

/** ValidateTolerations */
export function validateTolerations(list: JsonObject[], path: string): FieldError[] {
  const errs: FieldError[] = [];
  list.forEach((t, i) => {
    const p = index(path, i);
    const keyName = str(t, 'key');
    const op = str(t, 'operator');
    const effect = str(t, 'effect');
    if (keyName) errs.push(...validateLabelName(keyName, child(p, 'key')));
    if (!keyName && op !== 'Exists') {
      errs.push(invalid(child(p, 'operator'), op, 'operator must be Exists when `key` is empty, which means "match all values and all keys"'));
    }
    if (getNumber(t, 'tolerationSeconds') !== undefined && effect !== 'NoExecute') {
      errs.push(invalid(child(p, 'effect'), effect, "effect must be 'NoExecute' when `tolerationSeconds` is set"));
    }
    if (op === 'Equal' || op === '') {
      const msgs = isValidLabelValue(str(t, 'value'));
      if (msgs.length) errs.push(invalid(child(p, 'operator'), str(t, 'value'), msgs.join(';')));
    } else if (op === 'Exists') {
      if (str(t, 'value')) errs.push(invalid(child(p, 'operator'), goToleration(t), "value must be empty when `operator` is 'Exists'"));
    } else {
      errs.push(notSupported(child(p, 'operator'), op, ['Equal', 'Exists']));
    }
    errs.push(...validateTaintEffect(effect, true, child(p, 'effect')));
  });
  return errs;
}

function validateDNSConfig(spec: JsonObject, path: string): FieldError[] {
  const cfg = getObject(spec, 'dnsConfig');
  const nameservers = getStrings(cfg, 'nameservers');
  if (str(spec, 'dnsPolicy') === 'None') {
    if (!cfg) return [required(path, 'must provide `dnsConfig` when `dnsPolicy` is None')];
    if (nameservers.length === 0) return [required(child(path, 'nameservers'), 'must provide at least one DNS nameserver when `dnsPolicy` is None')];
  }
  const errs: FieldError[] = [];
  nameservers.forEach((ns, i) => errs.push(...isValidIP(ns).map((m) => invalid(index(child(path, 'nameservers'), i), ns, m))));
  return errs;
}

function validateSecurityContext(spec: JsonObject, path: string): FieldError[] {
  const sc = getObject(spec, 'securityContext');
  if (!sc) return [];
  const errs: FieldError[] = [];
  for (const f of ['runAsUser', 'runAsGroup', 'fsGroup']) {
    const v = getNumber(sc, f);
    if (v !== undefined && (v < 0 || v > 0xffffffff)) errs.push(invalid(child(path, f), v, inclusiveRangeError(0, 4294967295)));
  }
  if (getBool(sc, 'shareProcessNamespace') === true && getBool(spec, 'hostPID') === true) {
    errs.push(invalid(child(path, 'shareProcessNamespace'), true, 'ShareProcessNamespace and HostPID cannot both be enabled'));
  }
  return errs;
}

/** validatePodHostNetworkDeps: with hostNetwork, hostPort must equal containerPort */
function validateHostNetworkDeps(spec: JsonObject, path: string, isPod: boolean): FieldError[] {
  if (getBool(spec, 'hostNetwork') !== true) return [];
  const errs: FieldError[] = [];
  getObjects(spec, 'containers').forEach((c, ci) => {
    getObjects(c, 'ports').forEach((port, pi) => {
      const hp = getNumber(port, 'hostPort') ?? 0;
      const cp = getNumber(port, 'containerPort') ?? 0;
      if ((isPod || hp !== 0) && hp !== cp) {
        const p = child(index(child(index(child(path, 'containers'), ci), 'ports'), pi), 'hostPort');
        errs.push(invalid(p, hp, 'must match `containerPort` when `hostNetwork` is true'));
      }
    });
  });
  return errs;
}

function validateNames(spec: JsonObject, path: string): FieldError[] {
  const errs: FieldError[] = [];
  for (const f of ['serviceAccountName', 'nodeName', 'priorityClassName']) {
    const v = str(spec, f);
    if (v) errs.push(...nameIsDNSSubdomain(v, false).map((m) => invalid(child(path, f), v, m)));
  }
  const deadline = getNumber(spec, 'activeDeadlineSeconds');
  if (deadline !== undefined && (deadline < 1 || deadline > MAX_INT32)) {
    errs.push(invalid(child(path, 'activeDeadlineSeconds'), deadline, inclusiveRangeError(1, MAX_INT32)));
  }
  for (const f of ['hostname', 'subdomain']) {
    const v = str(spec, f);
    if (v) errs.push(...validateDNS1123Label(v, child(path, f)));
  }
  return errs;
}

/** ValidatePodSpec; isPod selects the rules that apply to Pods but not to templates */
export function validatePodSpec(specValue: unknown, path: string, isPod: boolean): FieldError[] {
  const spec = asObject(specValue) ?? {};
  const vols = validateVolumes(spec, child(path, 'volumes'));
  const errs = [...vols.errs];
  errs.push(...validateContainers(spec, vols.names, child(path, 'containers')));
  errs.push(...validateInitContainers(spec, vols.names, child(path, 'initContainers')));
  errs.push(...validateHostNetworkDeps(spec, path, isPod));
  errs.push(...validateEnum(str(spec, 'restartPolicy'), child(path, 'restartPolicy'), RESTART_POLICIES));
  errs.push(...validateEnum(str(spec, 'dnsPolicy'), child(path, 'dnsPolicy'), DNS_POLICIES));
  errs.push(...validateLabels(spec['nodeSelector'], child(path, 'nodeSelector')));
  errs.push(...validateSecurityContext(spec, child(path, 'securityContext')));
  errs.push(...validateDNSConfig(spec, child(path, 'dnsConfig')));
  errs.push(...validateNames(spec, path));
  const tolerations = getObjects(spec, 'tolerations');
  if (tolerations.length) errs.push(...validateTolerations(tolerations, child(path, 'tolerations')));
  const preemption = getString(spec, 'preemptionPolicy');
  if (preemption !== undefined) errs.push(...validateEnum(preemption, child(path, 'preemptionPolicy'), PREEMPTION_POLICIES));
  return errs;
}

/** ValidatePodTemplateSpec: note the labels path is <template>.labels, not .metadata.labels */
export function validatePodTemplateSpec(templateValue: unknown, path: string): FieldError[] {
  const template = asObject(templateValue) ?? {};
  const meta = getObject(template, 'metadata') ?? {};
  const errs = validateLabels(meta['labels'], child(path, 'labels'));
  errs.push(...validateAnnotations(meta['annotations'], child(path, 'annotations')));
  const spec = getObject(template, 'spec') ?? {};
  errs.push(...validatePodSpec(spec, child(path, 'spec'), false));
  if (getObjects(spec, 'ephemeralContainers').length) {
    errs.push(forbidden(child(path, 'spec', 'ephemeralContainers'), 'ephemeral containers not allowed in pod template'));
  }
  return errs;
}
