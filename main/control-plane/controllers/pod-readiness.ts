// Pod state as the controllers judge it (k8s.io/kubernetes/pkg/api/v1/pod/util.go):
// Ready is the kubelet's Ready condition; Available is Ready for minReadySeconds.
import type { KubeObject } from '../../common/kube-types.js';
import { parseTime } from './controller-support.js';

export interface PodCondition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
  lastTransitionTime?: string | null;
}

export function podConditions(pod: KubeObject): PodCondition[] {
  return (pod.status as { conditions?: PodCondition[] } | undefined)?.conditions ?? [];
}

export function podPhase(pod: KubeObject): string {
  return (pod.status as { phase?: string } | undefined)?.phase ?? '';
}

export function isPodReady(pod: KubeObject): boolean {
  return podConditions(pod).some((c) => c.type === 'Ready' && c.status === 'True');
}

/** IsPodAvailable: ready, and ready for at least minReadySeconds */
export function isPodAvailable(pod: KubeObject, minReadySeconds: number, now: number): boolean {
  const ready = podConditions(pod).find((c) => c.type === 'Ready' && c.status === 'True');
  if (!ready) return false;
  if (minReadySeconds <= 0) return true;
  const since = parseTime(ready.lastTransitionTime);
  return since !== undefined && since + minReadySeconds * 1000 <= now;
}

/** IsPodTerminal: Succeeded or Failed */
export function isPodTerminal(pod: KubeObject): boolean {
  const phase = podPhase(pod);
  return phase === 'Succeeded' || phase === 'Failed';
}
