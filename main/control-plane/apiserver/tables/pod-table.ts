// Pods: NAME READY STATUS RESTARTS AGE | IP NODE NOMINATED NODE READINESS GATES, computed
// the way pkg/printers/internalversion/printers.go printPod does in 1.32, so STATUS
// reads exactly as on a real cluster (Init:0/1, ErrImagePull, CrashLoopBackOff,
// Completed, Terminating, ...) and RESTARTS carries the "(5m ago)" suffix.
import type { KubeObject } from '../../../common/kube-types.js';
import { at, bool, int, isRecord, list, optStr, rec, str, type JsonRecord } from './accessors.js';
import { ageColumn, column, doc, nameColumn, wide } from './columns.js';
import { humanDuration, parseTime, translateTimestampSince } from './duration.js';
import type { PrinterDef, TableRowCondition } from './printer-def.js';

/** k8s.io/kubernetes/pkg/util/node NodeUnreachablePodReason, set by the node lifecycle controller */
const NODE_UNREACHABLE_POD_REASON = 'NodeLost';

const SUCCEEDED: TableRowCondition[] = [
  { type: 'Completed', status: 'True', reason: 'Succeeded', message: 'The pod has completed successfully.' },
];
const FAILED: TableRowCondition[] = [{ type: 'Completed', status: 'True', reason: 'Failed', message: 'The pod failed.' }];

/** A "zero or later" time: undefined stands for Go's zero time, which is before everything. */
type Instant = number | undefined;

function later(current: Instant, candidate: Instant): Instant {
  // lastRestartDate.Before(&terminatedDate): a zero candidate never wins.
  if (candidate === undefined) return current;
  return current === undefined || current < candidate ? candidate : current;
}

function lastTerminationFinishedAt(status: JsonRecord): Instant | 'none' {
  const terminated = status['lastState'];
  if (!isRecord(terminated) || !isRecord(terminated['terminated'])) return 'none';
  return parseTime(terminated['terminated']['finishedAt']);
}

interface PodStatusSummary {
  reason: string;
  ready: number;
  total: number;
  restarts: number;
  lastRestart: Instant;
}

/** printPod's STATUS / READY / RESTARTS computation. */
export function summarizePod(pod: KubeObject): PodStatusSummary {
  const spec = rec(pod, 'spec');
  const status = rec(pod, 'status');
  const conditions = list(status, 'conditions');
  const initSpecs = list(spec, 'initContainers');

  const restartable = new Set<string>();
  for (const container of initSpecs) {
    // podutil.IsRestartableInitContainer: sidecars are init containers with restartPolicy Always.
    if (str(container, 'restartPolicy') === 'Always') restartable.add(str(container, 'name'));
  }

  let reason = str(status, 'reason') || str(status, 'phase');
  for (const condition of conditions) {
    if (str(condition, 'type') === 'PodScheduled' && str(condition, 'reason') === 'SchedulingGated') {
      reason = 'SchedulingGated';
    }
  }

  const total = list(spec, 'containers').length + restartable.size;
  let ready = 0;
  let restarts = 0;
  let lastRestart: Instant;
  let sidecarRestarts = 0;
  let lastSidecarRestart: Instant;
  let initializing = false;

  const initStatuses = list(status, 'initContainerStatuses');
  for (const [index, entry] of initStatuses.entries()) {
    const container = rec(entry);
    const isSidecar = restartable.has(str(container, 'name'));
    const count = int(container, 'restartCount');
    const finished = lastTerminationFinishedAt(container);
    restarts += count;
    if (finished !== 'none') lastRestart = later(lastRestart, finished);
    if (isSidecar) {
      sidecarRestarts += count;
      if (finished !== 'none') lastSidecarRestart = later(lastSidecarRestart, finished);
    }
    const terminated = rec(container, 'state', 'terminated');
    const hasTerminated = isRecord(at(container, 'state', 'terminated'));
    const waitingReason = str(container, 'state', 'waiting', 'reason');
    if (hasTerminated && int(terminated, 'exitCode') === 0) continue;
    if (isSidecar && bool(container, 'started')) {
      if (bool(container, 'ready')) ready++;
      continue;
    }
    initializing = true;
    if (hasTerminated) {
      reason = terminatedReason(terminated, 'Init:');
    } else if (waitingReason !== '' && waitingReason !== 'PodInitializing') {
      reason = `Init:${waitingReason}`;
    } else {
      reason = `Init:${index}/${initSpecs.length}`;
    }
    break;
  }

  if (!initializing || isInitialized(conditions)) {
    // Only sidecar restarts carry over once regular containers run.
    restarts = sidecarRestarts;
    lastRestart = lastSidecarRestart;
    let hasRunning = false;
    const statuses = list(status, 'containerStatuses');
    // Walked backwards so the first container's state has the last word, as in kube.
    for (let i = statuses.length - 1; i >= 0; i--) {
      const container = rec(statuses[i]);
      restarts += int(container, 'restartCount');
      const finished = lastTerminationFinishedAt(container);
      if (finished !== 'none') lastRestart = later(lastRestart, finished);
      const state = rec(container, 'state');
      const waitingReason = str(state, 'waiting', 'reason');
      const hasTerminated = isRecord(state['terminated']);
      if (isRecord(state['waiting']) && waitingReason !== '') {
        reason = waitingReason;
      } else if (hasTerminated) {
        reason = terminatedReason(rec(state, 'terminated'), '');
      } else if (bool(container, 'ready') && isRecord(state['running'])) {
        hasRunning = true;
        ready++;
      }
    }
    // A pod whose finished container is not the only one still reports Running.
    if (reason === 'Completed' && hasRunning) {
      reason = hasCondition(conditions, 'Ready') ? 'Running' : 'NotReady';
    }
  }

  const phase = str(status, 'phase');
  if (optStr(pod.metadata, 'deletionTimestamp') !== undefined) {
    if (str(status, 'reason') === NODE_UNREACHABLE_POD_REASON) {
      reason = 'Unknown';
    } else if (phase !== 'Succeeded' && phase !== 'Failed') {
      reason = 'Terminating';
    }
  }
  return { reason, ready, total, restarts, lastRestart };
}

function terminatedReason(terminated: JsonRecord, prefix: string): string {
  const reason = str(terminated, 'reason');
  if (reason !== '') return `${prefix}${reason}`;
  const signal = int(terminated, 'signal');
  if (signal !== 0) return `${prefix}Signal:${signal}`;
  return `${prefix}ExitCode:${int(terminated, 'exitCode')}`;
}

function isInitialized(conditions: unknown[]): boolean {
  // The first Initialized condition decides, as isPodInitializedConditionTrue does.
  const initialized = conditions.find((c) => str(c, 'type') === 'Initialized');
  return initialized !== undefined && str(initialized, 'status') === 'True';
}

function hasCondition(conditions: unknown[], type: string): boolean {
  return conditions.some((c) => str(c, 'type') === type && str(c, 'status') === 'True');
}

/** The internal PodStatus.PodIPs[0]: status.podIP wins over podIPs in v1→internal conversion. */
function podIP(status: JsonRecord): string {
  const single = str(status, 'podIP');
  if (single !== '') return single;
  return str(list(status, 'podIPs')[0], 'ip');
}

function readinessGates(spec: JsonRecord, status: JsonRecord): string {
  const gates = list(spec, 'readinessGates');
  if (gates.length === 0) return '<none>';
  const conditions = list(status, 'conditions');
  let trueConditions = 0;
  for (const gate of gates) {
    const match = conditions.find((c) => str(c, 'type') === str(gate, 'conditionType'));
    if (match !== undefined && str(match, 'status') === 'True') trueConditions++;
  }
  return `${trueConditions}/${gates.length}`;
}

function orNone(value: string): string {
  return value === '' ? '<none>' : value;
}

export const podTable: PrinterDef = {
  columns: [
    nameColumn,
    column('Ready', 'string', 'The aggregate readiness state of this pod for accepting traffic.'),
    column('Status', 'string', 'The aggregate status of the containers in this pod.'),
    column(
      'Restarts',
      'string',
      'The number of times the containers in this pod have been restarted and when the last container in this pod has restarted.',
    ),
    ageColumn,
    wide('IP', 'string', doc.podIP),
    wide('Node', 'string', doc.nodeName),
    wide('Nominated Node', 'string', doc.nominatedNodeName),
    wide('Readiness Gates', 'string', doc.readinessGates),
  ],
  row(pod, now) {
    const summary = summarizePod(pod);
    let restarts = String(summary.restarts);
    if (summary.restarts !== 0 && summary.lastRestart !== undefined) {
      restarts = `${summary.restarts} (${humanDuration(now.getTime() - summary.lastRestart)} ago)`;
    }
    const spec = rec(pod, 'spec');
    const status = rec(pod, 'status');
    return [
      pod.metadata.name ?? '',
      `${summary.ready}/${summary.total}`,
      summary.reason,
      restarts,
      translateTimestampSince(pod.metadata.creationTimestamp, now),
      orNone(podIP(status)),
      orNone(str(spec, 'nodeName')),
      orNone(str(status, 'nominatedNodeName')),
      readinessGates(spec, status),
    ];
  },
  conditions(pod) {
    const phase = str(pod, 'status', 'phase');
    if (phase === 'Succeeded') return SUCCEEDED;
    if (phase === 'Failed') return FAILED;
    return undefined;
  },
};
