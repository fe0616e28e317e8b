// pkg/probe/grpc: dial the pod IP (blocking, insecure, within timeoutSeconds), call
// grpc.health.v1.Health/Check for `service`; SERVING succeeds with "service healthy".
// Every problem is a failure (the kubelet has no error result for gRPC probes); the
// output strings are the kubelet's.
import { Client, Metadata, credentials, status as grpcStatus } from '@grpc/grpc-js';
import type { ServiceError } from '@grpc/grpc-js';
import { decodeHealthCheckResponse, encodeHealthCheckRequest, HEALTH_CHECK_PATH } from './grpc-health.js';
import type { HealthCheckRequest, HealthCheckResponse } from './grpc-health.js';
import { errorMessage, formatGoDuration, goQuote, joinHostPort } from './go-text.js';
import { PROBE_USER_AGENT } from './http-probe.js';
import type { ProbeOutcome } from './types.js';

export interface GrpcOptions {
  host: string;
  port: number;
  service?: string;
  timeoutMs: number;
}

/** codes.Code.String() in grpc-go, for "rpc error: code = Unavailable desc = …" */
const GO_CODE_NAMES = [
  'OK', 'Canceled', 'Unknown', 'InvalidArgument', 'DeadlineExceeded', 'NotFound', 'AlreadyExists',
  'PermissionDenied', 'ResourceExhausted', 'FailedPrecondition', 'Aborted', 'OutOfRange',
  'Unimplemented', 'Internal', 'Unavailable', 'DataLoss', 'Unauthenticated',
];

function isServiceError(e: unknown): e is ServiceError {
  return e instanceof Error && typeof (e as Partial<ServiceError>).code === 'number';
}

export function runGrpc(opts: GrpcOptions): Promise<ProbeOutcome> {
  const addr = joinHostPort(opts.host, opts.port);
  const timeout = formatGoDuration(opts.timeoutMs);
  const deadline = Date.now() + opts.timeoutMs;
  const client = new Client(addr, credentials.createInsecure(), {
    'grpc.primary_user_agent': PROBE_USER_AGENT,
    'grpc.enable_retries': 0,
  });
  return new Promise<ProbeOutcome>((resolve) => {
    const finish = (outcome: ProbeOutcome): void => {
      client.close();
      resolve(outcome);
    };
    // grpc.WithBlock(): the dial waits for a connection until the probe's deadline
    client.waitForReady(deadline, (err) => {
      if (err) {
        const text = Date.now() >= deadline
          ? `timeout: failed to connect service ${goQuote(addr)} within ${timeout}: context deadline exceeded`
          : `error: failed to connect service at ${goQuote(addr)}: ${errorMessage(err)}`;
        finish({ result: 'failure', output: text });
        return;
      }
      client.makeUnaryRequest<HealthCheckRequest, HealthCheckResponse>(
        HEALTH_CHECK_PATH,
        encodeHealthCheckRequest,
        decodeHealthCheckResponse,
        { service: opts.service ?? '' },
        new Metadata(),
        { deadline },
        (callErr, resp) => {
          if (callErr) {
            finish({ result: 'failure', output: callErrorText(callErr, timeout) });
          } else if (resp?.status !== 'SERVING') {
            finish({ result: 'failure', output: `service unhealthy (responded with ${goQuote(resp?.status ?? 'UNKNOWN')})` });
          } else {
            finish({ result: 'success', output: 'service healthy' });
          }
        },
      );
    });
  });
}

function callErrorText(err: unknown, timeout: string): string {
  if (isServiceError(err)) {
    if (err.code === grpcStatus.UNIMPLEMENTED) {
      return `error: this server does not implement the grpc health protocol (grpc.health.v1.Health): ${err.details}`;
    }
    if (err.code === grpcStatus.DEADLINE_EXCEEDED) return `timeout: health rpc did not complete within ${timeout}`;
    return `error: health rpc probe failed: rpc error: code = ${GO_CODE_NAMES[err.code] ?? `Code(${err.code})`} desc = ${err.details}`;
  }
  return `error: health rpc probe failed: ${errorMessage(err)}`;
}
