// What the scheduler writes to the API: the pods/binding subresource (DefaultBinder),
// the Scheduled and FailedScheduling events, and the PodScheduled=False condition with
// reason Unschedulable (or SchedulerError) through pods/status, written only when it
// changes (podutil.UpdatePodCondition).
import type { KubeObject } from '../../common/kube-types.js';
import type { ApiClient } from '../../common/client/api-client.js';
import type { EventRecorder } from '../../common/client/event-recorder.js';
import type { ResolvedConfig } from './config.js';
import { truncateEventMessage } from './fit-error.js';
import type { PodInfo } from './pod-info.js';
import type { PodCondition, PodStatusShape } from './types.js';

/** event reasons kube-scheduler uses */
export const REASON_SCHEDULED = 'Scheduled';
export const REASON_FAILED_SCHEDULING = 'FailedScheduling';
/** PodScheduled condition reasons (v1.PodReasonUnschedulable, v1.PodReasonSchedulerError) */
export type UnscheduledReason = 'Unschedulable' | 'SchedulerError';

function podPath(namespace: string): { group: string; version: string; resource: string; namespace: string } {
  return { group: '', version: 'v1', resource: 'pods', namespace };
}

/** metav1.Time: RFC 3339 with whole seconds */
function rfc3339(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

/** the involved object of an event: informer objects may lack kind/apiVersion */
function podRef(pod: PodInfo): KubeObject {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { ...pod.obj.metadata } };
}

/**
 * Events are written in the background, a few at a time, so a burst of Scheduled events
 * leaves the client's connections to the bindings (kube-scheduler's events trail its
 * bindings the same way under load). Nothing is dropped: the queue drains after the burst.
 */
class EventQueue {
  private readonly waiting: (() => Promise<void>)[] = [];
  private running = 0;

  constructor(private readonly concurrency: number) {}

  push(write: () => Promise<void>): Promise<void> {
    return new Promise<void>((resolve) => {
      this.waiting.push(() => write().finally(resolve));
      this.pump();
    });
  }

  private pump(): void {
    while (this.running < this.concurrency) {
      const next = this.waiting.shift();
      if (!next) return;
      this.running++;
      void next().finally(() => {
        this.running--;
        this.pump();
      });
    }
  }
}

export class Binder {
  private readonly events: EventQueue;

  constructor(
    private readonly client: ApiClient,
    private readonly recorder: EventRecorder,
    private readonly cfg: ResolvedConfig,
  ) {
    this.events = new EventQueue(cfg.eventWriters);
  }

  /** POST pods/NAME/binding with a Binding to the node */
  async bind(pod: PodInfo, node: string): Promise<void> {
    const binding: KubeObject = {
      apiVersion: 'v1',
      kind: 'Binding',
      metadata: { name: pod.name, namespace: pod.namespace, uid: pod.uid },
      target: { kind: 'Node', name: node },
    };
    await this.client.create(podPath(pod.namespace), binding, 'binding', pod.name);
  }

  /** events are best effort, as in client-go: a failed write is reported, never thrown */
  scheduled(pod: PodInfo, node: string): Promise<void> {
    const ref = podRef(pod);
    return this.events.push(() =>
      this.recorder.write(ref, 'Normal', REASON_SCHEDULED, `Successfully assigned ${pod.namespace}/${pod.name} to ${node}`).catch((e: unknown) => this.cfg.onError('event Scheduled', e)),
    );
  }

  failed(pod: PodInfo, message: string): Promise<void> {
    const ref = podRef(pod);
    return this.events.push(() => this.recorder.write(ref, 'Warning', REASON_FAILED_SCHEDULING, truncateEventMessage(message)).catch((e: unknown) => this.cfg.onError('event FailedScheduling', e)));
  }

  /** sets PodScheduled=False unless the pod already says exactly that */
  async markUnscheduled(current: KubeObject, reason: UnscheduledReason, message: string): Promise<void> {
    const status = (current.status ?? {}) as PodStatusShape;
    const old = (status.conditions ?? []).find((c) => c.type === 'PodScheduled');
    if (old && old.status === 'False' && old.reason === reason && old.message === message) return;
    const condition: PodCondition = {
      type: 'PodScheduled',
      status: 'False',
      reason,
      message,
      lastProbeTime: null,
      // the transition time moves only when the status does
      lastTransitionTime: old && old.status === 'False' && old.lastTransitionTime ? old.lastTransitionTime : rfc3339(this.cfg.clock.now()),
    };
    await this.client.patch(podPath(current.metadata.namespace ?? ''), current.metadata.name ?? '', { status: { conditions: [condition] } }, 'strategic', 'status');
  }
}
