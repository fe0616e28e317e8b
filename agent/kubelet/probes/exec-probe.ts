// pkg/probe/exec through CRI ExecSync (kuberuntime RunInContainer + remote runtime
// ExecSync): exit 0 succeeds, any other exit fails; either way the output is stdout
// followed by stderr, capped at 10 KiB. That output is what the event shows
// ("Liveness probe failed: mysqladmin: connect to server at 'localhost' failed…");
// the "command 'x' exited with 1" text exists only in the kubelet's log.
import { errorMessage, goQuote } from './go-text.js';
import type { ExecSyncFn, ProbeOutcome } from './types.js';

/** maxReadLength in pkg/probe/exec/exec.go */
export const MAX_EXEC_OUTPUT_BYTES = 10 * 1024;
/** the kubelet's runtime-request-timeout (2 min), added to the probe timeout on the CRI call */
export const RUNTIME_REQUEST_TIMEOUT_MS = 120_000;
/** gRPC DEADLINE_EXCEEDED, how containerd's CRI reports an ExecSync past its timeout */
const GRPC_DEADLINE_EXCEEDED = 4;

class ExecDeadlineError extends Error {
  override readonly name = 'ExecDeadlineError';
  readonly code = GRPC_DEADLINE_EXCEEDED;
}

function grpcCode(err: unknown): number | undefined {
  if (typeof err === 'object' && err !== null && 'code' in err) {
    const code = err.code;
    return typeof code === 'number' ? code : undefined;
  }
  return undefined;
}

export async function runExec(execSync: ExecSyncFn, containerId: string, command: string[], timeoutMs: number): Promise<ProbeOutcome> {
  // ExecSyncRequest.timeout is whole seconds (kubelet: int64(timeout.Seconds())); 0 would mean none
  const timeoutSeconds = Math.max(1, Math.ceil(timeoutMs / 1000));
  let guard: NodeJS.Timeout | undefined;
  try {
    const resp = await Promise.race([
      execSync({ containerId, cmd: command, timeout: timeoutSeconds }),
      new Promise<never>((_, reject) => {
        guard = setTimeout(() => reject(new ExecDeadlineError('context deadline exceeded')), timeoutMs + RUNTIME_REQUEST_TIMEOUT_MS);
      }),
    ]);
    const output = Buffer.concat([Buffer.from(resp.stdout), Buffer.from(resp.stderr)]).subarray(0, MAX_EXEC_OUTPUT_BYTES).toString('utf8');
    return { result: resp.exitCode === 0 ? 'success' : 'failure', output };
  } catch (e) {
    // remote_runtime.go turns DeadlineExceeded into exec.NewTimeoutError(`command %q timed out`),
    // which the exec prober reports as a failure whose output is that text
    if (grpcCode(e) === GRPC_DEADLINE_EXCEEDED) return { result: 'failure', output: `command ${goQuote(command.join(' '))} timed out` };
    return { result: 'unknown', output: '', error: errorMessage(e) };
  } finally {
    clearTimeout(guard);
  }
}
