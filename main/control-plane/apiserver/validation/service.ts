// Service validation (core validation.go ValidateService, validateServicePort,
// ValidateServiceClusterIPsRelatedFields, ValidateServiceUpdate) plus the node
// port range check the service allocator runs before validation.
import type { KubeObject } from '../../../common/kube-types.js';
import type { FieldError } from '../resources/types.js';
import { validatePortNumOrName } from './container-fields.js';
import { SUPPORTED_PORT_PROTOCOLS, validateDNS1123Label } from './containers.js';
import { child, duplicate, forbidden, index, invalid, notSupported, required } from './field-errors.js';
import { goRaw, goServicePortKey, goStringSlice } from './go-value.js';
import { asObject, getArray, getNumber, getObject, getObjects, getString, getStrings, str } from './json.js';
import type { JsonObject } from './json.js';
import { validateLabels, validateObjectMeta, validateObjectMetaUpdate } from './meta.js';
import { isDNS1123Subdomain, isValidIP, isValidPortNum, nameIsDNS1035Label } from './names.js';

/** kube-apiserver's default --service-node-port-range */
export const NODE_PORT_RANGE = { min: 30000, max: 32767 };
const KUBELET_PORT = 10250;
const SERVICE_TYPES = ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort'];
const SESSION_AFFINITIES = ['ClientIP', 'None'];
const IP_FAMILIES = ['IPv4', 'IPv6'];
const IP_FAMILY_POLICIES = ['PreferDualStack', 'RequireDualStack', 'SingleStack'];
const TRAFFIC_POLICIES = ['Cluster', 'Local'];

function specOf(svc: KubeObject): JsonObject {
  return asObject(svc['spec']) ?? {};
}

function isHeadless(spec: JsonObject): boolean {
  const ips = getStrings(spec, 'clusterIPs');
  return ips.length === 1 && ips[0] === 'None';
}

function externallyAccessible(spec: JsonObject): boolean {
  const type = str(spec, 'type');
  return type === 'LoadBalancer' || type === 'NodePort' || (type === 'ClusterIP' && getStrings(spec, 'externalIPs').length > 0);
}

/**
 * The allocator runs before validation (genericregistry BeginCreate), so a node
 * port outside the range fails alone with its own message.
 */
export function checkNodePortRange(svc: KubeObject, range = NODE_PORT_RANGE): FieldError[] {
  const spec = specOf(svc);
  const type = str(spec, 'type');
  if (type !== 'NodePort' && type !== 'LoadBalancer') return [];
  for (const [i, port] of getObjects(spec, 'ports').entries()) {
    const np = getNumber(port, 'nodePort') ?? 0;
    if (np !== 0 && (np < range.min || np > range.max)) {
      const detail = `provided port is not in the valid range. The range of valid ports is ${range.min}-${range.max}`;
      return [invalid(child(index('spec.ports', i), 'nodePort'), np, detail)];
    }
  }
  return [];
}

function validateServicePort(port: JsonObject, requireName: boolean, names: Set<string>, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const name = str(port, 'name');
  if (requireName && !name) errs.push(required(child(path, 'name')));
  else if (name) {
    errs.push(...validateDNS1123Label(name, child(path, 'name')));
    if (names.has(name)) errs.push(duplicate(child(path, 'name'), name));
    else names.add(name);
  }
  const p = getNumber(port, 'port') ?? 0;
  errs.push(...isValidPortNum(p).map((m) => invalid(child(path, 'port'), p, m)));
  const protocol = str(port, 'protocol');
  if (!protocol) errs.push(required(child(path, 'protocol')));
  else if (!SUPPORTED_PORT_PROTOCOLS.includes(protocol)) errs.push(notSupported(child(path, 'protocol'), protocol, SUPPORTED_PORT_PROTOCOLS));
  errs.push(...validatePortNumOrName(port['targetPort'], child(path, 'targetPort')));
  return errs;
}

function validateTypeSpecific(spec: JsonObject): FieldError[] {
  const errs: FieldError[] = [];
  switch (str(spec, 'type')) {
    case 'LoadBalancer':
      if (isHeadless(spec)) errs.push(invalid('spec.clusterIPs[0]', 'None', "may not be set to 'None' for LoadBalancer services"));
      getObjects(spec, 'ports').forEach((port, i) => {
        if (getNumber(port, 'port') === KUBELET_PORT) {
          errs.push(invalid(index('spec.ports', i), KUBELET_PORT, `may not expose port ${KUBELET_PORT} externally since it is used by kubelet`));
        }
      });
      if (isHeadless(spec)) errs.push(invalid('spec.clusterIP', str(spec, 'clusterIP'), "may not be set to 'None' for LoadBalancer services"));
      break;
    case 'NodePort':
      if (isHeadless(spec)) errs.push(invalid('spec.clusterIP', str(spec, 'clusterIP'), "may not be set to 'None' for NodePort services"));
      break;
    case 'ExternalName': {
      if (getStrings(spec, 'clusterIPs').length) errs.push(forbidden('spec.clusterIPs', 'may not be set for ExternalName services'));
      if (getStrings(spec, 'ipFamilies').length) errs.push(forbidden('spec.ipFamilies', 'may not be set for ExternalName services'));
      if (getString(spec, 'ipFamilyPolicy') !== undefined) errs.push(forbidden('spec.ipFamilyPolicy', 'may not be set for ExternalName services'));
      // a trailing dot marks the CNAME as fully qualified
      const cname = str(spec, 'externalName').replace(/\.$/, '');
      if (cname) errs.push(...isDNS1123Subdomain(cname).map((m) => invalid('spec.externalName', cname, m)));
      else errs.push(required('spec.externalName'));
      break;
    }
  }
  return errs;
}

function validateSessionAffinity(spec: JsonObject): FieldError[] {
  const affinity = str(spec, 'sessionAffinity');
  const cfgPath = 'spec.sessionAffinityConfig';
  if (!affinity) return [required('spec.sessionAffinity')];
  if (!SESSION_AFFINITIES.includes(affinity)) return [notSupported('spec.sessionAffinity', affinity, SESSION_AFFINITIES)];
  const cfg = getObject(spec, 'sessionAffinityConfig');
  if (affinity === 'None') return cfg ? [forbidden(cfgPath, 'must not be set when session affinity is None')] : [];
  if (!cfg) return [required(cfgPath, 'when session affinity type is ClientIP')];
  const clientIP = getObject(cfg, 'clientIP');
  if (!clientIP) return [required(child(cfgPath, 'clientIP'), 'when session affinity type is ClientIP')];
  const timeout = getNumber(clientIP, 'timeoutSeconds');
  const tPath = child(cfgPath, 'clientIP', 'timeoutSeconds');
  if (timeout === undefined) return [required(tPath, 'when session affinity type is ClientIP')];
  return timeout <= 0 || timeout > 86400 ? [invalid(tPath, timeout, 'must be greater than 0 and less than 86400')] : [];
}

/** ValidateServiceClusterIPsRelatedFields */
function validateClusterIPs(spec: JsonObject): FieldError[] {
  if (str(spec, 'type') === 'ExternalName') return [];
  const errs: FieldError[] = [];
  const clusterIP = str(spec, 'clusterIP');
  const ips = getStrings(spec, 'clusterIPs');
  const ipsValue = goStringSlice(getArray(spec, 'clusterIPs'));
  if (clusterIP) {
    if (ips.length === 0) errs.push(required('spec.clusterIPs'));
    else if (ips[0] !== clusterIP) errs.push(invalid('spec.clusterIPs', ipsValue, 'first value must match `clusterIP`'));
  } else if (ips.length) {
    errs.push(invalid('spec.clusterIPs', ipsValue, 'must be empty when `clusterIP` is not specified'));
  }
  const seen = new Set<string>();
  getStrings(spec, 'ipFamilies').forEach((f, i) => {
    if (!IP_FAMILIES.includes(f)) errs.push(notSupported(index('spec.ipFamilies', i), f, IP_FAMILIES));
    if (seen.has(f)) errs.push(duplicate(index('spec.ipFamilies', i), f));
    seen.add(f);
  });
  const policy = getString(spec, 'ipFamilyPolicy');
  if (policy !== undefined && !IP_FAMILY_POLICIES.includes(policy)) errs.push(notSupported('spec.ipFamilyPolicy', policy, IP_FAMILY_POLICIES));
  ips.forEach((ip, i) => {
    if (i === 0 && ip === 'None') {
      if (ips.length > 1) errs.push(invalid('spec.clusterIPs', ipsValue, "'None' must be the first and only value"));
      return;
    }
    errs.push(...isValidIP(ip).map((m) => invalid(index('spec.clusterIPs', i), ip, m)));
  });
  if (ips.length > 2) errs.push(invalid('spec.clusterIPs', ipsValue, 'may only hold up to 2 values'));
  return errs;
}

function validatePortsUniqueness(spec: JsonObject): FieldError[] {
  const errs: FieldError[] = [];
  const ports = getObjects(spec, 'ports');
  if (str(spec, 'type') === 'ClusterIP') {
    ports.forEach((p, i) => {
      if (getNumber(p, 'nodePort')) errs.push(forbidden(child(index('spec.ports', i), 'nodePort'), "may not be used when `type` is 'ClusterIP'"));
    });
  }
  const nodePorts = new Set<string>();
  ports.forEach((p, i) => {
    const np = getNumber(p, 'nodePort') ?? 0;
    if (np === 0) return;
    const k = `${str(p, 'protocol')}/${np}`;
    if (nodePorts.has(k)) errs.push(duplicate(child(index('spec.ports', i), 'nodePort'), np));
    nodePorts.add(k);
  });
  const seen = new Set<string>();
  ports.forEach((p, i) => {
    const k = `${str(p, 'protocol')}/${getNumber(p, 'port') ?? 0}`;
    if (seen.has(k)) errs.push(duplicate(index('spec.ports', i), goServicePortKey(str(p, 'protocol'), getNumber(p, 'port') ?? 0)));
    seen.add(k);
  });
  return errs;
}

function validateTrafficPolicies(spec: JsonObject): FieldError[] {
  const errs: FieldError[] = [];
  const etp = str(spec, 'externalTrafficPolicy');
  if (!externallyAccessible(spec)) {
    if (etp) errs.push(invalid('spec.externalTrafficPolicy', etp, 'may only be set for externally-accessible services'));
  } else if (!etp) errs.push(required('spec.externalTrafficPolicy'));
  else if (!TRAFFIC_POLICIES.includes(etp)) errs.push(notSupported('spec.externalTrafficPolicy', etp, TRAFFIC_POLICIES));
  const hc = getNumber(spec, 'healthCheckNodePort') ?? 0;
  const needsHealthCheck = str(spec, 'type') === 'LoadBalancer' && etp === 'Local';
  if (!needsHealthCheck && hc !== 0) {
    errs.push(invalid('spec.healthCheckNodePort', hc, "may only be set when `type` is 'LoadBalancer' and `externalTrafficPolicy` is 'Local'"));
  }
  const itp = getString(spec, 'internalTrafficPolicy');
  const type = str(spec, 'type');
  if (itp === undefined && (type === 'NodePort' || type === 'LoadBalancer' || type === 'ClusterIP')) errs.push(required('spec.internalTrafficPolicy'));
  if (itp !== undefined && !TRAFFIC_POLICIES.includes(itp)) errs.push(notSupported('spec.internalTrafficPolicy', itp, TRAFFIC_POLICIES));
  return errs;
}

function validateServiceSpec(spec: JsonObject): FieldError[] {
  const errs: FieldError[] = [];
  const ports = getObjects(spec, 'ports');
  if (ports.length === 0 && !isHeadless(spec) && str(spec, 'type') !== 'ExternalName') errs.push(required('spec.ports'));
  errs.push(...validateTypeSpecific(spec));
  const names = new Set<string>();
  ports.forEach((p, i) => errs.push(...validateServicePort(p, ports.length > 1, names, index('spec.ports', i))));
  if (spec['selector'] !== undefined) errs.push(...validateLabels(spec['selector'], 'spec.selector'));
  errs.push(...validateSessionAffinity(spec), ...validateClusterIPs(spec));
  getStrings(spec, 'externalIPs').forEach((ip, i) => errs.push(...isValidIP(ip).map((m) => invalid(index('spec.externalIPs', i), ip, m))));
  const type = str(spec, 'type');
  if (!type) errs.push(required('spec.type'));
  else if (!SERVICE_TYPES.includes(type)) errs.push(notSupported('spec.type', type, SERVICE_TYPES));
  return errs.concat(validatePortsUniqueness(spec), validateTrafficPolicies(spec));
}

/** ValidateService; a node port out of range short-circuits as the allocator does */
export function validateService(svc: KubeObject): FieldError[] {
  const alloc = checkNodePortRange(svc);
  if (alloc.length) return alloc;
  return [...validateObjectMeta(svc.metadata, true, nameIsDNS1035Label), ...validateServiceSpec(specOf(svc))];
}

/** validateUpgradeDowngradeClusterIPs: the primary cluster IP never changes */
function validateClusterIPsUpdate(spec: JsonObject, oldSpec: JsonObject): FieldError[] {
  if (str(spec, 'type') === 'ExternalName' || str(oldSpec, 'type') === 'ExternalName') return [];
  if (isHeadless(spec) && isHeadless(oldSpec)) return [];
  const next = getStrings(spec, 'clusterIPs');
  const prev = getStrings(oldSpec, 'clusterIPs');
  const value = goStringSlice(getArray(spec, 'clusterIPs'));
  const errs: FieldError[] = [];
  if (prev.length === next.length) {
    prev.forEach((ip, i) => {
      if (ip !== next[i]) errs.push(invalid(index('spec.clusterIPs', i), value, 'may not change once set'));
    });
  } else if (prev.length > next.length) {
    if (next.length === 0) errs.push(invalid('spec.clusterIPs[0]', value, 'primary clusterIP can not be unset'));
    if (prev.length > 0 && next.length > 0 && next[0] !== prev[0]) errs.push(invalid('spec.clusterIPs[0]', value, 'may not change once set'));
    if (next.length === 1 && getString(spec, 'ipFamilyPolicy') !== 'SingleStack') {
      errs.push(invalid('spec.clusterIPs[0]', value, "`ipFamilyPolicy` must be set to 'SingleStack' when releasing the secondary clusterIP"));
    }
  } else if (prev.length > 0 && next[0] !== prev[0]) {
    errs.push(invalid('spec.clusterIPs[0]', value, 'may not change once set'));
  }
  return errs;
}

/** validateUpgradeDowngradeIPFamilies: the primary family never changes */
function validateIPFamiliesUpdate(spec: JsonObject, oldSpec: JsonObject): FieldError[] {
  if (str(spec, 'type') === 'ExternalName' || str(oldSpec, 'type') === 'ExternalName') return [];
  const next = getStrings(spec, 'ipFamilies');
  const prev = getStrings(oldSpec, 'ipFamilies');
  if (prev.length > 0 && next.length > 0 && prev[0] !== next[0]) {
    const value = goRaw(goStringSlice(next).go.replace('[]string', '[]core.IPFamily'));
    return [invalid('spec.ipFamilies[0]', value, 'may not change once set')];
  }
  return [];
}

export function validateServiceUpdate(svc: KubeObject, old: KubeObject): FieldError[] {
  const errs = validateObjectMetaUpdate(svc.metadata, old.metadata);
  errs.push(...validateClusterIPsUpdate(specOf(svc), specOf(old)), ...validateIPFamiliesUpdate(specOf(svc), specOf(old)));
  return errs.concat(validateServiceSpecOnly(svc));
}

function validateServiceSpecOnly(svc: KubeObject): FieldError[] {
  return [...validateObjectMeta(svc.metadata, true, nameIsDNS1035Label), ...validateServiceSpec(specOf(svc))];
}
