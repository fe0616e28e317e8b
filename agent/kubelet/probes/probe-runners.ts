// One probe attempt, as prober.runProbe in pkg/kubelet/prober/prober.go: pick the handler
// (exec, httpGet, tcpSocket, grpc, in that order), resolve host and port against the pod
// and container, and run it. The runners themselves live one per file.
import { runExec } from './exec-probe.js';
import { errorMessage } from './go-text.js';
import { runGrpc } from './grpc-probe.js';
import { runHttpGet } from './http-probe.js';
import { expandCommand, resolveContainerPort } from './probe-helpers.js';
import { runTcpSocket } from './tcp-probe.js';
import type { ExecSyncFn, ProbeOutcome, ProbeSpec, ProbeType, ProbedContainer, ProbedPod } from './types.js';

export { runExec } from './exec-probe.js';
export { runGrpc } from './grpc-probe.js';
export { runHttpGet } from './http-probe.js';
export { runTcpSocket } from './tcp-probe.js';

export interface ProbeRequest {
  probeType: ProbeType;
  spec: ProbeSpec;
  timeoutMs: number;
  pod: ProbedPod;
  container: ProbedContainer;
  containerId: string;
  /** host for httpGet/tcpSocket without `host`, and always for grpc (status.podIP) */
  podIP: string | undefined;
}

export type ProbeRunner = (req: ProbeRequest) => Promise<ProbeOutcome>;

/** format.Pod: "name_namespace(uid)" */
function formatPod(pod: ProbedPod): string {
  return `${pod.metadata.name ?? ''}_${pod.metadata.namespace ?? ''}(${pod.metadata.uid ?? ''})`;
}

function unknown(error: string): ProbeOutcome {
  return { result: 'unknown', output: '', error };
}

export function createProbeRunner(deps: { execSync?: ExecSyncFn }): ProbeRunner {
  return async (req) => {
    const { spec, container, podIP, timeoutMs } = req;
    try {
      if (spec.exec) {
        if (!deps.execSync) return unknown('no container runtime to exec in');
        // the command sees the container's static env values only, not the pod's downward API
        const command = expandCommand(spec.exec.command ?? [], container.env);
        return await runExec(deps.execSync, req.containerId, command, timeoutMs);
      }
      if (spec.httpGet) {
        const port = resolveContainerPort(spec.httpGet.port, container);
        const host = spec.httpGet.host || podIP;
        if (!host) return unknown('pod has no IP address yet');
        return await runHttpGet({ host, port, path: spec.httpGet.path, scheme: spec.httpGet.scheme, httpHeaders: spec.httpGet.httpHeaders, timeoutMs });
      }
      if (spec.tcpSocket) {
        const port = resolveContainerPort(spec.tcpSocket.port, container);
        const host = spec.tcpSocket.host || podIP;
        if (!host) return unknown('pod has no IP address yet');
        return await runTcpSocket({ host, port, timeoutMs });
      }
      if (spec.grpc) {
        if (!podIP) return unknown('pod has no IP address yet');
        return await runGrpc({ host: podIP, port: spec.grpc.port, service: spec.grpc.service ?? '', timeoutMs });
      }
      return unknown(`missing probe handler for ${formatPod(req.pod)}:${container.name}`);
    } catch (e) {
      // port resolution errors and anything unexpected: an errored probe, thrown away by the worker
      return unknown(errorMessage(e));
    }
  };
}
