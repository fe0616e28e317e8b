// Pod templates of controllers: the selector must match the template labels and
// the template must restart Always (core ValidatePodTemplateSpecForRC, apps
// ValidatePodTemplateSpecForReplicaSet), and the ReplicationController itself.
import type { KubeObject } from '../../../common/kube-types.js';
import type { FieldError } from '../resources/types.js';
import { child, forbidden, notSupported, required, validateNonnegative } from './field-errors.js';
import { goStringMap } from './go-value.js';
import { asObject, getNumber, getObject, getString, getStringMap } from './json.js';
import type { JsonObject } from './json.js';
import { labelsOf, mapSelectorMatches, validateObjectMeta, validateObjectMetaUpdate } from './meta.js';
import type { Selector } from './meta.js';
import { nameIsDNSSubdomain } from './names.js';
import { validatePodTemplateSpec } from './pod-spec.js';

export const SELECTOR_MISMATCH = '`selector` does not match template `labels`';

export function templateLabelsOf(template: JsonObject | undefined): unknown {
  return getObject(template, 'metadata')?.['labels'];
}

/** the restartPolicy and activeDeadlineSeconds rules every controller template shares */
export function validateTemplateRestart(template: JsonObject, path: string, owner: string): FieldError[] {
  const spec = getObject(template, 'spec') ?? {};
  const errs: FieldError[] = [];
  const policy = getString(spec, 'restartPolicy') ?? '';
  if (policy !== 'Always') errs.push(notSupported(child(path, 'spec', 'restartPolicy'), policy, ['Always']));
  if (getNumber(spec, 'activeDeadlineSeconds') !== undefined) {
    errs.push(forbidden(child(path, 'spec', 'activeDeadlineSeconds'), `activeDeadlineSeconds in ${owner} is not Supported`));
  }
  return errs;
}

/** ValidatePodTemplateSpecForReplicaSet, also used by Deployment (hence "ReplicaSet" in its message) */
export function validateTemplateForReplicaSet(templateValue: unknown, selector: Selector, path: string): FieldError[] {
  const template = asObject(templateValue) ?? {};
  const errs: FieldError[] = [];
  const labels = templateLabelsOf(template);
  // a nil selector matches nothing and is not "empty", so it reports a mismatch too
  const mismatch = selector.kind === 'nothing' || (selector.kind === 'ok' && !selector.empty && !selector.matches(labelsOf(labels)));
  if (mismatch) errs.push(invalidLabels(child(path, 'metadata', 'labels'), labels));
  errs.push(...validatePodTemplateSpec(template, path));
  errs.push(...validateTemplateRestart(template, path, 'ReplicaSet'));
  return errs;
}

export function invalidLabels(path: string, labels: unknown): FieldError {
  return { type: 'FieldValueInvalid', field: path, message: `Invalid value: ${goStringMap(labels).go}: ${SELECTOR_MISMATCH}` };
}

function validateRCSpec(specValue: unknown): FieldError[] {
  const spec = asObject(specValue) ?? {};
  const path = 'spec';
  const errs = validateNonnegative(getNumber(spec, 'minReadySeconds'), child(path, 'minReadySeconds'));
  const selector = getStringMap(spec, 'selector');
  const selectorEmpty = !selector || Object.keys(selector).length === 0;
  if (selectorEmpty) errs.push(required(child(path, 'selector')));
  errs.push(...validateNonnegative(getNumber(spec, 'replicas'), child(path, 'replicas')));
  const template = getObject(spec, 'template');
  const tPath = child(path, 'template');
  if (!template) return [...errs, required(tPath)];
  const labels = templateLabelsOf(template);
  if (!selectorEmpty && !mapSelectorMatches(selector, labelsOf(labels))) errs.push(invalidLabels(child(tPath, 'metadata', 'labels'), labels));
  errs.push(...validatePodTemplateSpec(template, tPath));
  errs.push(...validateTemplateRestart(template, tPath, 'ReplicationController'));
  return errs;
}

export function validateReplicationController(rc: KubeObject): FieldError[] {
  return [...validateObjectMeta(rc.metadata, true, nameIsDNSSubdomain), ...validateRCSpec(rc['spec'])];
}

/** the RC strategy runs the create rules and the update rules, so spec errors appear twice as in kube */
export function validateReplicationControllerUpdate(rc: KubeObject, old: KubeObject): FieldError[] {
  return [...validateReplicationController(rc), ...validateObjectMetaUpdate(rc.metadata, old.metadata), ...validateRCSpec(rc['spec'])];
}
