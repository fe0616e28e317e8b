// Service and Endpoints defaults (core/v1 SetDefaults_Service, _Endpoints), the
// single-stack IPv4 family fields the service allocator fills on create, and the
// strategy's update patching that lets `kubectl apply` omit the allocated values.
// Allocating the cluster IP and node ports themselves is the registry's job.
import type { KubeObject } from '../../../common/kube-types.js';
import { ensureObject, getArray, getNumber, getObject, getObjects, getString, isObject, str } from '../validation/json.js';
import type { JsonObject } from '../validation/json.js';

const DEFAULT_CLIENT_IP_TIMEOUT = 10800;

function specOf(obj: KubeObject): JsonObject {
  return ensureObject(obj, 'spec');
}

function externallyAccessible(spec: JsonObject): boolean {
  const type = str(spec, 'type');
  return type === 'LoadBalancer' || type === 'NodePort' || (type === 'ClusterIP' && (getArray(spec, 'externalIPs') ?? []).length > 0);
}

function defaultSessionAffinity(spec: JsonObject): void {
  if (!spec['sessionAffinity']) spec['sessionAffinity'] = 'None';
  if (spec['sessionAffinity'] === 'None') delete spec['sessionAffinityConfig'];
  if (spec['sessionAffinity'] === 'ClientIP') {
    const timeout = getNumber(getObject(getObject(spec, 'sessionAffinityConfig'), 'clientIP'), 'timeoutSeconds');
    if (timeout === undefined) spec['sessionAffinityConfig'] = { clientIP: { timeoutSeconds: DEFAULT_CLIENT_IP_TIMEOUT } };
  }
}

function defaultPorts(spec: JsonObject): void {
  for (const port of getObjects(spec, 'ports')) {
    if (!port['protocol']) port['protocol'] = 'TCP';
    const target = port['targetPort'];
    if (target === undefined || target === null || target === 0 || target === '') port['targetPort'] = port['port'];
  }
}

/** the families a single-stack IPv4 cluster assigns (registry/core/service/ipallocator) */
function defaultIPFamilies(spec: JsonObject): void {
  if (str(spec, 'type') === 'ExternalName') return;
  if (getString(spec, 'ipFamilyPolicy') === undefined) spec['ipFamilyPolicy'] = 'SingleStack';
  if ((getArray(spec, 'ipFamilies') ?? []).length === 0) spec['ipFamilies'] = ['IPv4'];
}

/** SetDefaults_Service, plus clusterIPs normalization and family fields from the create path */
export function defaultService(svc: KubeObject): void {
  const spec = specOf(svc);
  defaultSessionAffinity(spec);
  if (!spec['type']) spec['type'] = 'ClusterIP';
  defaultPorts(spec);
  if (externallyAccessible(spec) && !spec['externalTrafficPolicy']) spec['externalTrafficPolicy'] = 'Cluster';
  const type = str(spec, 'type');
  if (spec['internalTrafficPolicy'] === undefined && (type === 'NodePort' || type === 'LoadBalancer' || type === 'ClusterIP')) {
    spec['internalTrafficPolicy'] = 'Cluster';
  }
  if (type === 'LoadBalancer' && typeof spec['allocateLoadBalancerNodePorts'] !== 'boolean') spec['allocateLoadBalancerNodePorts'] = true;
  // normalizeClusterIPs on create: an old-style singular clusterIP seeds the plural field
  const clusterIP = str(spec, 'clusterIP');
  if (clusterIP && (getArray(spec, 'clusterIPs') ?? []).length === 0) spec['clusterIPs'] = [clusterIP];
  defaultIPFamilies(spec);
  const status = ensureObject(svc, 'status');
  const lb = ensureObject(status, 'loadBalancer');
  if (type === 'LoadBalancer') {
    for (const ing of getObjects(lb, 'ingress')) {
      if (str(ing, 'ip') && ing['ipMode'] === undefined) ing['ipMode'] = 'VIP';
    }
  }
}

function needsNodePort(spec: JsonObject | undefined): boolean {
  const type = str(spec, 'type');
  return type === 'NodePort' || type === 'LoadBalancer';
}

/** patchAllocatedValues/normalizeClusterIPs on update: keep what was allocated when the new body omits it */
export function prepareServiceForUpdate(svc: KubeObject, old: KubeObject): void {
  const spec = specOf(svc);
  const oldSpec = getObject(old, 'spec') ?? {};
  const bothNeedIP = str(spec, 'type') !== 'ExternalName' && str(oldSpec, 'type') !== 'ExternalName';
  if (bothNeedIP) {
    if (!str(spec, 'clusterIP') && str(oldSpec, 'clusterIP')) spec['clusterIP'] = oldSpec['clusterIP'];
    if ((getArray(spec, 'clusterIPs') ?? []).length === 0 && (getArray(oldSpec, 'clusterIPs') ?? []).length > 0) spec['clusterIPs'] = oldSpec['clusterIPs'];
    if (getString(spec, 'ipFamilyPolicy') === undefined && oldSpec['ipFamilyPolicy'] !== undefined) spec['ipFamilyPolicy'] = oldSpec['ipFamilyPolicy'];
    if ((getArray(spec, 'ipFamilies') ?? []).length === 0 && oldSpec['ipFamilies'] !== undefined) spec['ipFamilies'] = oldSpec['ipFamilies'];
  }
  if (needsNodePort(spec) && needsNodePort(oldSpec)) patchNodePorts(spec, oldSpec);
  if (!getNumber(spec, 'healthCheckNodePort') && getNumber(oldSpec, 'healthCheckNodePort')) {
    if (str(spec, 'type') === 'LoadBalancer' && str(spec, 'externalTrafficPolicy') === 'Local') spec['healthCheckNodePort'] = oldSpec['healthCheckNodePort'];
  }
  if (!isObject(svc['status'])) svc['status'] = old['status'] ?? { loadBalancer: {} };
}

function patchNodePorts(spec: JsonObject, oldSpec: JsonObject): void {
  const used = (s: JsonObject): Set<number> => new Set(getObjects(s, 'ports').map((p) => getNumber(p, 'nodePort') ?? 0).filter((n) => n !== 0));
  const oldUsed = used(oldSpec);
  const newUsed = used(spec);
  const inBoth = new Set([...oldUsed].filter((n) => newUsed.has(n)));
  const byName = new Map(getObjects(oldSpec, 'ports').map((p) => [str(p, 'name'), getNumber(p, 'nodePort') ?? 0]));
  for (const port of getObjects(spec, 'ports')) {
    if (getNumber(port, 'nodePort')) continue;
    const previous = byName.get(str(port, 'name')) ?? 0;
    if (previous && !inBoth.has(previous)) port['nodePort'] = previous;
  }
}

/** SetDefaults_Endpoints: port protocols default to TCP */
export function defaultEndpoints(ep: KubeObject): void {
  for (const subset of getObjects(ep, 'subsets')) {
    for (const port of getObjects(subset, 'ports')) {
      if (!port['protocol']) port['protocol'] = 'TCP';
    }
  }
}
