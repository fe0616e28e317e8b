// Pod create and update validation (core validation.go ValidatePodCreate,
// validatePodMetadataAndSpec, ValidatePodUpdate) as of kube 1.32, where the
// InPlacePodVerticalScaling gate is off: container resources are immutable.
import type { KubeObject } from '../../../common/kube-types.js';
import type { FieldError } from '../resources/types.js';
import { validateContainersOnlyForPod, validateContainerUpdates } from './containers.js';
import { child, forbidden, index, invalid, key } from './field-errors.js';
import { clone, getNumber, getObject, getObjects, getString, semanticEqual, str } from './json.js';
import type { JsonObject } from './json.js';
import { validateObjectMeta, validateObjectMetaUpdate } from './meta.js';
import { inclusiveRangeError, nameIsDNSSubdomain } from './names.js';
import { renderPodSpecDiff } from './pod-diff.js';
import { validatePodSpec, validateTolerations } from './pod-spec.js';
import { computePodQos } from './qos.js';

const MAX_INT32 = 2147483647;
const MIRROR_POD_ANNOTATION = 'kubernetes.io/config.mirror';

/** the fields a pod update may touch, joined with "," as the 1.32 message does (no spaces) */
export const UPDATABLE_POD_SPEC_FIELDS = [
  '`spec.containers[*].image`',
  '`spec.initContainers[*].image`',
  '`spec.activeDeadlineSeconds`',
  '`spec.tolerations` (only additions to existing tolerations)',
  '`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)',
];

export const POD_UPDATE_FORBIDDEN_PREFIX = `pod updates may not change fields other than ${UPDATABLE_POD_SPEC_FIELDS.join(',')}`;

function specOf(obj: JsonObject): JsonObject {
  return getObject(obj, 'spec') ?? {};
}

function validatePodMetadataAndSpec(pod: KubeObject): FieldError[] {
  const errs = validateObjectMeta(pod.metadata, true, nameIsDNSSubdomain);
  const spec = specOf(pod);
  const mirror = pod.metadata.annotations?.[MIRROR_POD_ANNOTATION];
  if (mirror !== undefined && !str(spec, 'nodeName')) {
    errs.push(invalid(key(child('metadata', 'annotations'), MIRROR_POD_ANNOTATION), mirror, 'must set spec.nodeName if mirror pod annotation is set'));
  }
  errs.push(...validatePodSpec(spec, 'spec', true));
  if (!str(spec, 'serviceAccountName')) {
    getObjects(spec, 'volumes').forEach((vol, vi) => {
      getObjects(getObject(vol, 'projected'), 'sources').forEach((src, si) => {
        if (!getObject(src, 'serviceAccountToken')) return;
        const p = child(index(child(index('spec.volumes', vi), 'projected', 'sources'), si), 'serviceAccountToken');
        errs.push(forbidden(p, 'must not be specified when serviceAccountName is not set'));
      });
    });
  }
  errs.push(...validateContainersOnlyForPod(getObjects(spec, 'containers'), 'spec.containers'));
  errs.push(...validateContainersOnlyForPod(getObjects(spec, 'initContainers'), 'spec.initContainers'));
  return errs;
}

/** ValidatePodCreate */
export function validatePod(pod: KubeObject): FieldError[] {
  const errs = validatePodMetadataAndSpec(pod);
  const spec = specOf(pod);
  if (getObjects(spec, 'ephemeralContainers').length) errs.push(forbidden('spec.ephemeralContainers', 'cannot be set on create'));
  if (str(spec, 'nodeName') && getObjects(spec, 'schedulingGates').length) {
    errs.push(forbidden('spec.nodeName', 'cannot be set until all schedulingGates have been cleared'));
  }
  return errs;
}

function validateActiveDeadline(newSpec: JsonObject, oldSpec: JsonObject): { errs: FieldError[]; stop: boolean } {
  const next = getNumber(newSpec, 'activeDeadlineSeconds');
  const prev = getNumber(oldSpec, 'activeDeadlineSeconds');
  const p = 'spec.activeDeadlineSeconds';
  if (next !== undefined) {
    if (next < 0 || next > MAX_INT32) return { errs: [invalid(p, next, inclusiveRangeError(0, MAX_INT32))], stop: true };
    if (prev !== undefined && prev < next) return { errs: [invalid(p, next, 'must be less than or equal to previous value')], stop: true };
  } else if (prev !== undefined) {
    return { errs: [invalid(p, null, 'must not update from a positive integer to nil value')], stop: false };
  }
  return { errs: [], stop: false };
}

/** validateOnlyAddedTolerations: existing tolerations stay, only their tolerationSeconds may change */
function validateOnlyAddedTolerations(newList: JsonObject[], oldList: JsonObject[], path: string): FieldError[] {
  for (const old of oldList) {
    const found = newList.some((n) => semanticEqual({ ...old, tolerationSeconds: n['tolerationSeconds'] }, n));
    if (!found) return [forbidden(path, 'existing toleration can not be modified except its tolerationSeconds')];
  }
  return validateTolerations(newList, path);
}

function validateOnlyDeletedSchedulingGates(newSpec: JsonObject, oldSpec: JsonObject): FieldError[] {
  const oldNames = new Set(getObjects(oldSpec, 'schedulingGates').map((g) => str(g, 'name')));
  const added = getObjects(newSpec, 'schedulingGates').some((g) => !oldNames.has(str(g, 'name')));
  return added ? [forbidden('spec.schedulingGates', 'only deletion is allowed, but found new scheduling gate')] : [];
}

/** copy the updatable fields of the old spec into a clone of the new one, as ValidatePodUpdate munges */
function mungeSpec(newSpec: JsonObject, oldSpec: JsonObject): JsonObject {
  const munged = clone(newSpec);
  for (const list of ['containers', 'initContainers']) {
    const oldItems = getObjects(oldSpec, list);
    getObjects(munged, list).forEach((c, i) => {
      c['image'] = oldItems[i]?.['image'];
    });
  }
  munged['activeDeadlineSeconds'] = oldSpec['activeDeadlineSeconds'];
  munged['schedulingGates'] = oldSpec['schedulingGates'];
  munged['tolerations'] = oldSpec['tolerations'];
  const oldGrace = getNumber(oldSpec, 'terminationGracePeriodSeconds');
  if (oldGrace !== undefined && oldGrace < 0 && getNumber(munged, 'terminationGracePeriodSeconds') === 1) {
    munged['terminationGracePeriodSeconds'] = oldGrace;
  }
  return munged;
}

/** ValidatePodUpdate */
export function validatePodUpdate(pod: KubeObject, old: KubeObject): FieldError[] {
  const errs = validateObjectMetaUpdate(pod.metadata, old.metadata);
  errs.push(...validatePodMetadataAndSpec(pod));
  const newSpec = specOf(pod);
  const oldSpec = specOf(old);
  for (const list of ['containers', 'initContainers']) {
    const r = validateContainerUpdates(getObjects(newSpec, list), getObjects(oldSpec, list), `spec.${list}`);
    errs.push(...r.errs);
    if (r.stop) return errs;
  }
  const deadline = validateActiveDeadline(newSpec, oldSpec);
  errs.push(...deadline.errs);
  if (deadline.stop) return errs;
  errs.push(...validateOnlyAddedTolerations(getObjects(newSpec, 'tolerations'), getObjects(oldSpec, 'tolerations'), 'spec.tolerations'));
  errs.push(...validateOnlyDeletedSchedulingGates(newSpec, oldSpec));
  if (semanticEqual(newSpec, oldSpec)) return errs;
  const oldQos = getString(getObject(old, 'status'), 'qosClass') ?? computePodQos(old);
  if (oldQos !== computePodQos(pod)) {
    const shown = getString(getObject(pod, 'status'), 'qosClass') ?? '';
    errs.push(invalid('metadata', shown, 'Pod QoS is immutable'));
  }
  const munged = mungeSpec(newSpec, oldSpec);
  if (!semanticEqual(munged, oldSpec)) {
    errs.push(forbidden('spec', `${POD_UPDATE_FORBIDDEN_PREFIX}\n${renderPodSpecDiff(oldSpec, munged)}`));
  }
  return errs;
}

/** ValidatePodStatusUpdate, reduced to metadata, the node binding and the nominated node */
export function validatePodStatusUpdate(pod: KubeObject, old: KubeObject): FieldError[] {
  const errs = validateObjectMetaUpdate(pod.metadata, old.metadata);
  if (str(specOf(pod), 'nodeName') !== str(specOf(old), 'nodeName')) errs.push(forbidden('status.nodeName', 'may not be changed directly'));
  const nominated = str(getObject(pod, 'status'), 'nominatedNodeName');
  if (nominated && nominated !== str(getObject(old, 'status'), 'nominatedNodeName')) {
    errs.push(...nameIsDNSSubdomain(nominated, false).map((m) => invalid('status.nominatedNodeName', nominated, m)));
  }
  return errs;
}
