// The lab as a whole: where the API server is, which node provider runs the nodes and
// how many nodes it has.
import type { BridgeResult } from '../common/bridge/contract.js';
import type { ApiClient } from '../common/client/api-client.js';
import type { NodeProvider } from '../vm/provider.js';
import { pathFor } from './resource-rows.js';

export class ClusterService {
  constructor(
    private readonly client: ApiClient,
    private readonly apiServerUrl: string,
    private readonly provider: NodeProvider | undefined,
  ) {}

  async info(): Promise<BridgeResult<'cluster:info'>> {
    const nodes = await this.client.list(pathFor('nodes'));
    return { apiServer: this.apiServerUrl, provider: this.provider?.kind ?? null, nodeCount: nodes.items.length };
  }
}
