// The runtimes domain's handlers (see ../domain.ts).
import type { RuntimeRequests } from '../../common/bridge/runtimes.js';
import type { BridgeDeps, DomainHandlers } from '../domain.js';

export function runtimeHandlers(_deps: BridgeDeps): DomainHandlers<RuntimeRequests> {
  return {};
}
