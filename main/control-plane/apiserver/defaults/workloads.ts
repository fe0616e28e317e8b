// Controller defaults (core/v1 SetDefaults_ReplicationController, apps/v1
// SetDefaults_ReplicaSet, _Deployment, _DaemonSet) plus the PodSpec defaults of
// their templates. Templates get no SetDefaults_Pod (no enableServiceLinks) and
// no admission defaults: those land on the pods the controllers create.
import type { KubeObject } from '../../../common/kube-types.js';
import { asObject, asStringMap, ensureObject, getObject, isObject } from '../validation/json.js';
import type { JsonObject } from '../validation/json.js';
import { defaultPodSpec } from './pod-spec.js';

function specOf(obj: KubeObject): JsonObject {
  return ensureObject(obj, 'spec');
}

/**
 * Template defaults. The template's ObjectMeta is a non-pointer struct whose zero
 * creationTimestamp serializes as null, so 1.32 prints `creationTimestamp: null`.
 */
export function defaultPodTemplate(templateValue: unknown): void {
  const template = asObject(templateValue);
  if (!template) return;
  const meta = ensureObject(template, 'metadata');
  if (meta['creationTimestamp'] === undefined) meta['creationTimestamp'] = null;
  defaultPodSpec(ensureObject(template, 'spec'));
}

function defaultReplicas(spec: JsonObject): void {
  if (typeof spec['replicas'] !== 'number') spec['replicas'] = 1;
}

/**
 * A fresh object's status as Go serializes the zero struct: fields without
 * omitempty still print (ReplicaSetStatus.replicas, DaemonSetStatus counters).
 */
function ensureStatus(obj: KubeObject, zeroFields: readonly string[] = []): void {
  if (isObject(obj['status'])) return;
  const status: JsonObject = {};
  for (const f of zeroFields) status[f] = 0;
  obj['status'] = status;
}

const DAEMONSET_STATUS_ZERO = ['currentNumberScheduled', 'desiredNumberScheduled', 'numberMisscheduled', 'numberReady'];

/** SetDefaults_ReplicationController: selector and labels come from the template when empty */
export function defaultReplicationController(rc: KubeObject): void {
  const spec = specOf(rc);
  const template = getObject(spec, 'template');
  const labels = asStringMap(getObject(template, 'metadata')?.['labels']);
  if (labels) {
    const selector = asStringMap(spec['selector']);
    if (!selector || Object.keys(selector).length === 0) spec['selector'] = { ...labels };
    if (!rc.metadata.labels || Object.keys(rc.metadata.labels).length === 0) rc.metadata.labels = { ...labels };
  }
  defaultReplicas(spec);
  if (template) defaultPodTemplate(template);
  ensureStatus(rc, ['replicas']);
}

export function defaultReplicaSet(rs: KubeObject): void {
  const spec = specOf(rs);
  defaultReplicas(spec);
  defaultPodTemplate(ensureObject(spec, 'template'));
  ensureStatus(rs, ['replicas']);
}

export function defaultDeployment(d: KubeObject): void {
  const spec = specOf(d);
  defaultReplicas(spec);
  const strategy = ensureObject(spec, 'strategy');
  if (!strategy['type']) strategy['type'] = 'RollingUpdate';
  if (strategy['type'] === 'RollingUpdate') {
    const rolling = ensureObject(strategy, 'rollingUpdate');
    if (rolling['maxUnavailable'] === undefined || rolling['maxUnavailable'] === null) rolling['maxUnavailable'] = '25%';
    if (rolling['maxSurge'] === undefined || rolling['maxSurge'] === null) rolling['maxSurge'] = '25%';
  }
  if (typeof spec['revisionHistoryLimit'] !== 'number') spec['revisionHistoryLimit'] = 10;
  if (typeof spec['progressDeadlineSeconds'] !== 'number') spec['progressDeadlineSeconds'] = 600;
  defaultPodTemplate(ensureObject(spec, 'template'));
  ensureStatus(d);
}

export function defaultDaemonSet(ds: KubeObject): void {
  const spec = specOf(ds);
  const strategy = ensureObject(spec, 'updateStrategy');
  if (!strategy['type']) strategy['type'] = 'RollingUpdate';
  if (strategy['type'] === 'RollingUpdate') {
    const rolling = ensureObject(strategy, 'rollingUpdate');
    if (rolling['maxUnavailable'] === undefined || rolling['maxUnavailable'] === null) rolling['maxUnavailable'] = 1;
    if (rolling['maxSurge'] === undefined || rolling['maxSurge'] === null) rolling['maxSurge'] = 0;
  }
  if (typeof spec['revisionHistoryLimit'] !== 'number') spec['revisionHistoryLimit'] = 10;
  defaultPodTemplate(ensureObject(spec, 'template'));
  ensureStatus(ds, DAEMONSET_STATUS_ZERO);
}
