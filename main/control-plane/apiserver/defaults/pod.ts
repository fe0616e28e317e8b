// Pod defaults: SetDefaults_Pod on top of the PodSpec defaults, and the three
// admission plugins every kube-apiserver 1.32 runs that fill pod fields on
// create: ServiceAccount (serviceAccountName "default"), DefaultTolerationSeconds
// (tolerate not-ready/unreachable for 300 s) and Priority (priority 0,
// PreemptLowerPriority). The projected kube-api-access volume is left out.
import type { KubeObject } from '../../../common/kube-types.js';
import { ensureObject, getNumber, getObject, getObjects, getString, str } from '../validation/json.js';
import type { JsonObject } from '../validation/json.js';
import { computePodQos } from '../validation/qos.js';
import { canonicalizeResourceList, defaultPodSpec } from './pod-spec.js';

const DEFAULT_TOLERATION_SECONDS = 300;
const NOT_READY_TAINT = 'node.kubernetes.io/not-ready';
const UNREACHABLE_TAINT = 'node.kubernetes.io/unreachable';

/** the system priority classes every cluster has; other names need a PriorityClass lookup */
export const SYSTEM_PRIORITY_CLASSES: Record<string, number> = {
  'system-node-critical': 2000001000,
  'system-cluster-critical': 2000000000,
};

function specOf(pod: KubeObject): JsonObject {
  return ensureObject(pod, 'spec');
}

/** SetDefaults_Pod: requests default to limits, service links on, host-network ports mirrored */
function setPodOnlyDefaults(spec: JsonObject): void {
  for (const c of [...getObjects(spec, 'containers'), ...getObjects(spec, 'initContainers')]) {
    const resources = ensureObject(c, 'resources');
    const limits = getObject(resources, 'limits');
    if (!limits) continue;
    const requests = ensureObject(resources, 'requests');
    for (const [name, q] of Object.entries(limits)) {
      if (requests[name] === undefined) requests[name] = q;
    }
    canonicalizeResourceList(requests);
  }
  if (typeof spec['enableServiceLinks'] !== 'boolean') spec['enableServiceLinks'] = true;
  if (spec['hostNetwork'] === true) {
    for (const c of [...getObjects(spec, 'containers'), ...getObjects(spec, 'initContainers')]) {
      for (const port of getObjects(c, 'ports')) {
        if (!getNumber(port, 'hostPort')) port['hostPort'] = port['containerPort'];
      }
    }
  }
}

/** the scheme defaults of a Pod, without admission */
export function defaultPodScheme(pod: KubeObject): void {
  const spec = specOf(pod);
  defaultPodSpec(spec);
  setPodOnlyDefaults(spec);
}

/** ServiceAccount admission; the v1 conversion mirrors the name into the deprecated serviceAccount field */
function admitServiceAccount(spec: JsonObject): void {
  const name = str(spec, 'serviceAccountName') || str(spec, 'serviceAccount') || 'default';
  spec['serviceAccountName'] = name;
  spec['serviceAccount'] = name;
}

export interface TolerationSeconds {
  /** kube-apiserver --default-not-ready-toleration-seconds (300) */
  notReady: number;
  /** kube-apiserver --default-unreachable-toleration-seconds (300) */
  unreachable: number;
}

export const DEFAULT_TOLERATIONS: TolerationSeconds = { notReady: DEFAULT_TOLERATION_SECONDS, unreachable: DEFAULT_TOLERATION_SECONDS };

/** DefaultTolerationSeconds admission */
export function admitDefaultTolerations(spec: JsonObject, seconds: TolerationSeconds = DEFAULT_TOLERATIONS): void {
  const tolerations = getObjects(spec, 'tolerations');
  const tolerates = (taint: string): boolean =>
    tolerations.some((t) => (str(t, 'key') === taint || !str(t, 'key')) && (str(t, 'effect') === 'NoExecute' || !str(t, 'effect')));
  const added = [NOT_READY_TAINT, UNREACHABLE_TAINT]
    .filter((taint) => !tolerates(taint))
    .map((taint) => ({ key: taint, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: taint === NOT_READY_TAINT ? seconds.notReady : seconds.unreachable }));
  if (added.length) spec['tolerations'] = [...tolerations, ...added];
}

/** Priority admission without PriorityClass objects: no default class exists, so priority 0 */
function admitPriority(spec: JsonObject): void {
  const className = str(spec, 'priorityClassName');
  const priority = className ? SYSTEM_PRIORITY_CLASSES[className] : 0;
  if (priority === undefined) return;
  if (getNumber(spec, 'priority') === undefined) spec['priority'] = priority;
  if (getString(spec, 'preemptionPolicy') === undefined) spec['preemptionPolicy'] = 'PreemptLowerPriority';
}

/** scheme defaults plus the create-time admission defaults, as `kubectl get pod -o yaml` shows them */
export function defaultPod(pod: KubeObject, tolerations: TolerationSeconds = DEFAULT_TOLERATIONS): void {
  defaultPodScheme(pod);
  const spec = specOf(pod);
  admitServiceAccount(spec);
  admitDefaultTolerations(spec, tolerations);
  admitPriority(spec);
}

/** what admission does on update: tolerations re-added, priority carried over from the stored pod */
export function admitPodUpdate(pod: KubeObject, old: KubeObject, tolerations: TolerationSeconds = DEFAULT_TOLERATIONS): void {
  const spec = specOf(pod);
  const oldSpec = getObject(old, 'spec');
  admitDefaultTolerations(spec, tolerations);
  for (const f of ['priority', 'preemptionPolicy']) {
    if (spec[f] === undefined && oldSpec?.[f] !== undefined) spec[f] = oldSpec[f];
  }
}

/**
 * The pod strategy's PrepareForCreate: status starts Pending with the QoS class,
 * and a pod with scheduling gates gets PodScheduled=False/SchedulingGated.
 */
export function preparePodForCreate(pod: KubeObject): void {
  const status: JsonObject = { phase: 'Pending', qosClass: computePodQos(pod) };
  if (getObjects(getObject(pod, 'spec'), 'schedulingGates').length) {
    status['conditions'] = [
      { type: 'PodScheduled', status: 'False', reason: 'SchedulingGated', message: 'Scheduling is blocked due to non-empty scheduling gates', lastProbeTime: null, lastTransitionTime: null },
    ];
  }
  pod['status'] = status;
}
