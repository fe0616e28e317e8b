// StoreError <-> gRPC status, with the codes and messages of etcd v3.4's rpctypes
// (etcdserver/api/v3rpc/rpctypes/error.go). Clients match on the exact message text
// (clientv3 turns known messages back into typed errors; etcdctl prints them), so
// the strings below are upstream's, byte for byte.
import { status } from '@grpc/grpc-js';
import type { ServiceError, ServerErrorResponse } from '@grpc/grpc-js';
import { StoreError } from '../types.js';
import type { StoreErrorCode } from '../types.js';

export const ETCD_ERRORS = {
  emptyKey: { code: status.INVALID_ARGUMENT, message: 'etcdserver: key is not provided' },
  valueProvided: { code: status.INVALID_ARGUMENT, message: 'etcdserver: value is provided' },
  leaseProvided: { code: status.INVALID_ARGUMENT, message: 'etcdserver: lease is provided' },
  tooManyOps: { code: status.INVALID_ARGUMENT, message: 'etcdserver: too many operations in txn request' },
  duplicateKey: { code: status.INVALID_ARGUMENT, message: 'etcdserver: duplicate key given in txn request' },
  compacted: { code: status.OUT_OF_RANGE, message: 'etcdserver: mvcc: required revision has been compacted' },
  futureRev: { code: status.OUT_OF_RANGE, message: 'etcdserver: mvcc: required revision is a future revision' },
  leaseNotFound: { code: status.NOT_FOUND, message: 'etcdserver: requested lease not found' },
  leaseExist: { code: status.FAILED_PRECONDITION, message: 'etcdserver: lease already exists' },
  leaseTTLTooLarge: { code: status.OUT_OF_RANGE, message: 'etcdserver: too large lease TTL' },
  stopped: { code: status.UNAVAILABLE, message: 'etcdserver: server stopped' },
} as const;

type EtcdErrorName = keyof typeof ETCD_ERRORS;

/** A gRPC error as grpc-js servers send it (code + details). */
export function grpcError(code: status, message: string): ServerErrorResponse {
  return Object.assign(new Error(message), { code, details: message });
}

export function etcdError(name: EtcdErrorName): ServerErrorResponse {
  const { code, message } = ETCD_ERRORS[name];
  return grpcError(code, message);
}

function withPrefix(message: string): string {
  return message.startsWith('etcdserver: ') ? message : `etcdserver: ${message}`;
}

/** Any failure inside a handler, as the status etcd would answer with. */
export function toGrpcError(error: unknown): ServerErrorResponse {
  if (error instanceof StoreError) {
    switch (error.code) {
      case 'compacted':
        return etcdError('compacted');
      case 'future-revision':
        return etcdError('futureRev');
      case 'lease-not-found':
        return etcdError('leaseNotFound');
      case 'lease-exists':
        return etcdError('leaseExist');
      case 'invalid-argument':
        return grpcError(status.INVALID_ARGUMENT, withPrefix(error.message));
      case 'closed':
        return etcdError('stopped');
      case 'unavailable':
        return grpcError(status.UNAVAILABLE, withPrefix(error.message));
    }
  }
  if (isServiceError(error)) return error;
  // grpc-go answers an error it has no mapping for with codes.Unknown and its text.
  return grpcError(status.UNKNOWN, error instanceof Error ? error.message : String(error));
}

function isServiceError(error: unknown): error is ServerErrorResponse {
  return error instanceof Error && typeof (error as { code?: unknown }).code === 'number';
}

const BY_MESSAGE = new Map<string, StoreErrorCode>([
  [ETCD_ERRORS.compacted.message, 'compacted'],
  [ETCD_ERRORS.futureRev.message, 'future-revision'],
  [ETCD_ERRORS.leaseNotFound.message, 'lease-not-found'],
  [ETCD_ERRORS.leaseExist.message, 'lease-exists'],
]);

/** A gRPC failure from a real etcd (or our facade), as the contract's StoreError. */
export function fromGrpcError(error: unknown): StoreError {
  if (error instanceof StoreError) return error;
  const e = error as Partial<ServiceError>;
  const message = e.details ?? (error instanceof Error ? error.message : String(error));
  const known = BY_MESSAGE.get(message);
  if (known) return new StoreError(known, message);
  switch (e.code) {
    case status.INVALID_ARGUMENT:
    case status.OUT_OF_RANGE:
    case status.FAILED_PRECONDITION:
    case status.NOT_FOUND:
      return new StoreError('invalid-argument', message);
    default:
      return new StoreError('unavailable', message);
  }
}
