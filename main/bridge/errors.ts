// Errors are data at the bridge (STYLE.md rule 6): whatever a handler throws reaches the
// renderer as a Kubernetes Status. API errors keep the API server's own Status; node
// provider errors map onto the codes the API uses for the same situations.
import { ApiClientError } from '../common/client/api-client.js';
import { failureStatus } from '../common/bridge/contract.js';
import type { Status, StatusCause } from '../common/kube-types.js';
import { NodeProviderError } from '../vm/provider.js';

export class BridgeError extends Error {
  readonly status: Status;

  constructor(code: number, reason: string, message: string, causes?: StatusCause[]) {
    super(message);
    this.name = 'BridgeError';
    this.status = failureStatus(code, reason, message, causes);
  }
}

const PROVIDER_CODES: Record<NodeProviderError['code'], [number, string]> = {
  NotFound: [404, 'NotFound'],
  AlreadyExists: [409, 'AlreadyExists'],
  Invalid: [422, 'Invalid'],
  Failed: [500, 'InternalError'],
};

export function toStatus(e: unknown): Status {
  if (e instanceof BridgeError) return e.status;
  if (e instanceof ApiClientError) return e.status;
  if (e instanceof NodeProviderError) {
    const [code, reason] = PROVIDER_CODES[e.code];
    return failureStatus(code, reason, e.message);
  }
  // the API server answers 500 InternalError for what it did not expect; so do we
  return failureStatus(500, 'InternalError', e instanceof Error ? e.message : String(e));
}
