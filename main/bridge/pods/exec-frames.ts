// The client side of Kubernetes' WebSocket remote command protocol, as kubectl 1.32 speaks
// it (k8s.io/client-go/tools/remotecommand/websocket.go): every binary message is one
// channel byte then the bytes — 0 stdin, 1 stdout, 2 stderr, 3 error (a metav1.Status in
// JSON at the end of the command), 4 resize ({"Width":w,"Height":h}, TerminalSize's
// fields), and under v5.channel.k8s.io 255 + a channel number half-closes that channel.
// Pure functions: the socket itself is ./pod-exec.ts.

export const ExecChannel = { STDIN: 0, STDOUT: 1, STDERR: 2, ERROR: 3, RESIZE: 4, CLOSE: 255 } as const;

export const EXEC_PROTOCOL_V5 = 'v5.channel.k8s.io';
export const EXEC_PROTOCOL_V4 = 'v4.channel.k8s.io';
/** offered best first, as kubectl offers v5 and the API server may answer v4 */
export const EXEC_PROTOCOLS = [EXEC_PROTOCOL_V5, EXEC_PROTOCOL_V4] as const;

export function stdinFrame(data: string | Uint8Array): Buffer {
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : Buffer.from(data);
  return Buffer.concat([Buffer.from([ExecChannel.STDIN]), bytes]);
}

/** a terminal size change; remotecommand reads TerminalSize{Width, Height} (uint16) */
export function resizeFrame(cols: number, rows: number): Buffer {
  const clamp = (n: number): number => Math.max(0, Math.min(0xffff, Math.trunc(n)));
  return Buffer.concat([Buffer.from([ExecChannel.RESIZE]), Buffer.from(JSON.stringify({ Width: clamp(cols), Height: clamp(rows) }))]);
}

/** v5 only: [255, channel] — the far side sees end of input on that channel */
export function closeFrame(channel: number): Buffer {
  return Buffer.from([ExecChannel.CLOSE, channel]);
}

export type ExecFrame = { kind: 'data'; channel: number; data: Buffer } | { kind: 'close'; channel: number } | { kind: 'empty' };

/** a message from the server; an empty payload (the server's "ready" frame) is just data of length 0 */
export function decodeFrame(msg: Buffer, protocol: string): ExecFrame {
  if (msg.length === 0) return { kind: 'empty' };
  const channel = msg[0] ?? 0;
  if (channel === ExecChannel.CLOSE && protocol === EXEC_PROTOCOL_V5) return msg.length >= 2 ? { kind: 'close', channel: msg[1] ?? 0 } : { kind: 'empty' };
  return { kind: 'data', channel, data: msg.subarray(1) };
}

/** how a session ended, read from the error channel's Status */
export interface ExecExit {
  /** the command's exit code; null when the session failed without one (the Status's message says why) */
  code: number | null;
  /** what kubectl prints: "command terminated with exit code 3", or the Status's message */
  reason: string;
}

/**
 * The Status on channel 3 as client-go reads it (remotecommand errorDecoderV4):
 * Success → exit 0; Failure with reason NonZeroExitCode → the ExitCode cause's message is
 * the code (kubectl: "command terminated with exit code N"); any other Failure → its message.
 */
export function exitFromStatus(raw: Buffer | string): ExecExit {
  const text = typeof raw === 'string' ? raw : raw.toString('utf8');
  let s: { status?: unknown; reason?: unknown; message?: unknown; details?: { causes?: { reason?: unknown; message?: unknown }[] } };
  try {
    s = JSON.parse(text) as typeof s;
  } catch {
    return { code: null, reason: `error stream protocol error: ${text.trim() || 'empty message'}` };
  }
  if (s.status === 'Success') return { code: 0, reason: 'exit code 0' };
  if (s.reason === 'NonZeroExitCode') {
    const cause = s.details?.causes?.find((c) => c.reason === 'ExitCode');
    const code = Number(cause?.message);
    if (Number.isInteger(code)) return { code, reason: `command terminated with exit code ${code}` };
    return { code: null, reason: `error stream protocol error: invalid exit code value ${JSON.stringify(cause?.message ?? '')}` };
  }
  return { code: null, reason: typeof s.message === 'string' && s.message ? s.message : text.trim() };
}

/** wss://… for the exec subresource, with kubectl's query (command repeated, one per argv item) */
export function execUrl(server: string, p: { namespace: string; pod: string; container?: string; command: readonly string[]; tty: boolean }): string {
  const q = new URLSearchParams();
  for (const c of p.command) q.append('command', c);
  if (p.container) q.set('container', p.container);
  q.set('stdin', 'true');
  q.set('stdout', 'true');
  // with a tty, stderr is merged into stdout by the terminal: kubectl sends stderr=false
  q.set('stderr', p.tty ? 'false' : 'true');
  q.set('tty', String(p.tty));
  const base = server.replace(/^http(s?):/, 'ws$1:').replace(/\/+$/, '');
  return `${base}/api/v1/namespaces/${encodeURIComponent(p.namespace)}/pods/${encodeURIComponent(p.pod)}/exec?${q.toString()}`;
}
