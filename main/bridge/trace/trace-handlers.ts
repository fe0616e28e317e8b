// The trace domain's handlers (see ../domain.ts).
import type { TraceRequests } from '../../common/bridge/trace.js';
import type { BridgeDeps, DomainHandlers } from '../domain.js';

export function traceHandlers(_deps: BridgeDeps): DomainHandlers<TraceRequests> {
  return {};
}
