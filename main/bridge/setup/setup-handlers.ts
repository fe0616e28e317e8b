// The setup domain's handlers (see ../domain.ts).
import type { SetupRequests } from '../../common/bridge/setup.js';
import type { BridgeDeps, DomainHandlers } from '../domain.js';

export function setupHandlers(_deps: BridgeDeps): DomainHandlers<SetupRequests> {
  return {};
}
