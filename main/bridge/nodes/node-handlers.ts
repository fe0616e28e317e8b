// The Nodes view's handlers: each validates its `unknown` params and delegates to the
// NodesService in one line (STYLE.md rule 5).
import { NODE_STREAM_PREFIX } from '../../common/bridge/nodes.js';
import type { NodeRequests } from '../../common/bridge/nodes.js';
import type { BridgeDeps, DomainHandlers } from '../domain.js';
import { validateEmpty } from '../validate.js';
import { NodesService } from './nodes-service.js';
import { validateLogOpen, validateNodeAction, validateNodeRef, validateStream, validateTerminalInput, validateTerminalOpen, validateTerminalResize } from './node-validate.js';

export { validateNodeAction } from './node-validate.js';

export function nodeHandlers(deps: BridgeDeps): DomainHandlers<NodeRequests> {
  const nodes = new NodesService(deps);
  return {
    'nodes:list': (p) => (validateEmpty('nodes:list', p), nodes.list()),
    'nodes:watch': (p, s) => (validateEmpty('nodes:watch', p), nodes.watchNodes(s)),
    'nodes:unwatch': (p, s) => Promise.resolve(nodes.release(s, validateStream('nodes:unwatch', p, NODE_STREAM_PREFIX.watch))),
    'nodes:action': (p) => {
      const { name, action, force } = validateNodeAction('nodes:action', p);
      return nodes.action(name, action, force);
    },
    'nodes:logs.open': (p, s) => Promise.resolve().then(() => nodes.openLog(s, validateLogOpen('nodes:logs.open', p))),
    'nodes:logs.close': (p, s) => Promise.resolve(nodes.release(s, validateStream('nodes:logs.close', p, NODE_STREAM_PREFIX.log))),
    'nodes:terminal.open': (p, s) => nodes.openTerminal(s, validateTerminalOpen('nodes:terminal.open', p)),
    'nodes:terminal.input': (p, s) => {
      const { streamId, data } = validateTerminalInput('nodes:terminal.input', p);
      return Promise.resolve((nodes.terminal(s, streamId).write(data), { ok: true as const }));
    },
    'nodes:terminal.resize': (p, s) => {
      const { streamId, cols, rows } = validateTerminalResize('nodes:terminal.resize', p);
      return Promise.resolve((nodes.terminal(s, streamId).resize(cols, rows), { ok: true as const }));
    },
    'nodes:terminal.close': (p, s) => Promise.resolve(nodes.release(s, validateStream('nodes:terminal.close', p, NODE_STREAM_PREFIX.terminal))),
    'nodes:cri': (p) => nodes.cri(validateNodeRef('nodes:cri', p).node),
  };
}
