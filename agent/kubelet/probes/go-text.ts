// The kubelet is written in Go and its probe outputs are Go error strings; users read
// them in `kubectl describe pod` events. These helpers render Node's errors the way Go's
// net, net/http and time packages print the same failure.

/** net.JoinHostPort: IPv6 literals get brackets */
export function joinHostPort(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

/** time.Duration.String() for the values probes use (whole ms): 1s, 500ms, 1.5s, 2m0s */
export function formatGoDuration(ms: number): string {
  if (ms === 0) return '0s';
  if (ms < 1000) return `${ms}ms`;
  const totalSeconds = ms / 1000;
  if (totalSeconds < 60) return `${trimFloat(totalSeconds)}s`;
  const minutes = Math.floor(totalSeconds / 60);
  const seconds = totalSeconds - minutes * 60;
  if (minutes < 60) return `${minutes}m${trimFloat(seconds)}s`;
  const hours = Math.floor(minutes / 60);
  return `${hours}h${minutes - hours * 60}m${trimFloat(seconds)}s`;
}

function trimFloat(n: number): string {
  return String(Number(n.toFixed(3)));
}

/** Go's %q (strconv.Quote), one implementation for the kubelet's messages */
export { goQuote } from '../downward-api.js';

/** Node's errno codes to the text Go's syscall.Errno prints */
const ERRNO_TEXT: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  EHOSTUNREACH: 'no route to host',
  ENETUNREACH: 'network is unreachable',
  ETIMEDOUT: 'connection timed out',
  EADDRNOTAVAIL: 'cannot assign requested address',
  ECONNRESET: 'connection reset by peer',
  EPIPE: 'broken pipe',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
};

export function errnoCode(err: unknown): string | undefined {
  if (typeof err === 'object' && err !== null && 'code' in err) {
    const code = err.code;
    return typeof code === 'string' ? code : undefined;
  }
  return undefined;
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/**
 * A failed net.Dial("tcp", addr) as Go prints it:
 * "dial tcp 10.244.1.5:8080: connect: connection refused", "dial tcp: lookup db: no such host".
 */
export function dialErrorText(err: unknown, host: string, port: number): string {
  const code = errnoCode(err);
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_NONAME') return `dial tcp: lookup ${host}: no such host`;
  const text = code === undefined ? undefined : ERRNO_TEXT[code];
  return `dial tcp ${joinHostPort(host, port)}: ${text === undefined ? errorMessage(err) : `connect: ${text}`}`;
}

/** a read/write failure on an established connection, as Go's *net.OpError prints it */
export function connErrorText(err: unknown, op: 'read' | 'write', local: string, remote: string): string {
  const code = errnoCode(err);
  const text = code === undefined ? undefined : ERRNO_TEXT[code];
  return `${op} tcp ${local}->${remote}: ${op}: ${text ?? errorMessage(err)}`;
}
