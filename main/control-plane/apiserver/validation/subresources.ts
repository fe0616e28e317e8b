// coordination.k8s.io/v1 Lease and the bodies of the binding, eviction and scale
// subresources (coordination/validation, core ValidatePodBinding, the eviction
// REST handler with DeleteOptions validation, autoscaling ValidateScale).
import type { KubeObject } from '../../../common/kube-types.js';
import type { FieldError } from '../resources/types.js';
import { forbidden, invalid, notSupported, required } from './field-errors.js';
import { goStringSlice } from './go-value.js';
import { getArray, getNumber, getObject, getString, str } from './json.js';
import type { JsonObject } from './json.js';
import { validateObjectMeta, validateObjectMetaUpdate } from './meta.js';
import { nameIsDNSSubdomain } from './names.js';

function specOf(obj: KubeObject): JsonObject {
  return getObject(obj, 'spec') ?? {};
}

function validateLeaseSpec(spec: JsonObject): FieldError[] {
  const errs: FieldError[] = [];
  const duration = getNumber(spec, 'leaseDurationSeconds');
  if (duration !== undefined && duration <= 0) errs.push(invalid('spec.leaseDurationSeconds', duration, 'must be greater than 0'));
  const transitions = getNumber(spec, 'leaseTransitions');
  if (transitions !== undefined && transitions < 0) errs.push(invalid('spec.leaseTransitions', transitions, 'must be greater than or equal to 0'));
  const preferred = getString(spec, 'preferredHolder');
  if (preferred && !getString(spec, 'strategy')) errs.push(forbidden('spec.preferredHolder', 'may only be specified if `strategy` is defined'));
  return errs;
}

export function validateLease(lease: KubeObject): FieldError[] {
  return [...validateObjectMeta(lease.metadata, true, nameIsDNSSubdomain), ...validateLeaseSpec(specOf(lease))];
}

export function validateLeaseUpdate(lease: KubeObject, old: KubeObject): FieldError[] {
  return [...validateObjectMetaUpdate(lease.metadata, old.metadata), ...validateLeaseSpec(specOf(lease))];
}

/** ValidatePodBinding (pods/binding): the target must be a named Node */
export function validateBinding(binding: KubeObject): FieldError[] {
  const target = getObject(binding, 'target');
  const errs: FieldError[] = [];
  const kind = str(target, 'kind');
  if (kind && kind !== 'Node') errs.push(notSupported('target.kind', kind, ['Node', '<empty>']));
  if (!str(target, 'name')) errs.push(required('target.name'));
  return errs;
}

/** the BadRequest message when the binding/eviction body names another pod than the URL */
export function subresourceNameMismatch(kind: 'Binding' | 'Eviction', urlName: string, body: KubeObject): string | undefined {
  return (body.metadata.name ?? '') !== urlName ? `name in URL does not match name in ${kind} object` : undefined;
}

const PROPAGATION_POLICIES = ['Foreground', 'Background', 'Orphan', 'nil'];

/** ValidateDeleteOptions of the Eviction's deleteOptions */
export function validateEviction(eviction: KubeObject): FieldError[] {
  const opts = getObject(eviction, 'deleteOptions');
  if (!opts) return [];
  const errs: FieldError[] = [];
  const policy = getString(opts, 'propagationPolicy');
  if (policy !== undefined && opts['orphanDependents'] !== undefined) {
    errs.push(invalid('propagationPolicy', policy, 'orphanDependents and deletionPropagation cannot be both set'));
  }
  if (policy !== undefined && !['Foreground', 'Background', 'Orphan'].includes(policy)) {
    errs.push(notSupported('propagationPolicy', policy, PROPAGATION_POLICIES));
  }
  const dryRun = getArray(opts, 'dryRun') ?? [];
  if (dryRun.length > 1 || (dryRun.length === 1 && dryRun[0] !== 'All')) {
    errs.push(notSupported('dryRun', goStringSlice(dryRun), ['All']));
  }
  return errs;
}

/** autoscaling ValidateScale: errors are reported as Scale.autoscaling "<name>" */
export function validateScale(scale: KubeObject): FieldError[] {
  const errs = validateObjectMeta(scale.metadata, true, nameIsDNSSubdomain);
  const replicas = getNumber(specOf(scale), 'replicas') ?? 0;
  if (replicas < 0) errs.push(invalid('spec.replicas', replicas, 'must be greater than or equal to 0'));
  return errs;
}
