// The manifests domain's handlers (see ../domain.ts).
import type { ManifestRequests } from '../../common/bridge/manifests.js';
import type { BridgeDeps, DomainHandlers } from '../domain.js';

export function manifestHandlers(_deps: BridgeDeps): DomainHandlers<ManifestRequests> {
  return {};
}
