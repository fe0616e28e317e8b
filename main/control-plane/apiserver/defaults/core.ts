// Defaults of the remaining kinds. Namespace mixes SetDefaults_Namespace (the
// kubernetes.io/metadata.name label) with its strategy's PrepareForCreate
// (spec.finalizers ["kubernetes"], status.phase Active); Secret folds stringData
// into data as the v1 conversion does. Kinds with no 1.32 defaults keep a no-op
// so every kind has a defaulter.
import type { KubeObject } from '../../../common/kube-types.js';
import { ensureObject, getObject, getStrings, isObject, str } from '../validation/json.js';
import { canonicalizeResourceList } from './pod-spec.js';

export function defaultNamespace(ns: KubeObject): void {
  const name = ns.metadata.name;
  if (name) ns.metadata.labels = { ...(ns.metadata.labels ?? {}), 'kubernetes.io/metadata.name': name };
  const spec = ensureObject(ns, 'spec');
  const finalizers = getStrings(spec, 'finalizers');
  if (!finalizers.includes('kubernetes')) spec['finalizers'] = [...finalizers, 'kubernetes'];
  const status = ensureObject(ns, 'status');
  if (!status['phase']) status['phase'] = 'Active';
}

/** the namespace strategy's PrepareForUpdate: finalizers and status only change through their subresources */
export function prepareNamespaceForUpdate(ns: KubeObject, old: KubeObject): void {
  const spec = ensureObject(ns, 'spec');
  const oldSpec = getObject(old, 'spec');
  if (oldSpec?.['finalizers'] !== undefined) spec['finalizers'] = oldSpec['finalizers'];
  else delete spec['finalizers'];
  if (old['status'] !== undefined) ns['status'] = old['status'];
  // Canonicalize: the name label always tracks the name
  if (ns.metadata.name) ns.metadata.labels = { ...(ns.metadata.labels ?? {}), 'kubernetes.io/metadata.name': ns.metadata.name };
}

/** SetDefaults_NodeStatus: allocatable defaults to capacity; quantities are canonical */
export function defaultNode(node: KubeObject): void {
  const status = getObject(node, 'status');
  if (!status) return;
  const capacity = getObject(status, 'capacity');
  canonicalizeResourceList(capacity);
  if (capacity && !isObject(status['allocatable'])) status['allocatable'] = { ...capacity };
  canonicalizeResourceList(getObject(status, 'allocatable'));
}

/** SetDefaults_Secret (type Opaque) and the v1 conversion of stringData into base64 data */
export function defaultSecret(secret: KubeObject): void {
  if (!secret['type']) secret['type'] = 'Opaque';
  const stringData = getObject(secret, 'stringData');
  if (stringData) {
    const data = ensureObject(secret, 'data');
    for (const [k, v] of Object.entries(stringData)) {
      if (typeof v === 'string') data[k] = Buffer.from(v, 'utf8').toString('base64');
    }
    delete secret['stringData'];
  }
}

/** ConfigMap has no scheme defaults in 1.32 */
export function defaultConfigMap(_cm: KubeObject): void {}

/** ServiceAccount has no scheme defaults in 1.32 (no token secrets are generated since 1.24) */
export function defaultServiceAccount(_sa: KubeObject): void {}

/** core/v1 Event has no scheme defaults */
export function defaultEvent(_ev: KubeObject): void {}

/** events.k8s.io/v1 Event has no scheme defaults */
export function defaultEventV1(_ev: KubeObject): void {}

/** coordination.k8s.io/v1 Lease has no scheme defaults */
export function defaultLease(_lease: KubeObject): void {}

/** Binding has no defaults; the target kind is left empty when omitted (kube accepts "" as Node) */
export function defaultBinding(_binding: KubeObject): void {}

/** policy/v1 Eviction has no defaults */
export function defaultEviction(_eviction: KubeObject): void {}

/** autoscaling/v1 Scale has no defaults; the registry fills status from the target */
export function defaultScale(scale: KubeObject): void {
  ensureObject(scale, 'spec');
  const status = ensureObject(scale, 'status');
  if (typeof status['replicas'] !== 'number') status['replicas'] = 0;
  if (str(status, 'selector') === '') delete status['selector'];
}
