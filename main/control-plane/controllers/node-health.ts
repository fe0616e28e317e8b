// The node lifecycle controller's health bookkeeping (tryUpdateNodeHealth in
// pkg/controller/nodelifecycle, 1.32), without I/O: a node is alive while its Ready
// heartbeat or its Lease in kube-node-lease keeps changing. What is compared is the
// controller's own clock at the moment it sees a change, never the timestamps the node
// wrote, so a node with a skewed clock is judged fairly.
import type { KubeObject } from '../../common/kube-types.js';
import { parseTime, rfc3339 } from './controller-support.js';

export interface NodeCondition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  reason?: string;
  message?: string;
  lastHeartbeatTime?: string | null;
  lastTransitionTime?: string | null;
}

export interface NodeHealth {
  /** the Ready condition as last seen */
  ready: NodeCondition | undefined;
  /** controller time of the last heartbeat or lease renewal seen */
  probeTimestamp: number;
  readyTransitionTimestamp: number;
  /** the lease's spec.renewTime as last seen */
  leaseRenewTime: number | undefined;
}

export interface HealthTimings {
  nodeMonitorGracePeriodMs: number;
  nodeStartupGracePeriodMs: number;
}

export interface HealthVerdict {
  health: NodeHealth;
  /** the Ready condition before this pass (a made-up Unknown one when the node never posted it) */
  observedReady: NodeCondition;
  /** whether the node had a Ready condition of its own */
  hasReady: boolean;
  /** the node with its conditions set to Unknown, to write through nodes/status; undefined when nothing changed */
  update: KubeObject | undefined;
}

// NetworkUnavailable is left alone: it belongs to the network plugin, not the kubelet
const MONITORED_CONDITIONS = ['Ready', 'MemoryPressure', 'DiskPressure', 'PIDPressure'];

export function conditionsOf(node: KubeObject | undefined): NodeCondition[] {
  return ((node?.status as { conditions?: NodeCondition[] } | undefined)?.conditions ?? []).filter((c) => c && typeof c.type === 'string');
}

export function readyCondition(node: KubeObject | undefined): NodeCondition | undefined {
  return conditionsOf(node).find((c) => c.type === 'Ready');
}

function leaseRenewTime(lease: KubeObject | undefined): number | undefined {
  return parseTime((lease?.spec as { renewTime?: string } | undefined)?.renewTime);
}

/** updates the probe bookkeeping from what the node and its lease show now, and marks the node Unknown when it went quiet */
export function evaluateNodeHealth(node: KubeObject, lease: KubeObject | undefined, saved: NodeHealth | undefined, now: number, t: HealthTimings): HealthVerdict {
  const created = parseTime(node.metadata.creationTimestamp) ?? now;
  const current = readyCondition(node);
  let gracePeriod = t.nodeMonitorGracePeriodMs;
  let observedReady: NodeCondition;
  let health: NodeHealth;
  if (!current) {
    // the kubelet never posted status: measure from the node's creation with the startup grace period
    const at = rfc3339(created);
    observedReady = { type: 'Ready', status: 'Unknown', lastHeartbeatTime: at, lastTransitionTime: at };
    gracePeriod = t.nodeStartupGracePeriodMs;
    health = saved ? { ...saved, ready: undefined } : { ready: undefined, probeTimestamp: created, readyTransitionTimestamp: created, leaseRenewTime: undefined };
  } else {
    observedReady = { ...current };
    if (!saved) health = { ready: current, probeTimestamp: now, readyTransitionTimestamp: now, leaseRenewTime: undefined };
    else if (!saved.ready) health = { ...saved, ready: current, probeTimestamp: now, readyTransitionTimestamp: now };
    else if (saved.ready.lastHeartbeatTime !== current.lastHeartbeatTime) {
      const transitioned = saved.ready.lastTransitionTime !== current.lastTransitionTime;
      health = { ...saved, ready: current, probeTimestamp: now, readyTransitionTimestamp: transitioned ? now : saved.readyTransitionTimestamp };
    } else health = { ...saved, ready: current };
  }
  // a renewed lease always counts as a heartbeat (the kubelet posts full status only every 5 min)
  const renew = leaseRenewTime(lease);
  if (renew !== undefined && (health.leaseRenewTime === undefined || health.leaseRenewTime < renew)) {
    health = { ...health, leaseRenewTime: renew, probeTimestamp: now };
  }
  if (now <= health.probeTimestamp + gracePeriod) return { health, observedReady, hasReady: current !== undefined, update: undefined };

  const updated = structuredClone(node);
  const status = (updated.status ?? {}) as { conditions?: NodeCondition[] };
  updated.status = status;
  const conditions = conditionsOf(updated);
  const stamp = rfc3339(now);
  let changed = false;
  for (const type of MONITORED_CONDITIONS) {
    const c = conditions.find((x) => x.type === type);
    if (!c) {
      conditions.push({ type, status: 'Unknown', reason: 'NodeStatusNeverUpdated', message: 'Kubelet never posted node status.', lastHeartbeatTime: rfc3339(created), lastTransitionTime: stamp });
      changed = true;
    } else if (c.status !== 'Unknown') {
      c.status = 'Unknown';
      c.reason = 'NodeStatusUnknown';
      c.message = 'Kubelet stopped posting node status.';
      c.lastTransitionTime = stamp;
      changed = true;
    }
  }
  status.conditions = conditions;
  // kube writes only when the Ready condition itself changed
  const newReady = conditions.find((c) => c.type === 'Ready');
  const readyChanged = !current || newReady?.status !== current.status || newReady.reason !== current.reason;
  return { health, observedReady, hasReady: current !== undefined, update: changed && readyChanged ? updated : undefined };
}
