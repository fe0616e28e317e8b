// kube-scheduler 1.32's FailedScheduling wording (framework.FitError.Error and the
// DefaultPreemption PostFilter message), so `kubectl describe pod` reads the same:
//   0/3 nodes are available: 1 Insufficient cpu, 2 node(s) had untolerated taint
//   {node-role.kubernetes.io/control-plane: }. preemption: 0/3 nodes are available:
//   1 No preemption victims found for incoming pod, 2 Preemption is not helpful for scheduling.
// Reasons are "<count> <reason>" sorted as strings (Go's sort.Strings); a PreFilter
// rejection replaces the per-node histogram.
import type { PodInfo } from './pod-info.js';
import type { Rejection } from './plugin.js';

/** ErrNoNodesAvailable */
export const NO_NODES_MESSAGE = 'no nodes available to schedule pods';

export interface NodeRejection {
  node: string;
  plugin: string;
  rejection: Rejection;
}

export interface Diagnosis {
  numAllNodes: number;
  /** a PreFilter rejection's message (then no per-node histogram is shown) */
  preFilterMsg?: string;
  /** nodes with their own status */
  rejected: readonly NodeRejection[];
  /** the status of every node not in `rejected` (NodeToStatus.AbsentNodesStatus) */
  absent?: Rejection;
}

function byteOrder(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function histogram(d: Diagnosis, reasonsOf: (r: NodeRejection | undefined, absent: Rejection) => readonly string[] = (r, a) => (r ? r.rejection.reasons : a.reasons)): string[] {
  const counts = new Map<string, number>();
  const add = (reason: string, n: number): void => {
    counts.set(reason, (counts.get(reason) ?? 0) + n);
  };
  for (const r of d.rejected) for (const reason of reasonsOf(r, r.rejection)) add(reason, 1);
  const absentCount = d.numAllNodes - d.rejected.length;
  if (d.absent && absentCount > 0) for (const reason of reasonsOf(undefined, d.absent)) add(reason, absentCount);
  return [...counts].map(([reason, n]) => `${n} ${reason}`).sort(byteOrder);
}

/** FitError.Error() without the PostFilter part */
export function fitErrorMessage(d: Diagnosis): string {
  let msg = `0/${d.numAllNodes} nodes are available:`;
  if (d.preFilterMsg) return `${msg} ${d.preFilterMsg}.`;
  const reasons = histogram(d);
  if (reasons.length) msg += ` ${reasons.join(', ')}.`;
  return msg;
}

const NO_VICTIMS = 'No preemption victims found for incoming pod';
const NOT_HELPFUL = 'Preemption is not helpful for scheduling';

/**
 * DefaultPreemption's PostFilter message. Preemption is not carried out here: a node it
 * could act on (rejected as Unschedulable) reports that no victims were found, as kube
 * does when no lower-priority pod would make room; nodes rejected as
 * UnschedulableAndUnresolvable (and nodes absent from the diagnosis) are not helped.
 */
export function preemptionMessage(pod: PodInfo, d: Diagnosis): string {
  if (pod.preemptionPolicy === 'Never') return 'preemption: not eligible due to preemptionPolicy=Never.';
  const reasons = histogram({ numAllNodes: d.numAllNodes, rejected: d.rejected, absent: { code: 'UnschedulableAndUnresolvable', reasons: [NOT_HELPFUL] } }, (r) =>
    r === undefined ? [NOT_HELPFUL] : r.rejection.code === 'Unschedulable' ? [NO_VICTIMS] : [NOT_HELPFUL],
  );
  return `preemption: 0/${d.numAllNodes} nodes are available: ${reasons.join(', ')}.`;
}

/** the whole FailedScheduling message / PodScheduled condition message */
export function failedSchedulingMessage(pod: PodInfo, d: Diagnosis): string {
  return `${fitErrorMessage(d)} ${preemptionMessage(pod, d)}`;
}

/** truncateMessage: an event note is limited to 1024 bytes */
export function truncateEventMessage(message: string): string {
  const max = 1024;
  if (Buffer.byteLength(message) <= max) return message;
  const suffix = ' ...';
  return Buffer.from(message).subarray(0, max - suffix.length).toString('utf8') + suffix;
}
