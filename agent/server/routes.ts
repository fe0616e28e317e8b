// The kubelet API paths this server answers (pkg/kubelet/server/server.go) and the
// query of its streaming endpoints. The API server calls them with the kubelet's
// parameter names (input/output/error/tty = "1", as ExecLocation builds them);
// the pod-API names (stdin/stdout/stderr = "true") are accepted too.
import { KubeletServerError } from './errors.js';
import type { StreamFlags } from './types.js';

export type KubeletRoute =
  | { kind: 'healthz' }
  | { kind: 'pods' }
  | { kind: 'criTrace' }
  | { kind: 'containerLogs'; namespace: string; pod: string; container: string }
  | { kind: 'exec' | 'attach'; namespace: string; pod: string; container: string }
  | { kind: 'portForward'; namespace: string; pod: string };

function segments(pathname: string): string[] | undefined {
  try {
    return pathname.split('/').slice(1).map(decodeURIComponent);
  } catch {
    return undefined;
  }
}

export function parseRoute(pathname: string): KubeletRoute | undefined {
  const s = segments(pathname);
  if (!s || s.some((p) => p === '')) return undefined;
  const [head, ns, pod, ...rest] = s;
  if (head === 'healthz' && s.length === 1) return { kind: 'healthz' };
  if (head === 'pods' && s.length === 1) return { kind: 'pods' };
  // k8s-lab's own: the agent's CRI calls for the app's live trace (cri-trace-handler.ts)
  if (head === 'criTrace' && s.length === 1) return { kind: 'criTrace' };
  if (!ns || !pod) return undefined;
  // /exec/{ns}/{pod}/{container} or /exec/{ns}/{pod}/{uid}/{container}
  if (head === 'containerLogs' && rest.length === 1) return { kind: 'containerLogs', namespace: ns, pod, container: rest[0] ?? '' };
  if ((head === 'exec' || head === 'attach') && (rest.length === 1 || rest.length === 2)) {
    return { kind: head, namespace: ns, pod, container: rest[rest.length - 1] ?? '' };
  }
  if (head === 'portForward' && rest.length <= 1) return { kind: 'portForward', namespace: ns, pod };
  return undefined;
}

function flag(q: URLSearchParams, kubeletName: string, apiName: string): boolean {
  const v = q.get(kubeletName) ?? q.get(apiName);
  return v === '1' || v === 'true';
}

/** remotecommand.NewOptions: tty wins over stderr; at least one stream */
export function streamFlags(q: URLSearchParams): StreamFlags {
  const tty = flag(q, 'tty', 'tty');
  const flags: StreamFlags = {
    stdin: flag(q, 'input', 'stdin'),
    stdout: flag(q, 'output', 'stdout'),
    stderr: flag(q, 'error', 'stderr') && !tty,
    tty,
  };
  if (!flags.stdin && !flags.stdout && !flags.stderr) throw new KubeletServerError(400, 'you must specify at least 1 of stdin, stdout, stderr');
  return flags;
}

export function execCommand(q: URLSearchParams): string[] {
  const cmd = q.getAll('command');
  if (cmd.length === 0) throw new KubeletServerError(400, 'you must specify at least one command for the container');
  return cmd;
}

/** ?port= of a WebSocket port-forward (the SPDY protocol names ports per stream instead) */
export function forwardPorts(q: URLSearchParams): number[] {
  return q.getAll('port').map((p) => {
    const n = Number(p);
    if (!Number.isInteger(n) || n < 1 || n > 65535) throw new KubeletServerError(400, `invalid port ${JSON.stringify(p)}`);
    return n;
  });
}
