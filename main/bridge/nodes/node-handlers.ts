// The Nodes view's handlers: node actions through the lab's node provider.
import { NODE_ACTIONS } from '../../common/bridge/nodes.js';
import type { NodeAction, NodeRequests } from '../../common/bridge/nodes.js';
import type { BridgeDeps, DomainHandlers } from '../domain.js';
import { BridgeError } from '../errors.js';
import { Fields, SUBDOMAIN } from '../validate.js';

export function validateNodeAction(channel: string, params: unknown): { name: string; action: NodeAction } {
  const f = new Fields(channel, params, ['name', 'action']);
  const name = f.name('name', SUBDOMAIN, 253, true);
  const action = f.oneOf('action', NODE_ACTIONS);
  f.done();
  return { name: name as string, action: action as NodeAction };
}

export function nodeHandlers(deps: BridgeDeps): DomainHandlers<NodeRequests> {
  return {
    'nodes:action': async (p) => {
      const { name, action } = validateNodeAction('nodes:action', p);
      const provider = deps.provider;
      // the same words as the CLI's node verbs (main/cli/up.ts) for the same situation
      if (!provider) throw new BridgeError(400, 'BadRequest', 'this lab has no node provider: start it with --nodes N --provider host|qemu');
      if (action === 'restart') {
        await provider.stop(name);
        await provider.start(name);
      } else await provider[action](name);
      return { message: `node/${name} ${action === 'stop' ? 'stopped' : action === 'start' ? 'started' : action === 'restart' ? 'restarted' : 'crashed'}` };
    },
  };
}
