// Namespace, Node and Endpoints (core validation.go ValidateNamespace,
// ValidateNode, ValidateEndpoints and their update forms).
import type { KubeObject } from '../../../common/kube-types.js';
import type { FieldError } from '../resources/types.js';
import { SUPPORTED_PORT_PROTOCOLS, validateDNS1123Label } from './containers.js';
import { child, duplicate, forbidden, index, invalid, notSupported, required } from './field-errors.js';
import { goRaw, goQuote } from './go-value.js';
import { asObject, getNumber, getObject, getObjects, getString, getStrings, sortedKeys, str } from './json.js';
import type { JsonObject } from './json.js';
import { validateKubeFinalizerName, validateLabelName, validateObjectMeta, validateObjectMetaUpdate } from './meta.js';
import { isDNS1123Subdomain, isQualifiedName, isValidIP, isValidLabelValue, isValidPortNum, nameIsDNSLabel, nameIsDNSSubdomain } from './names.js';
import { validateTaintEffect } from './pod-spec.js';
import { quantityOf, formatQuantity } from '../../../common/quantity.js';

function specOf(obj: KubeObject): JsonObject {
  return asObject(obj['spec']) ?? {};
}

export function validateNamespace(ns: KubeObject): FieldError[] {
  const errs = validateObjectMeta(ns.metadata, false, nameIsDNSLabel);
  for (const f of getStrings(specOf(ns), 'finalizers')) {
    errs.push(...isQualifiedName(f).map((m) => invalid('spec.finalizers', f, m)));
    errs.push(...validateKubeFinalizerName(f, 'spec.finalizers'));
  }
  return errs;
}

/** spec.finalizers and status only change through /finalize and /status, which the strategy enforces */
export function validateNamespaceUpdate(ns: KubeObject, old: KubeObject): FieldError[] {
  return validateObjectMetaUpdate(ns.metadata, old.metadata);
}

function validateTaints(spec: JsonObject): FieldError[] {
  const errs: FieldError[] = [];
  const seen = new Map<string, Set<string>>();
  // kube reports node taint problems under metadata.taints (its fldPath quirk)
  getObjects(spec, 'taints').forEach((taint, i) => {
    const p = index('metadata.taints', i);
    const keyName = str(taint, 'key');
    const effect = str(taint, 'effect');
    errs.push(...validateLabelName(keyName, child(p, 'key')));
    const valueErrs = isValidLabelValue(str(taint, 'value'));
    if (valueErrs.length) errs.push(invalid(child(p, 'value'), str(taint, 'value'), valueErrs.join(';')));
    errs.push(...validateTaintEffect(effect, false, child(p, 'effect')));
    const keys = seen.get(effect) ?? new Set<string>();
    if (keys.has(keyName)) {
      const go = `core.Taint{Key:${goQuote(keyName)}, Value:${goQuote(str(taint, 'value'))}, Effect:${goQuote(effect)}, TimeAdded:<nil>}`;
      const d = duplicate(p, goRaw(go));
      errs.push({ ...d, message: `${d.message}: taints must be unique by key and effect pair` });
      return;
    }
    keys.add(keyName);
    seen.set(effect, keys);
  });
  return errs;
}

function validateNodeResources(node: KubeObject): FieldError[] {
  const status = getObject(node, 'status');
  const errs: FieldError[] = [];
  for (const field of ['capacity', 'allocatable']) {
    const list = getObject(status, field);
    for (const name of sortedKeys(list)) {
      const q = quantityOf(list?.[name]);
      if (q && q.nanos < 0n) errs.push(invalid(child('status', field, name), formatQuantity(q), 'must be greater than or equal to 0'));
    }
  }
  return errs;
}

export function validateNode(node: KubeObject): FieldError[] {
  const errs = validateObjectMeta(node.metadata, false, nameIsDNSSubdomain);
  errs.push(...validateTaints(specOf(node)), ...validateNodeResources(node));
  return errs;
}

export function validateNodeUpdate(node: KubeObject, old: KubeObject): FieldError[] {
  const errs = validateObjectMetaUpdate(node.metadata, old.metadata);
  errs.push(...validateNodeResources(node));
  const oldCIDRs = getStrings(specOf(old), 'podCIDRs');
  const newCIDRs = getStrings(specOf(node), 'podCIDRs');
  if (oldCIDRs.length && (oldCIDRs.length !== newCIDRs.length || oldCIDRs.some((c, i) => c !== newCIDRs[i]))) {
    errs.push(forbidden('spec.podCIDRs', 'node updates may not change podCIDR except from "" to valid'));
  }
  const oldProvider = str(specOf(old), 'providerID');
  if (oldProvider && oldProvider !== str(specOf(node), 'providerID')) {
    errs.push(forbidden('spec.providerID', 'node updates may not change providerID except from "" to valid'));
  }
  return errs.concat(validateTaints(specOf(node)));
}

/** ValidateNonSpecialIP: endpoints may not point at unspecified, loopback or link-local addresses */
function validateNonSpecialIP(ip: string, path: string): FieldError[] {
  if (ip === '0.0.0.0' || ip === '::') return [invalid(path, ip, `may not be unspecified (${ip})`)];
  if (ip.startsWith('127.') || ip === '::1') return [invalid(path, ip, 'may not be in the loopback range (127.0.0.0/8, ::1/128)')];
  if (ip.startsWith('169.254.') || /^fe[89ab][0-9a-f]:/i.test(ip)) {
    return [invalid(path, ip, 'may not be in the link-local range (169.254.0.0/16, fe80::/10)')];
  }
  if (ip.startsWith('224.0.0.') || /^ff02:/i.test(ip)) {
    return [invalid(path, ip, 'may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)')];
  }
  return [];
}

function validateEndpointAddress(addr: JsonObject, path: string): FieldError[] {
  const ip = str(addr, 'ip');
  const ipErrs = isValidIP(ip).map((m) => invalid(child(path, 'ip'), ip, m));
  const errs = [...ipErrs];
  const hostname = str(addr, 'hostname');
  if (hostname) errs.push(...validateDNS1123Label(hostname, child(path, 'hostname')));
  const nodeName = getString(addr, 'nodeName');
  if (nodeName !== undefined) errs.push(...isDNS1123Subdomain(nodeName).map((m) => invalid(child(path, 'nodeName'), nodeName, m)));
  if (ipErrs.length) errs.push(invalid(child(path, 'ip'), ip, 'must be a valid IP address'));
  else errs.push(...validateNonSpecialIP(ip, child(path, 'ip')));
  return errs;
}

function validateEndpointPort(port: JsonObject, requireName: boolean, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const name = str(port, 'name');
  if (requireName && !name) errs.push(required(child(path, 'name')));
  else if (name) errs.push(...validateDNS1123Label(name, child(path, 'name')));
  const p = getNumber(port, 'port') ?? 0;
  errs.push(...isValidPortNum(p).map((m) => invalid(child(path, 'port'), p, m)));
  const protocol = str(port, 'protocol');
  if (!protocol) errs.push(required(child(path, 'protocol')));
  else if (!SUPPORTED_PORT_PROTOCOLS.includes(protocol)) errs.push(notSupported(child(path, 'protocol'), protocol, SUPPORTED_PORT_PROTOCOLS));
  return errs;
}

export function validateEndpoints(ep: KubeObject): FieldError[] {
  const errs = validateObjectMeta(ep.metadata, true, nameIsDNSSubdomain);
  getObjects(ep, 'subsets').forEach((ss, i) => {
    const p = index('subsets', i);
    const addresses = getObjects(ss, 'addresses');
    const notReady = getObjects(ss, 'notReadyAddresses');
    if (addresses.length === 0 && notReady.length === 0) errs.push(required(p, 'must specify `addresses` or `notReadyAddresses`'));
    addresses.forEach((a, ai) => errs.push(...validateEndpointAddress(a, index(child(p, 'addresses'), ai))));
    notReady.forEach((a, ai) => errs.push(...validateEndpointAddress(a, index(child(p, 'notReadyAddresses'), ai))));
    const ports = getObjects(ss, 'ports');
    ports.forEach((port, pi) => errs.push(...validateEndpointPort(port, ports.length > 1, index(child(p, 'ports'), pi))));
  });
  return errs;
}

export function validateEndpointsUpdate(ep: KubeObject, old: KubeObject): FieldError[] {
  return [...validateObjectMetaUpdate(ep.metadata, old.metadata), ...validateEndpoints(ep)];
}
