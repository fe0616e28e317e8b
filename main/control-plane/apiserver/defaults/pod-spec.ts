// The core/v1 scheme defaults that apply to every PodSpec, in pods and in
// controller templates alike (pkg/apis/core/v1/defaults.go SetDefaults_PodSpec,
// _Container, _Probe, _HTTPGetAction, _Volume, _*VolumeSource,
// _ObjectFieldSelector, _ResourceList, and the +default markers of types.go).
import { asObject, ensureObject, getObject, getObjects, isObject } from '../validation/json.js';
import type { JsonObject } from '../validation/json.js';
import { formatQuantity, quantityOf, roundUpToMilli } from '../../../common/quantity.js';
import { defaultPullPolicy } from './image.js';

function setIfAbsent(o: JsonObject, key: string, value: unknown): void {
  if (o[key] === undefined || o[key] === null || o[key] === '') o[key] = value;
}

/** SetDefaults_ResourceList: values are rounded up to milli units and stored canonically */
export function canonicalizeResourceList(list: JsonObject | undefined): void {
  if (!list) return;
  for (const [name, raw] of Object.entries(list)) {
    const q = quantityOf(raw);
    if (q) list[name] = formatQuantity(roundUpToMilli(q));
  }
}

function defaultHTTPGet(handler: JsonObject | undefined): void {
  const httpGet = getObject(handler, 'httpGet');
  if (httpGet) {
    setIfAbsent(httpGet, 'path', '/');
    setIfAbsent(httpGet, 'scheme', 'HTTP');
  }
  const grpc = getObject(handler, 'grpc');
  // GRPCAction.service carries +default=""; it serializes even when empty
  if (grpc && grpc['service'] === undefined) grpc['service'] = '';
}

function defaultProbe(probe: JsonObject | undefined): void {
  if (!probe) return;
  for (const [k, v] of [['timeoutSeconds', 1], ['periodSeconds', 10], ['successThreshold', 1], ['failureThreshold', 3]] as const) {
    if (!probe[k]) probe[k] = v;
  }
  defaultHTTPGet(probe);
}

function defaultEnv(container: JsonObject): void {
  for (const ev of getObjects(container, 'env')) {
    const from = getObject(ev, 'valueFrom');
    const fieldRef = getObject(from, 'fieldRef');
    if (fieldRef) setIfAbsent(fieldRef, 'apiVersion', 'v1');
    const resourceRef = getObject(from, 'resourceFieldRef');
    // a zero resource.Quantity is not omitted and prints as "0"
    if (resourceRef && resourceRef['divisor'] === undefined) resourceRef['divisor'] = '0';
  }
}

/** SetDefaults_Container plus the per-field defaults nested in a container */
export function defaultContainer(c: JsonObject): void {
  if (!c['imagePullPolicy']) c['imagePullPolicy'] = defaultPullPolicy(typeof c['image'] === 'string' ? c['image'] : '');
  setIfAbsent(c, 'terminationMessagePath', '/dev/termination-log');
  setIfAbsent(c, 'terminationMessagePolicy', 'File');
  // resources is a non-pointer struct: it always serializes, as {} when empty
  const resources = ensureObject(c, 'resources');
  canonicalizeResourceList(getObject(resources, 'limits'));
  canonicalizeResourceList(getObject(resources, 'requests'));
  for (const port of getObjects(c, 'ports')) setIfAbsent(port, 'protocol', 'TCP');
  defaultProbe(getObject(c, 'livenessProbe'));
  defaultProbe(getObject(c, 'readinessProbe'));
  defaultProbe(getObject(c, 'startupProbe'));
  const lifecycle = getObject(c, 'lifecycle');
  defaultHTTPGet(getObject(lifecycle, 'postStart'));
  defaultHTTPGet(getObject(lifecycle, 'preStop'));
  defaultEnv(c);
}

const VOLUME_SOURCES = [
  'hostPath', 'emptyDir', 'gcePersistentDisk', 'awsElasticBlockStore', 'gitRepo', 'secret', 'nfs', 'iscsi', 'glusterfs',
  'persistentVolumeClaim', 'rbd', 'flexVolume', 'cinder', 'cephfs', 'flocker', 'downwardAPI', 'fc', 'azureFile',
  'configMap', 'vsphereVolume', 'quobyte', 'azureDisk', 'photonPersistentDisk', 'projected', 'portworxVolume',
  'scaleIO', 'storageos', 'csi', 'ephemeral', 'image',
];

function defaultDownwardItems(src: JsonObject | undefined): void {
  for (const item of getObjects(src, 'items')) {
    const fieldRef = getObject(item, 'fieldRef');
    if (fieldRef) setIfAbsent(fieldRef, 'apiVersion', 'v1');
    const resourceRef = getObject(item, 'resourceFieldRef');
    if (resourceRef && resourceRef['divisor'] === undefined) resourceRef['divisor'] = '0';
  }
}

function defaultProjected(src: JsonObject): void {
  if (src['defaultMode'] === undefined) src['defaultMode'] = 420;
  for (const source of getObjects(src, 'sources')) {
    const token = getObject(source, 'serviceAccountToken');
    if (token && token['expirationSeconds'] === undefined) token['expirationSeconds'] = 3600;
    defaultDownwardItems(getObject(source, 'downwardAPI'));
  }
}

/** SetDefaults_Volume and the defaults of the sources inside it (0644 = 420) */
export function defaultVolume(vol: JsonObject): void {
  if (!VOLUME_SOURCES.some((s) => isObject(vol[s]))) vol['emptyDir'] = {};
  for (const s of ['secret', 'configMap', 'downwardAPI']) {
    const src = getObject(vol, s);
    if (src && src['defaultMode'] === undefined) src['defaultMode'] = 420;
  }
  defaultDownwardItems(getObject(vol, 'downwardAPI'));
  const projected = getObject(vol, 'projected');
  if (projected) defaultProjected(projected);
  const hostPath = getObject(vol, 'hostPath');
  // HostPathUnset is "", and the *HostPathType pointer is set so it serializes
  if (hostPath && hostPath['type'] === undefined) hostPath['type'] = '';
  const emptyDir = getObject(vol, 'emptyDir');
  if (emptyDir && emptyDir['sizeLimit'] !== undefined) {
    const q = quantityOf(emptyDir['sizeLimit']);
    if (q) emptyDir['sizeLimit'] = formatQuantity(q);
  }
}

/** SetDefaults_PodSpec and everything nested in a PodSpec */
export function defaultPodSpec(specValue: unknown): void {
  const spec = asObject(specValue);
  if (!spec) return;
  setIfAbsent(spec, 'dnsPolicy', 'ClusterFirst');
  setIfAbsent(spec, 'restartPolicy', 'Always');
  if (!isObject(spec['securityContext'])) spec['securityContext'] = {};
  if (typeof spec['terminationGracePeriodSeconds'] !== 'number') spec['terminationGracePeriodSeconds'] = 30;
  setIfAbsent(spec, 'schedulerName', 'default-scheduler');
  for (const list of ['initContainers', 'containers', 'ephemeralContainers']) {
    for (const c of getObjects(spec, list)) defaultContainer(c);
  }
  for (const vol of getObjects(spec, 'volumes')) defaultVolume(vol);
  canonicalizeResourceList(getObject(spec, 'overhead'));
}
