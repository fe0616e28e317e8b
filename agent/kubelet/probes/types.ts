// Shapes the prober reads from a Pod (core/v1 Probe, Container, Pod) and the shapes it
// hands back. Fields are optional and loose so a fuller Pod type is assignable to them.
import type { HttpHeader, Probe } from '../pod-types.js';

// the core/v1 probe shapes are the agent's one definition (pod-types.ts)
export type ProbeHttpHeader = HttpHeader;
export type ExecAction = NonNullable<Probe['exec']>;
export type HttpGetAction = NonNullable<Probe['httpGet']>;
export type TcpSocketAction = NonNullable<Probe['tcpSocket']>;
export type GrpcAction = NonNullable<Probe['grpc']>;
export type ProbeSpec = Probe;

export interface ProbedContainerPort {
  name?: string;
  containerPort: number;
  protocol?: string;
}

export interface ProbedEnvVar {
  name: string;
  value?: string;
}

/** the part of core/v1 Container the prober reads */
export interface ProbedContainer {
  name: string;
  ports?: ProbedContainerPort[];
  env?: ProbedEnvVar[];
  livenessProbe?: ProbeSpec;
  readinessProbe?: ProbeSpec;
  startupProbe?: ProbeSpec;
}

/** the part of core/v1 Pod the prober reads */
export interface ProbedPod {
  metadata: { name?: string; namespace?: string; uid?: string; deletionTimestamp?: string };
  spec?: { containers?: ProbedContainer[]; initContainers?: ProbedContainer[]; restartPolicy?: string };
  status?: { podIP?: string };
}

export type ProbeType = 'liveness' | 'readiness' | 'startup';

/**
 * pkg/probe Result: what one probe attempt saw. `error` set means the attempt errored
 * (Go's non-nil err): kubelet retries it, reports "errored and resulted in <result> state"
 * and throws the result away instead of counting it toward a threshold.
 */
export interface ProbeOutcome {
  result: 'success' | 'warning' | 'failure' | 'unknown';
  output: string;
  error?: string;
}

/** pkg/kubelet/prober/results Result: the cached state the kubelet acts on */
export type ProbeResultValue = 'success' | 'failure' | 'unknown';

/** the CRI ExecSync call (agent/cri CriClient.execSync); timeout is in seconds as in ExecSyncRequest */
export type ExecSyncFn = (req: { containerId: string; cmd: string[]; timeout: number }) => Promise<{
  stdout: Uint8Array;
  stderr: Uint8Array;
  exitCode: number;
}>;

/** time is injected (STYLE rule 4) so specs run 10 s periods on a fake clock */
export interface ProbeClock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export class ProbeError extends Error {
  override readonly name = 'ProbeError';
}
