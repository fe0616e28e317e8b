// The lab as a whole: where the API server is, which node provider runs the nodes, and
// the node verbs `k8s-lab node stop|start|restart|crash` offer on the command line.
import type { BridgeResult, NodeAction } from '../common/bridge/contract.js';
import type { ApiClient } from '../common/client/api-client.js';
import type { NodeProvider } from '../vm/provider.js';
import { BridgeError } from './errors.js';
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

  async nodeAction(name: string, action: NodeAction): Promise<BridgeResult<'nodes:action'>> {
    const p = this.provider;
    // the same words as the CLI's node verbs (main/cli/up.ts) for the same situation
    if (!p) throw new BridgeError(400, 'BadRequest', 'this lab has no node provider: start it with --nodes N --provider host|qemu');
    if (action === 'restart') {
      await p.stop(name);
      await p.start(name);
    } else await p[action](name);
    return { message: `node/${name} ${action === 'stop' ? 'stopped' : action === 'start' ? 'started' : action === 'restart' ? 'restarted' : 'crashed'}` };
  }
}
