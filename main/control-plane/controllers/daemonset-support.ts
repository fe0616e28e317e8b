// The DaemonSet controller's bookkeeping: expectations (controller.ControllerExpectations)
// and the ownerReference patches of adoption and release (ControllerRefManager).
import type { KubeObject } from '../../common/kube-types.js';
import type { ControllerClock } from './controller-support.js';
import { controllerRefTo } from './daemonset-scheduling.js';

interface Expected {
  add: number;
  del: number;
  at: number;
}

/**
 * Creates and deletes this controller asked for but has not yet seen through its
 * informer. Until they are seen (or time out) the DaemonSet is not managed again, so
 * a stale cache never makes a second pod for a node.
 */
export class DaemonSetExpectations {
  private readonly m = new Map<string, Expected>();

  constructor(
    private readonly clock: ControllerClock,
    private readonly ttlMs: number,
  ) {}

  set(key: string, add: number, del: number): void {
    this.m.set(key, { add, del, at: this.clock.now() });
  }

  lower(key: string, add: number, del: number): void {
    const e = this.m.get(key);
    if (!e) return;
    e.add -= add;
    e.del -= del;
  }

  creationObserved(key: string): void {
    this.lower(key, 1, 0);
  }

  deletionObserved(key: string): void {
    this.lower(key, 0, 1);
  }

  satisfied(key: string): boolean {
    const e = this.m.get(key);
    if (!e) return true;
    return (e.add <= 0 && e.del <= 0) || this.clock.now() - e.at > this.ttlMs;
  }

  delete(key: string): void {
    this.m.delete(key);
  }
}

/** adoption: the DaemonSet becomes the pod's controller, guarded by the pod's resourceVersion */
export function adoptionPatch(pod: KubeObject, ds: KubeObject): Record<string, unknown> {
  return { metadata: { resourceVersion: pod.metadata.resourceVersion, ownerReferences: [...(pod.metadata.ownerReferences ?? []), controllerRefTo(ds)] } };
}

/** release: the DaemonSet's reference is taken off a pod that no longer matches its selector */
export function releasePatch(pod: KubeObject, ds: KubeObject): Record<string, unknown> {
  const rest = (pod.metadata.ownerReferences ?? []).filter((o) => o.uid !== ds.metadata.uid);
  return { metadata: { resourceVersion: pod.metadata.resourceVersion, ownerReferences: rest.length ? rest : null } };
}
