// The scheduler's entry point: startScheduler(client, config) watches pods and nodes
// through the API and binds pending pods as kube-scheduler 1.32's default profile would.
import type { ApiClient } from '../../common/client/api-client.js';
import type { SchedulerConfig } from './config.js';
import type { DecisionListener, SchedulingDecision } from './decisions.js';
import type { NodeSummary } from './scheduler.js';
import { Scheduler as SchedulerImpl } from './scheduler.js';

export type { Clock, ScoreWeights, SchedulerConfig } from './config.js';
export { DEFAULT_SCORE_WEIGHTS, SchedulerConfigError } from './config.js';
export type { NodeSummary } from './scheduler.js';
export type { DecisionListener, FilterResult, NodeDecision, SchedulingDecision, ScoreResult } from './decisions.js';

export interface Scheduler {
  /** stops the informers, the queue and the loop; bindings already sent finish on their own */
  stop(): void;
  /** resolves once every binding, status patch and event already started has been written */
  drain(): Promise<void>;
  /** resolves once the informers have listed pods, nodes and the spreading listers */
  synced(): Promise<void>;
  /** the last few scheduling decisions for a pod ("namespace/name"), oldest first */
  decisions(podKey: string): SchedulingDecision[];
  /** every decision as it is made; returns the unsubscribe function */
  onDecision(listener: DecisionListener): () => void;
  /** per node, what the scheduler has counted there (requests of bound and assumed pods) */
  nodes(): NodeSummary[];
  /** queue lengths and cache size, for the app and for tests */
  stats(): { active: number; backoff: number; unschedulable: number; gated: number; cachedPods: number; nodes: number };
}

export function startScheduler(client: ApiClient, config: SchedulerConfig = {}): Scheduler {
  const s = new SchedulerImpl(client, config);
  s.start();
  return {
    stop: () => s.stop(),
    synced: () => s.synced(),
    drain: () => s.drain(),
    decisions: (key) => s.decisions(key),
    onDecision: (l) => s.onDecision(l),
    nodes: () => s.nodeSummaries(),
    stats: () => s.stats(),
  };
}
