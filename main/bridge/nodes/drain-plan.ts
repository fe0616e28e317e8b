// Which pods `kubectl drain NODE --ignore-daemonsets --delete-emptydir-data` takes off a
// node, which it leaves and which stop it (kubectl/pkg/drain/filters.go): mirror pods
// (static pods the kubelet mirrors) cannot be evicted and are skipped; DaemonSet pods are
// skipped with a warning (their controller would put them right back); pods with no
// controller would be gone for good, so drain refuses them unless forced. Pure.
import type { PodObject } from './node-summary.js';

export const MIRROR_POD_ANNOTATION = 'kubernetes.io/config.mirror';

export interface DrainPlan {
  evict: PodObject[];
  skipped: { pod: string; reason: string }[];
  /** pods that block the drain (kubectl's "cannot delete …" errors) */
  blocking: { pod: string; reason: string }[];
}

export function podKey(p: PodObject): string {
  return `${p.metadata.namespace ?? 'default'}/${p.metadata.name ?? ''}`;
}

export function planDrain(nodeName: string, pods: PodObject[], opts: { force: boolean }): DrainPlan {
  const plan: DrainPlan = { evict: [], skipped: [], blocking: [] };
  for (const p of pods) {
    if (p.spec?.nodeName !== nodeName) continue;
    const key = podKey(p);
    if (p.metadata.annotations?.[MIRROR_POD_ANNOTATION] !== undefined) {
      plan.skipped.push({ pod: key, reason: 'mirror pod' });
      continue;
    }
    const controller = p.metadata.ownerReferences?.find((o) => o.controller === true);
    if (controller?.kind === 'DaemonSet') {
      plan.skipped.push({ pod: key, reason: 'DaemonSet-managed' });
      continue;
    }
    // a finished pod has nothing left to lose: kubectl deletes it without --force
    const finished = p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed';
    if (!controller && !finished && !opts.force) {
      plan.blocking.push({ pod: key, reason: 'declares no controller' });
      continue;
    }
    plan.evict.push(p);
  }
  return plan;
}

/** kubectl's words when unmanaged pods stop a drain */
export function blockingMessage(nodeName: string, plan: DrainPlan): string {
  return `unable to drain node "${nodeName}" due to error: cannot delete Pods that declare no controller (use --force to override): ${plan.blocking.map((b) => b.pod).join(', ')}`;
}
