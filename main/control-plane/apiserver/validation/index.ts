// Validation as pure functions, kube-apiserver 1.32 rules and messages. The
// `validators` map is keyed by gvkKey(group, version, kind): "v1/Pod",
// "apps/v1/Deployment", "events.k8s.io/v1/Event".
import type { KubeObject } from '../../../common/kube-types.js';
import type { FieldError } from '../resources/types.js';
import { validateDaemonSet, validateDaemonSetUpdate, validateDeployment, validateDeploymentUpdate, validateReplicaSet, validateReplicaSetUpdate } from './apps.js';
import { validateEndpoints, validateEndpointsUpdate, validateNamespace, validateNamespaceUpdate, validateNode, validateNodeUpdate } from './cluster.js';
import {
  validateConfigMap,
  validateConfigMapUpdate,
  validateSecret,
  validateSecretUpdate,
  validateServiceAccount,
  validateServiceAccountUpdate,
} from './config.js';
import { validateEvent, validateEventUpdate } from './event.js';
import { validatePod, validatePodUpdate } from './pod.js';
import { validateService, validateServiceUpdate } from './service.js';
import { validateBinding, validateEviction, validateLease, validateLeaseUpdate, validateScale } from './subresources.js';
import { validateReplicationController, validateReplicationControllerUpdate } from './workloads.js';

export * from './apps.js';
export * from './cluster.js';
export * from './config.js';
export * from './decode.js';
export * from './event.js';
export * from './field-errors.js';
export * from './go-value.js';
export * from './meta.js';
export * from './names.js';
export * from './pod.js';
export * from './pod-spec.js';
export * from './qos.js';
export * from '../../../common/quantity.js';
export * from './service.js';
export * from './status.js';
export * from './subresources.js';
export * from './workloads.js';

/** the subresource bodies are validated the same way on every write */
export const validateBindingUpdate = (b: KubeObject, _old: KubeObject): FieldError[] => validateBinding(b);
export const validateEvictionUpdate = (e: KubeObject, _old: KubeObject): FieldError[] => validateEviction(e);
export const validateScaleUpdate = (s: KubeObject, _old: KubeObject): FieldError[] => validateScale(s);

export interface KindValidator {
  validate(obj: KubeObject): FieldError[];
  validateUpdate(obj: KubeObject, old: KubeObject): FieldError[];
}

/** "v1/Pod" for the core group, "apps/v1/Deployment" otherwise */
export function gvkKey(group: string, version: string, kind: string): string {
  return group ? `${group}/${version}/${kind}` : `${version}/${kind}`;
}

const v = (validate: KindValidator['validate'], validateUpdate: KindValidator['validateUpdate']): KindValidator => ({ validate, validateUpdate });

export const validators: Readonly<Record<string, KindValidator>> = {
  'v1/Pod': v(validatePod, validatePodUpdate),
  'v1/Namespace': v(validateNamespace, validateNamespaceUpdate),
  'v1/Node': v(validateNode, validateNodeUpdate),
  'v1/Service': v(validateService, validateServiceUpdate),
  'v1/Endpoints': v(validateEndpoints, validateEndpointsUpdate),
  'v1/Event': v(validateEvent, validateEventUpdate),
  'events.k8s.io/v1/Event': v(validateEvent, validateEventUpdate),
  'v1/ReplicationController': v(validateReplicationController, validateReplicationControllerUpdate),
  'v1/ConfigMap': v(validateConfigMap, validateConfigMapUpdate),
  'v1/Secret': v(validateSecret, validateSecretUpdate),
  'v1/ServiceAccount': v(validateServiceAccount, validateServiceAccountUpdate),
  'apps/v1/ReplicaSet': v(validateReplicaSet, validateReplicaSetUpdate),
  'apps/v1/Deployment': v(validateDeployment, validateDeploymentUpdate),
  'apps/v1/DaemonSet': v(validateDaemonSet, validateDaemonSetUpdate),
  'coordination.k8s.io/v1/Lease': v(validateLease, validateLeaseUpdate),
  'v1/Binding': v(validateBinding, validateBindingUpdate),
  'policy/v1/Eviction': v(validateEviction, validateEvictionUpdate),
  'autoscaling/v1/Scale': v(validateScale, validateScaleUpdate),
};
