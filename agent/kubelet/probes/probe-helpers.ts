// Pure pieces of the kubelet prober: probe defaults, port resolution and the static
// $(VAR) expansion exec probes get.
import type { ProbeSpec, ProbeType, ProbedContainer, ProbedEnvVar } from './types.js';
import { expand, mappingFuncFor } from '../env.js';

/** a probe with the API defaults filled in (pkg/apis/core/v1/defaults.go SetDefaults_Probe) */
export interface DefaultedProbe {
  spec: ProbeSpec;
  initialDelaySeconds: number;
  timeoutSeconds: number;
  periodSeconds: number;
  successThreshold: number;
  failureThreshold: number;
}

function positive(value: number | undefined, fallback: number): number {
  return value !== undefined && Number.isFinite(value) && value > 0 ? value : fallback;
}

/**
 * periodSeconds 10, timeoutSeconds 1, successThreshold 1, failureThreshold 3,
 * initialDelaySeconds 0. Validation makes successThreshold 1 for liveness and startup
 * probes; the prober holds to that even if a spec slipped through with another value.
 */
export function defaultProbe(spec: ProbeSpec, probeType: ProbeType): DefaultedProbe {
  return {
    spec,
    initialDelaySeconds: spec.initialDelaySeconds !== undefined && spec.initialDelaySeconds > 0 ? spec.initialDelaySeconds : 0,
    timeoutSeconds: positive(spec.timeoutSeconds, 1),
    periodSeconds: positive(spec.periodSeconds, 10),
    successThreshold: probeType === 'readiness' ? positive(spec.successThreshold, 1) : 1,
    failureThreshold: positive(spec.failureThreshold, 3),
  };
}

export function probeSpecOf(container: ProbedContainer, probeType: ProbeType): ProbeSpec | undefined {
  switch (probeType) {
    case 'liveness':
      return container.livenessProbe;
    case 'readiness':
      return container.readinessProbe;
    case 'startup':
      return container.startupProbe;
  }
}

/** "Liveness", "Readiness", "Startup": probeType.String() in pkg/kubelet/prober/common.go */
export function probeTypeTitle(probeType: ProbeType): string {
  return probeType === 'liveness' ? 'Liveness' : probeType === 'readiness' ? 'Readiness' : 'Startup';
}

export class PortResolutionError extends Error {
  override readonly name = 'PortResolutionError';
}

/**
 * pkg/probe ResolveContainerPort: a number is used as is; a string names a container
 * port, and failing that is parsed as digits ("last ditch effort"). The error texts are
 * Go's (strconv.Atoi, "invalid port number").
 */
export function resolveContainerPort(port: number | string, container: ProbedContainer): number {
  let resolved: number;
  if (typeof port === 'number') {
    resolved = port;
  } else {
    const named = container.ports?.find((p) => p.name === port);
    if (named) {
      resolved = named.containerPort;
    } else if (/^[+-]?\d+$/.test(port)) {
      resolved = Number.parseInt(port, 10);
    } else {
      throw new PortResolutionError(`strconv.Atoi: parsing ${JSON.stringify(port)}: invalid syntax`);
    }
  }
  if (Number.isInteger(resolved) && resolved > 0 && resolved < 65536) return resolved;
  throw new PortResolutionError(`invalid port number: ${resolved}`);
}

/**
 * kubecontainer.ExpandContainerCommandOnlyStatic: $(VAR) in an exec probe's command is
 * replaced by the container's env value (valueFrom entries count as ""), $$ escapes a
 * dollar, unknown references stay as written. Ported from third_party/forked/golang/expansion.
 */
export function expandCommand(command: string[], env: ProbedEnvVar[] | undefined): string[] {
  const values = new Map<string, string>();
  for (const e of env ?? []) values.set(e.name, e.value ?? '');
  return command.map((arg) => expand(arg, mappingFuncFor(values)));
}

