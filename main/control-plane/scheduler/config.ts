// The scheduler's configuration: every timing is a field, defaults are kube-scheduler
// 1.32's (KubeSchedulerConfiguration v1 and the scheduling queue's constants), and time
// and randomness are injected so a spec can run a 5-minute flush in milliseconds.

/** wall time and timers, injectable (kwok's Config{Clock}) */
export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const realClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => {
    const t = setTimeout(fn, ms);
    t.unref();
    return t;
  },
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
};

/** the default profile's score plugin weights (pkg/scheduler/apis/config/v1/default_plugins.go) */
export interface ScoreWeights {
  TaintToleration: number;
  NodeAffinity: number;
  NodeResourcesFit: number;
  PodTopologySpread: number;
  InterPodAffinity: number;
  NodeResourcesBalancedAllocation: number;
}

export const DEFAULT_SCORE_WEIGHTS: ScoreWeights = {
  TaintToleration: 3,
  NodeAffinity: 2,
  NodeResourcesFit: 1,
  PodTopologySpread: 2,
  InterPodAffinity: 2,
  NodeResourcesBalancedAllocation: 1,
};

export interface SchedulerConfig {
  /** pods whose spec.schedulerName is this are ours (the default profile's name) */
  schedulerName?: string;
  /** podInitialBackoffSeconds: 1 s; doubles per failed attempt */
  podInitialBackoffMs?: number;
  /** podMaxBackoffSeconds: 10 s */
  podMaxBackoffMs?: number;
  /** podMaxInUnschedulablePodsDuration: 5 min, after which a pod leaves the unschedulable queue anyway */
  podMaxInUnschedulablePodsDurationMs?: number;
  /** how often the unschedulable queue is checked for leftovers (kube: every 30 s) */
  unschedulableFlushIntervalMs?: number;
  /** how often pods whose backoff has expired move to the active queue (kube: every 1 s) */
  backoffFlushIntervalMs?: number;
  /** percentageOfNodesToScore; 0 = kube's adaptive 50% - nodes/125, at least 5%, at least 100 nodes */
  percentageOfNodesToScore?: number;
  /** the informers' pause before listing again after a broken watch */
  relistDelayMs?: number;
  /** score plugin weights; a weight of 0 disables that score plugin */
  weights?: Partial<ScoreWeights>;
  /** per pod, how many recent decisions are kept for the app */
  decisionsPerPod?: number;
  /** how many pods' decisions are kept (least recently decided dropped first) */
  decisionPods?: number;
  /** how long a scheduling burst may hold the event loop before yielding to I/O */
  yieldEveryMs?: number;
  /** how many events are written at once; the rest wait their turn behind the bindings */
  eventWriters?: number;
  clock?: Clock;
  /** a uniform [0, 1) source for breaking score ties */
  random?: () => number;
  /** errors that are logged, never thrown (event writes, status patches) */
  onError?: (context: string, e: unknown) => void;
}

export interface ResolvedConfig {
  schedulerName: string;
  podInitialBackoffMs: number;
  podMaxBackoffMs: number;
  podMaxInUnschedulablePodsDurationMs: number;
  unschedulableFlushIntervalMs: number;
  backoffFlushIntervalMs: number;
  percentageOfNodesToScore: number;
  relistDelayMs: number;
  weights: ScoreWeights;
  decisionsPerPod: number;
  decisionPods: number;
  yieldEveryMs: number;
  eventWriters: number;
  clock: Clock;
  random: () => number;
  onError: (context: string, e: unknown) => void;
}

export class SchedulerConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SchedulerConfigError';
  }
}

function nonNegative(name: string, v: number): number {
  if (!Number.isFinite(v) || v < 0) throw new SchedulerConfigError(`${name} must be a non-negative number, got ${String(v)}`);
  return v;
}

export function resolveConfig(c: SchedulerConfig = {}): ResolvedConfig {
  const weights = { ...DEFAULT_SCORE_WEIGHTS, ...c.weights };
  for (const [k, v] of Object.entries(weights)) nonNegative(`weights.${k}`, v);
  const r: ResolvedConfig = {
    schedulerName: c.schedulerName ?? 'default-scheduler',
    podInitialBackoffMs: nonNegative('podInitialBackoffMs', c.podInitialBackoffMs ?? 1_000),
    podMaxBackoffMs: nonNegative('podMaxBackoffMs', c.podMaxBackoffMs ?? 10_000),
    podMaxInUnschedulablePodsDurationMs: nonNegative('podMaxInUnschedulablePodsDurationMs', c.podMaxInUnschedulablePodsDurationMs ?? 300_000),
    unschedulableFlushIntervalMs: nonNegative('unschedulableFlushIntervalMs', c.unschedulableFlushIntervalMs ?? 30_000),
    backoffFlushIntervalMs: nonNegative('backoffFlushIntervalMs', c.backoffFlushIntervalMs ?? 1_000),
    percentageOfNodesToScore: nonNegative('percentageOfNodesToScore', c.percentageOfNodesToScore ?? 0),
    relistDelayMs: nonNegative('relistDelayMs', c.relistDelayMs ?? 1_000),
    weights,
    decisionsPerPod: nonNegative('decisionsPerPod', c.decisionsPerPod ?? 5),
    decisionPods: nonNegative('decisionPods', c.decisionPods ?? 1_000),
    yieldEveryMs: nonNegative('yieldEveryMs', c.yieldEveryMs ?? 10),
    eventWriters: Math.max(1, nonNegative('eventWriters', c.eventWriters ?? 16)),
    clock: c.clock ?? realClock,
    random: c.random ?? Math.random,
    onError: c.onError ?? (() => undefined),
  };
  if (r.percentageOfNodesToScore > 100) throw new SchedulerConfigError('percentageOfNodesToScore must be at most 100');
  if (r.podMaxBackoffMs < r.podInitialBackoffMs) throw new SchedulerConfigError('podMaxBackoffMs must not be less than podInitialBackoffMs');
  if (r.backoffFlushIntervalMs === 0 || r.unschedulableFlushIntervalMs === 0) throw new SchedulerConfigError('flush intervals must be positive');
  return r;
}
