// apps/v1 ReplicaSet, Deployment and DaemonSet (pkg/apis/apps/validation and the
// registry strategies, which append selector immutability after the spec rules).
import type { KubeObject } from '../../../common/kube-types.js';
import type { FieldError } from '../resources/types.js';
import { child, forbidden, invalid, notSupported, required, validateNonnegative } from './field-errors.js';
import { goIntOrString, goLabelSelector, goQuote } from './go-value.js';
import { asObject, getNumber, getObject } from './json.js';
import type { JsonObject } from './json.js';
import { labelSelectorAsSelector, labelsOf, validateImmutable, validateLabelSelector, validateObjectMeta, validateObjectMetaUpdate } from './meta.js';
import { isValidPercent, nameIsDNSSubdomain } from './names.js';
import { validatePodTemplateSpec } from './pod-spec.js';
import { invalidLabels, templateLabelsOf, validateTemplateForReplicaSet, validateTemplateRestart } from './workloads.js';

function specOf(obj: KubeObject): JsonObject {
  return asObject(obj['spec']) ?? {};
}

/** the selector block shared by ReplicaSet and Deployment ("for deployment" in both, as in kube) */
function validateSelectorAndTemplate(spec: JsonObject, path: string, owner: string): FieldError[] {
  const errs: FieldError[] = [];
  const sel = asObject(spec['selector']);
  if (!sel) errs.push(required(child(path, 'selector')));
  else {
    errs.push(...validateLabelSelector(sel, child(path, 'selector')));
    if (isEmptySelector(sel)) errs.push(invalid(child(path, 'selector'), goLabelSelector(sel), `empty selector is invalid for ${owner}`));
  }
  const selector = labelSelectorAsSelector(sel);
  if (selector.kind === 'invalid') errs.push(invalid(child(path, 'selector'), goLabelSelector(sel), 'invalid label selector'));
  else errs.push(...validateTemplateForReplicaSet(spec['template'], selector, child(path, 'template')));
  return errs;
}

function isEmptySelector(sel: JsonObject): boolean {
  const labels = asObject(sel['matchLabels']);
  const exprs = Array.isArray(sel['matchExpressions']) ? sel['matchExpressions'] : [];
  return Object.keys(labels ?? {}).length + exprs.length === 0;
}

/** spec.selector may not change through apps/v1 */
function selectorImmutable(obj: KubeObject, old: KubeObject): FieldError[] {
  const sel = specOf(obj)['selector'];
  return validateImmutable(sel, specOf(old)['selector'], 'spec.selector', goLabelSelector(sel));
}

function validateReplicaSetSpec(spec: JsonObject): FieldError[] {
  const errs = validateNonnegative(getNumber(spec, 'replicas'), 'spec.replicas');
  errs.push(...validateNonnegative(getNumber(spec, 'minReadySeconds'), 'spec.minReadySeconds'));
  return errs.concat(validateSelectorAndTemplate(spec, 'spec', 'deployment'));
}

export function validateReplicaSet(rs: KubeObject): FieldError[] {
  return [...validateObjectMeta(rs.metadata, true, nameIsDNSSubdomain), ...validateReplicaSetSpec(specOf(rs))];
}

export function validateReplicaSetUpdate(rs: KubeObject, old: KubeObject): FieldError[] {
  return [...validateReplicaSet(rs), ...validateObjectMetaUpdate(rs.metadata, old.metadata), ...validateReplicaSetSpec(specOf(rs)), ...selectorImmutable(rs, old)];
}

function intOrPercentValue(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && isValidPercent(v).length === 0) return Number.parseInt(v.slice(0, -1), 10);
  return 0;
}

/** ValidatePositiveIntOrPercent */
function validateIntOrPercent(v: unknown, path: string): FieldError[] {
  if (typeof v === 'string') return isValidPercent(v).map((m) => invalid(path, goIntOrString(v), m));
  if (typeof v === 'number') return validateNonnegative(v, path);
  return [];
}

function notMoreThan100Percent(v: unknown, path: string): FieldError[] {
  if (typeof v !== 'string' || isValidPercent(v).length) return [];
  return intOrPercentValue(v) > 100 ? [invalid(path, goIntOrString(v), 'must not be greater than 100%')] : [];
}

function validateDeploymentStrategy(spec: JsonObject, path: string): FieldError[] {
  const strategy = getObject(spec, 'strategy') ?? {};
  const rolling = getObject(strategy, 'rollingUpdate');
  const type = typeof strategy['type'] === 'string' ? strategy['type'] : '';
  if (type === 'Recreate') {
    return rolling ? [forbidden(child(path, 'rollingUpdate'), "may not be specified when strategy `type` is 'Recreate'")] : [];
  }
  if (type !== 'RollingUpdate') return [notSupported(path, { go: strategyGo(type) }, ['Recreate', 'RollingUpdate'])];
  if (!rolling) return [required(child(path, 'rollingUpdate'), 'this should be defaulted and never be nil')];
  const rp = child(path, 'rollingUpdate');
  const errs = [...validateIntOrPercent(rolling['maxUnavailable'], child(rp, 'maxUnavailable')), ...validateIntOrPercent(rolling['maxSurge'], child(rp, 'maxSurge'))];
  if (intOrPercentValue(rolling['maxUnavailable']) === 0 && intOrPercentValue(rolling['maxSurge']) === 0) {
    errs.push(invalid(child(rp, 'maxUnavailable'), goIntOrString(rolling['maxUnavailable']), 'may not be 0 when `maxSurge` is 0'));
  }
  return errs.concat(notMoreThan100Percent(rolling['maxUnavailable'], child(rp, 'maxUnavailable')));
}

function strategyGo(type: string): string {
  return `apps.DeploymentStrategy{Type:${goQuote(type)}, RollingUpdate:(*apps.RollingUpdateDeployment)(nil)}`;
}

function validateDeploymentSpec(spec: JsonObject): FieldError[] {
  const errs = validateNonnegative(getNumber(spec, 'replicas'), 'spec.replicas');
  errs.push(...validateSelectorAndTemplate(spec, 'spec', 'deployment'));
  errs.push(...validateDeploymentStrategy(spec, 'spec.strategy'));
  errs.push(...validateNonnegative(getNumber(spec, 'minReadySeconds'), 'spec.minReadySeconds'));
  errs.push(...validateNonnegative(getNumber(spec, 'revisionHistoryLimit'), 'spec.revisionHistoryLimit'));
  const deadline = getNumber(spec, 'progressDeadlineSeconds');
  if (deadline !== undefined) {
    errs.push(...validateNonnegative(deadline, 'spec.progressDeadlineSeconds'));
    if (deadline <= (getNumber(spec, 'minReadySeconds') ?? 0)) {
      errs.push(invalid('spec.progressDeadlineSeconds', deadline, 'must be greater than minReadySeconds'));
    }
  }
  return errs;
}

export function validateDeployment(d: KubeObject): FieldError[] {
  return [...validateObjectMeta(d.metadata, true, nameIsDNSSubdomain), ...validateDeploymentSpec(specOf(d))];
}

export function validateDeploymentUpdate(d: KubeObject, old: KubeObject): FieldError[] {
  return [...validateObjectMetaUpdate(d.metadata, old.metadata), ...validateDeploymentSpec(specOf(d)), ...selectorImmutable(d, old)];
}

function validateDaemonSetUpdateStrategy(spec: JsonObject, path: string): FieldError[] {
  const strategy = getObject(spec, 'updateStrategy') ?? {};
  const type = typeof strategy['type'] === 'string' ? strategy['type'] : '';
  if (type === 'OnDelete') return [];
  if (type !== 'RollingUpdate') {
    const go = `apps.DaemonSetUpdateStrategy{Type:${goQuote(type)}, RollingUpdate:(*apps.RollingUpdateDaemonSet)(nil)}`;
    return [notSupported(path, { go }, ['RollingUpdate', 'OnDelete'])];
  }
  const rolling = getObject(strategy, 'rollingUpdate');
  if (!rolling) return [required(child(path, 'rollingUpdate'))];
  const rp = child(path, 'rollingUpdate');
  const errs = [...validateIntOrPercent(rolling['maxUnavailable'], child(rp, 'maxUnavailable')), ...validateIntOrPercent(rolling['maxSurge'], child(rp, 'maxSurge'))];
  errs.push(...notMoreThan100Percent(rolling['maxUnavailable'], child(rp, 'maxUnavailable')), ...notMoreThan100Percent(rolling['maxSurge'], child(rp, 'maxSurge')));
  const hasUnavailable = intOrPercentValue(rolling['maxUnavailable']) !== 0;
  const hasSurge = intOrPercentValue(rolling['maxSurge']) !== 0;
  if (hasUnavailable && hasSurge) errs.push(invalid(child(rp, 'maxSurge'), goIntOrString(rolling['maxSurge']), 'may not be set when maxUnavailable is non-zero'));
  if (!hasUnavailable && !hasSurge) errs.push(required(child(rp, 'maxUnavailable'), 'cannot be 0 when maxSurge is 0'));
  return errs;
}

function validateDaemonSetSpec(spec: JsonObject): FieldError[] {
  const sel = asObject(spec['selector']);
  const errs = validateLabelSelector(sel, 'spec.selector');
  const selector = labelSelectorAsSelector(sel);
  const template = asObject(spec['template']) ?? {};
  const labels = templateLabelsOf(template);
  // unlike ReplicaSet, an empty selector (which matches everything) passes this check
  if (selector.kind === 'nothing' || (selector.kind === 'ok' && !selector.matches(labelsOf(labels)))) {
    errs.push(invalidLabels('spec.template.metadata.labels', labels));
  }
  if (sel && isEmptySelector(sel)) errs.push(invalid('spec.selector', goLabelSelector(sel), 'empty selector is invalid for daemonset'));
  errs.push(...validatePodTemplateSpec(template, 'spec.template'));
  errs.push(...validateTemplateRestart(template, 'spec.template', 'DaemonSet'));
  errs.push(...validateNonnegative(getNumber(spec, 'minReadySeconds'), 'spec.minReadySeconds'));
  errs.push(...validateDaemonSetUpdateStrategy(spec, 'spec.updateStrategy'));
  errs.push(...validateNonnegative(getNumber(spec, 'revisionHistoryLimit'), 'spec.revisionHistoryLimit'));
  return errs;
}

export function validateDaemonSet(ds: KubeObject): FieldError[] {
  return [...validateObjectMeta(ds.metadata, true, nameIsDNSSubdomain), ...validateDaemonSetSpec(specOf(ds))];
}

export function validateDaemonSetUpdate(ds: KubeObject, old: KubeObject): FieldError[] {
  return [...validateDaemonSet(ds), ...validateObjectMetaUpdate(ds.metadata, old.metadata), ...validateDaemonSetSpec(specOf(ds)), ...selectorImmutable(ds, old)];
}
