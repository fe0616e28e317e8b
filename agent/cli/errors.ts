// Errors as crictl reports them: Go-style gRPC errors ("rpc error: code = NotFound
// desc = …"), wrapped with the command's context ("get the status of containers: …")
// and printed by logrus.Fatal — "FATA[0000] …" on a terminal, logfmt
// (time="…" level=fatal msg="…") otherwise — with exit code 1.
import { CriError } from '../cri/cri-client.js';

export class CrictlError extends Error {
  override readonly name = 'CrictlError';
  constructor(
    message: string,
    /** the process exit code (logrus.Fatal exits 1; exec passes the command's code on) */
    readonly exitCode = 1,
  ) {
    super(message);
  }
}

/** grpc codes.Code String() names, by number */
const GO_CODE_NAMES = [
  'OK', 'Canceled', 'Unknown', 'InvalidArgument', 'DeadlineExceeded', 'NotFound', 'AlreadyExists', 'PermissionDenied',
  'ResourceExhausted', 'FailedPrecondition', 'Aborted', 'OutOfRange', 'Unimplemented', 'Internal', 'Unavailable',
  'DataLoss', 'Unauthenticated',
];

const ERRNO_TEXT: Record<string, string> = {
  ENOENT: 'no such file or directory',
  ECONNREFUSED: 'connection refused',
  EACCES: 'permission denied',
  ENOTSOCK: 'socket operation on non-socket',
};

/** what grpc-go says where grpc-js says something else */
function goDetails(err: CriError, socketPath?: string): string {
  if (err.codeName === 'DEADLINE_EXCEEDED') return 'context deadline exceeded';
  const errno = /\b(ENOENT|ECONNREFUSED|EACCES|ENOTSOCK)\b/.exec(err.details)?.[1];
  if (err.codeName === 'UNAVAILABLE' && errno && socketPath) {
    return `connection error: desc = "transport: Error while dialing: dial unix ${socketPath}: connect: ${ERRNO_TEXT[errno] ?? errno}"`;
  }
  return err.details;
}

/** status.Error(...).Error() as grpc-go prints it */
export function goRpcError(err: CriError, socketPath?: string): string {
  return `rpc error: code = ${GO_CODE_NAMES[err.code] ?? `Code(${err.code})`} desc = ${goDetails(err, socketPath)}`;
}

/** The text of any error as crictl would show it. */
export function errorText(err: unknown, socketPath?: string): string {
  if (err instanceof CriError) return goRpcError(err, socketPath);
  if (err instanceof Error) return err.message;
  return String(err);
}

/** fmt.Errorf("<prefix>: %w", err) */
export function wrapError(prefix: string, err: unknown): CrictlError {
  return new CrictlError(`${prefix}: ${errorText(err)}`, err instanceof CrictlError ? err.exitCode : 1);
}

export type LogLevel = 'fatal' | 'error' | 'warning' | 'info' | 'debug';

const LEVEL_TEXT: Record<LogLevel, string> = { fatal: 'FATA', error: 'ERRO', warning: 'WARN', info: 'INFO', debug: 'DEBU' };
const LEVEL_COLOR: Record<LogLevel, number> = { fatal: 31, error: 31, warning: 33, info: 36, debug: 37 };

/** logrus quotes a value unless it is made only of these (TextFormatter.needsQuoting) */
function logfmtValue(s: string): string {
  return /^[A-Za-z0-9\-._/@^+]+$/.test(s) ? s : JSON.stringify(s);
}

export interface LogLineOptions {
  /** stderr is a terminal: logrus's colored form */
  tty: boolean;
  /** seconds since the program started ([0000]) */
  elapsedSeconds: number;
  /** RFC3339 time of the entry (logfmt form) */
  time: string;
}

/** One line of logrus's TextFormatter (without colors when not on a terminal). */
export function logrusLine(level: LogLevel, message: string, o: LogLineOptions): string {
  const msg = message.replace(/\n$/, '');
  if (o.tty) {
    const secs = String(Math.max(0, Math.trunc(o.elapsedSeconds))).padStart(4, '0');
    return `\x1b[${LEVEL_COLOR[level]}m${LEVEL_TEXT[level]}\x1b[0m[${secs}] ${msg.padEnd(44)} \n`;
  }
  return `time=${JSON.stringify(o.time)} level=${level} msg=${logfmtValue(msg)}\n`;
}
