// Events (core validation/events.go). Both APIs store core Events; an
// events.k8s.io/v1 body is read through the same internal fields (note →
// message, regarding → involvedObject, deprecatedSource → source...), and only
// requests through events.k8s.io get the strict rules. Error paths name the
// internal fields, as kube's do.
import type { KubeObject } from '../../../common/kube-types.js';
import type { FieldError } from '../resources/types.js';
import { invalid, required } from './field-errors.js';
import { asObject, getNumber, getObject, getString, str } from './json.js';
import type { JsonObject } from './json.js';
import { validateImmutable, validateObjectMeta, validateObjectMetaUpdate } from './meta.js';
import { isDNS1123Subdomain, isQualifiedName, nameIsDNSSubdomain } from './names.js';

const LIMITS = { reportingInstance: 128, action: 128, reason: 128, message: 1024 };

/** the internal (core) view of an event, whichever API it came through */
interface CoreEvent {
  namespace: string;
  involvedNamespace: string;
  eventTime: string;
  reportingController: string;
  reportingInstance: string;
  action: string;
  reason: string;
  message: string;
  type: string;
  count: number;
  firstTimestamp: string;
  lastTimestamp: string;
  source: JsonObject | undefined;
  series: JsonObject | undefined;
}

export function coreEventView(ev: KubeObject): CoreEvent {
  const isV1 = (ev.apiVersion ?? '').startsWith('events.k8s.io/');
  const involved = getObject(ev, isV1 ? 'regarding' : 'involvedObject');
  return {
    namespace: ev.metadata.namespace ?? '',
    involvedNamespace: str(involved, 'namespace'),
    eventTime: str(ev, 'eventTime'),
    reportingController: str(ev, isV1 ? 'reportingController' : 'reportingComponent'),
    reportingInstance: str(ev, 'reportingInstance'),
    action: str(ev, 'action'),
    reason: str(ev, 'reason'),
    message: str(ev, isV1 ? 'note' : 'message'),
    type: str(ev, 'type'),
    count: getNumber(ev, isV1 ? 'deprecatedCount' : 'count') ?? 0,
    firstTimestamp: str(ev, isV1 ? 'deprecatedFirstTimestamp' : 'firstTimestamp'),
    lastTimestamp: str(ev, isV1 ? 'deprecatedLastTimestamp' : 'lastTimestamp'),
    source: getObject(ev, isV1 ? 'deprecatedSource' : 'source'),
    series: getObject(ev, 'series'),
  };
}

function tooLongText(field: string, value: string, limit: number): FieldError[] {
  return value.length > limit ? [invalid(field, '', `can have at most ${limit} characters`)] : [];
}

/** legacyValidateEvent: every event passes these, whatever API wrote it */
function legacyValidate(e: CoreEvent): FieldError[] {
  const errs: FieldError[] = [];
  const mismatch = (): FieldError => invalid('involvedObject.namespace', e.involvedNamespace, 'does not match event.namespace');
  if (!e.eventTime) {
    if (!e.involvedNamespace) {
      if (e.namespace !== '' && e.namespace !== 'default') errs.push(mismatch());
    } else if (e.namespace !== e.involvedNamespace) errs.push(mismatch());
  } else {
    if (!e.involvedNamespace && e.namespace !== 'default' && e.namespace !== 'kube-system') errs.push(mismatch());
    if (!e.reportingController) errs.push(required('reportingController'));
    errs.push(...isQualifiedName(e.reportingController).map((m) => invalid('reportingController', e.reportingController, m)));
    if (!e.reportingInstance) errs.push(required('reportingInstance'));
    errs.push(...tooLongText('reportingInstance', e.reportingInstance, LIMITS.reportingInstance));
    if (!e.action) errs.push(required('action'));
    errs.push(...tooLongText('action', e.action, LIMITS.action));
    if (!e.reason) errs.push(required('reason'));
    errs.push(...tooLongText('reason', e.reason, LIMITS.reason), ...tooLongText('message', e.message, LIMITS.message));
  }
  errs.push(...isDNS1123Subdomain(e.namespace).map((m) => invalid('namespace', e.namespace, m)));
  return errs;
}

function validateSeries(e: CoreEvent): FieldError[] {
  if (!e.series) return [];
  const errs: FieldError[] = [];
  if ((getNumber(e.series, 'count') ?? 0) < 2) errs.push(invalid('series.count', '', 'should be at least 2'));
  if (!getString(e.series, 'lastObservedTime')) errs.push(required('series.lastObservedTime'));
  return errs;
}

function isStrict(ev: KubeObject): boolean {
  return (ev.apiVersion ?? '').startsWith('events.k8s.io/');
}

/** ValidateEventCreate */
export function validateEvent(ev: KubeObject): FieldError[] {
  const e = coreEventView(ev);
  const errs = legacyValidate(e);
  if (!isStrict(ev)) return errs;
  errs.push(...validateObjectMeta(ev.metadata, true, nameIsDNSSubdomain), ...validateSeries(e));
  if (!e.eventTime) errs.push(required('eventTime'));
  if (e.type !== 'Normal' && e.type !== 'Warning') errs.push(invalid('type', '', `has invalid value: ${e.type}`));
  if (e.firstTimestamp) errs.push(invalid('firstTimestamp', '', 'needs to be unset'));
  if (e.lastTimestamp) errs.push(invalid('lastTimestamp', '', 'needs to be unset'));
  if (e.count !== 0) errs.push(invalid('count', '', 'needs to be unset'));
  if (str(e.source, 'component') || str(e.source, 'host')) errs.push(invalid('source', '', 'needs to be unset'));
  return errs;
}

/** ValidateEventUpdate: through events.k8s.io most fields are frozen */
export function validateEventUpdate(ev: KubeObject, old: KubeObject): FieldError[] {
  const e = coreEventView(ev);
  const errs = legacyValidate(e);
  if (!isStrict(ev)) return errs;
  const o = coreEventView(old);
  errs.push(...validateObjectMetaUpdate(ev.metadata, old.metadata));
  if (JSON.stringify(e.series) !== JSON.stringify(o.series)) errs.push(...validateSeries(e));
  const frozen: (keyof CoreEvent)[] = ['reason', 'message', 'type', 'eventTime', 'action', 'reportingController', 'reportingInstance'];
  for (const f of frozen) {
    const v = e[f];
    errs.push(...validateImmutable(v, o[f], f, typeof v === 'string' ? v : null));
  }
  const regarding = isStrict(ev) ? 'regarding' : 'involvedObject';
  const involved = asObject(ev[regarding]);
  errs.push(...validateImmutable(involved, asObject(old[regarding]), 'involvedObject', { go: 'core.ObjectReference{...}' }));
  return errs;
}
