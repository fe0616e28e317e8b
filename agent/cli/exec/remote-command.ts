// The client side of a CRI streaming exec, as crictl runs it with client-go's SPDY
// executor (k8s.io/client-go/tools/remotecommand, protocol v4.channel.k8s.io): an HTTP
// upgrade to the URL CRI Exec returned (containerd's streaming server), then one SPDY
// stream per channel — error, stdin, stdout, stderr (not with a TTY), resize (TTY
// only). The command's end comes as a metav1.Status on the error stream; a
// NonZeroExitCode status carries the exit code in its ExitCode cause.
import { upgradeRequest } from '../../server/raw-http.js';
import { SpdySession } from '../../server/spdy/session.js';
import type { SpdyStream } from '../../server/spdy/stream.js';
import type { OutStream } from '../context.js';
import { CrictlError } from '../errors.js';

export const STREAM_PROTOCOL_V4 = 'v4.channel.k8s.io';

export interface ExecStatus {
  exitCode: number;
  /** the status message for a failure that is not a plain exit code */
  message?: string;
}

/** The v4 error stream's content (a metav1.Status; empty means success). */
export function parseExecStatus(data: Buffer): ExecStatus {
  const text = data.toString().trim();
  if (!text) return { exitCode: 0 };
  let status: { status?: string; reason?: string; message?: string; details?: { causes?: { reason?: string; message?: string }[] } };
  try {
    status = JSON.parse(text) as typeof status;
  } catch {
    // v1-style plain text error
    return { exitCode: 1, message: text };
  }
  if (status.status === 'Success') return { exitCode: 0 };
  if (status.reason === 'NonZeroExitCode') {
    const cause = status.details?.causes?.find((c) => c.reason === 'ExitCode');
    const code = Number(cause?.message);
    if (Number.isInteger(code) && code >= 0 && code <= 255) return { exitCode: code };
    return { exitCode: 1, message: `error stream protocol error: invalid exit code value ${JSON.stringify(cause?.message ?? '')}` };
  }
  return { exitCode: 1, message: status.message ?? text };
}

export interface TerminalSize {
  width: number;
  height: number;
}

export interface ExecStreams {
  /** stdin to send (-i); ended when it ends */
  stdin?: NodeJS.ReadableStream;
  stdout: OutStream;
  stderr: OutStream;
  tty: boolean;
  /** the terminal's size now (TTY sessions) */
  size?: () => TerminalSize | undefined;
  /** subscribe to terminal size changes; returns the unsubscribe */
  onResize?: (listener: () => void) => () => void;
}

function ended(s: SpdyStream | undefined): Promise<void> {
  if (!s || s.remoteEnded || s.isReset) return Promise.resolve();
  return new Promise((resolve) => {
    s.once('end', () => resolve());
    s.once('reset', () => resolve());
  });
}

/** Runs the session at a CRI streaming URL to its end. */
export async function streamExec(url: string, io: ExecStreams): Promise<ExecStatus> {
  let up;
  try {
    up = await upgradeRequest(url, 'POST', [
      ['Connection', 'Upgrade'],
      ['Upgrade', 'SPDY/3.1'],
      ['X-Stream-Protocol-Version', STREAM_PROTOCOL_V4],
    ]);
  } catch (e) {
    throw new CrictlError(`error sending request: ${(e as Error).message}`);
  }
  const session = new SpdySession(up.socket, 'client');
  // client-go's order (v2+ createStreams): error, stdin, stdout, stderr, resize
  const error = session.openStream({ streamType: 'error' });
  const stdin = io.stdin ? session.openStream({ streamType: 'stdin' }) : undefined;
  const stdout = session.openStream({ streamType: 'stdout' });
  const stderr = io.tty ? undefined : session.openStream({ streamType: 'stderr' });
  const resize = io.tty ? session.openStream({ streamType: 'resize' }) : undefined;
  up.socket.resume();

  const errorData: Buffer[] = [];
  error.on('data', (d: Buffer) => errorData.push(d));
  stdout.on('data', (d: Buffer) => io.stdout.write(d));
  stderr?.on('data', (d: Buffer) => io.stderr.write(d));

  const sendSize = (): void => {
    const size = io.size?.();
    if (resize && size) resize.write(Buffer.from(JSON.stringify({ Width: size.width, Height: size.height })));
  };
  sendSize();
  const unsubscribe = resize ? io.onResize?.(sendSize) : undefined;

  const onInput = (chunk: Buffer | string): void => stdin?.write(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
  const onInputEnd = (): void => stdin?.end();
  if (io.stdin && stdin) {
    io.stdin.on('data', onInput);
    io.stdin.once('end', onInputEnd);
    io.stdin.resume();
  }

  let lost: Error | undefined;
  const closed = new Promise<void>((resolve) =>
    session.once('close', (err?: Error) => {
      lost = err;
      resolve();
    }),
  );
  try {
    await Promise.race([Promise.all([ended(error), ended(stdout), ended(stderr)]), closed]);
  } finally {
    unsubscribe?.();
    io.stdin?.off('data', onInput);
    io.stdin?.off('end', onInputEnd);
    io.stdin?.pause();
    session.close();
  }
  if (!errorData.length && lost) throw new CrictlError(`connection to the streaming server lost: ${lost.message}`);
  return parseExecStatus(Buffer.concat(errorData));
}
