// The Nodes view's service: the live node list, node actions, and the streams a window
// keeps open (followed logs, terminals), each owned by the window's session so it ends
// when the window goes. Handlers (./node-handlers.ts) validate and call one method here.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { NODE_STREAM_PREFIX } from '../../common/bridge/nodes.js';
import type { BridgeResult } from '../../common/bridge/contract.js';
import type { LogOpenParams, NodeAction, NodeList, TerminalOpenParams } from '../../common/bridge/nodes.js';
import type { NodeAccess } from '../../vm/provider.js';
import type { BridgeDeps, SessionScope } from '../domain.js';
import { BridgeError } from '../errors.js';
import { criView } from './cri-view.js';
import { drainNode, setUnschedulable } from './node-admin.js';
import { openLog } from './node-logs.js';
import { openTerminal } from './node-terminal.js';
import type { TerminalHandle } from './node-terminal.js';
import { NodesWatch } from './nodes-watch.js';

/** a log event carries at most this much; a burst goes out as several */
const LOG_EVENT_BYTES = 64 * 1024;

export class NodesService {
  private readonly watch: NodesWatch;
  /** a session's terminals by stream id (ids are per session) */
  private readonly terminals = new WeakMap<SessionScope, Map<string, TerminalHandle>>();

  constructor(private readonly deps: BridgeDeps) {
    this.watch = new NodesWatch(deps.admin, deps.provider);
  }

  async list(): Promise<NodeList> {
    const { list, cancel } = await this.watch.subscribe(() => undefined);
    cancel();
    return list;
  }

  async watchNodes(s: SessionScope): Promise<BridgeResult<'nodes:watch'>> {
    let watchId = '';
    const { list, cancel } = await this.watch.subscribe((l) => watchId && s.emit('nodes:changed', { watchId, list: l }));
    watchId = s.own(NODE_STREAM_PREFIX.watch, cancel);
    return { watchId, list };
  }

  release(s: SessionScope, id: string): { stopped: boolean } {
    return { stopped: s.release(id) };
  }

  private provider(): NonNullable<BridgeDeps['provider']> {
    // the same words as the CLI's node verbs (main/cli/up.ts) for the same situation
    if (!this.deps.provider) throw new BridgeError(400, 'BadRequest', 'this lab has no node provider: start it with --nodes N --provider host|qemu');
    return this.deps.provider;
  }

  access(node: string): NodeAccess {
    const p = this.provider();
    if (!p.access) throw new BridgeError(501, 'NotImplemented', `the ${p.kind} node provider cannot open node "${node}"`);
    return p.access(node);
  }

  async action(name: string, action: NodeAction, force: boolean): Promise<BridgeResult<'nodes:action'>> {
    if (action === 'cordon' || action === 'uncordon') return { message: await setUnschedulable(this.deps.admin, name, action === 'cordon') };
    if (action === 'drain') return drainNode(this.deps.admin, name, { force });
    const provider = this.provider();
    if (action === 'restart') {
      await provider.stop(name);
      await provider.start(name);
    } else await provider[action](name);
    return { message: `node/${name} ${action === 'stop' ? 'stopped' : action === 'start' ? 'started' : action === 'restart' ? 'restarted' : 'crashed'}` };
  }

  openLog(s: SessionScope, p: LogOpenParams): BridgeResult<'nodes:logs.open'> {
    const log = openLog(p, this.deps.admin, (n) => this.access(n));
    let streamId = '';
    let stop = (): void => undefined;
    streamId = s.own(NODE_STREAM_PREFIX.log, () => stop());
    stop = log.start(
      (text) => {
        for (let i = 0; i < text.length; i += LOG_EVENT_BYTES) s.emit('nodes:logs.data', { streamId, data: text.slice(i, i + LOG_EVENT_BYTES) });
      },
      (reason) => {
        s.emit('nodes:logs.end', { streamId, reason });
        s.release(streamId);
      },
    );
    return { streamId, title: log.title };
  }

  async openTerminal(s: SessionScope, p: TerminalOpenParams): Promise<BridgeResult<'nodes:terminal.open'>> {
    const a = this.access(p.node);
    let streamId = '';
    const early: string[] = [];
    const handle = await openTerminal(a, { cols: p.cols, rows: p.rows, dataDir: this.deps.dataDir ?? '.', ...(await this.etcdEndpoint()) }, {
      onData: (text) => (streamId ? s.emit('nodes:terminal.data', { streamId, data: text }) : early.push(text)),
      onExit: (code, reason) => {
        if (!streamId) return;
        this.sessionTerminals(s).delete(streamId);
        s.emit('nodes:terminal.exit', { streamId, code, reason });
        s.release(streamId);
      },
    });
    streamId = s.own(NODE_STREAM_PREFIX.terminal, () => {
      this.sessionTerminals(s).delete(streamId);
      handle.close();
    });
    this.sessionTerminals(s).set(streamId, handle);
    // what the shell printed before the id existed (its first prompt) follows the reply
    setImmediate(() => early.length > 0 && s.emit('nodes:terminal.data', { streamId, data: early.join('') }));
    return { streamId };
  }

  terminal(s: SessionScope, streamId: string): TerminalHandle {
    const t = this.sessionTerminals(s).get(streamId);
    if (!t) throw new BridgeError(404, 'NotFound', `terminal "${streamId}" not found (it exited, or belongs to another window)`);
    return t;
  }

  cri(node: string): Promise<BridgeResult<'nodes:cri'>> {
    const provider = this.deps.provider;
    const known = provider?.list().some((n) => n.name === node) === true;
    return criView(node, known && provider?.access ? provider.access(node) : undefined, this.deps.admin);
  }

  private sessionTerminals(s: SessionScope): Map<string, TerminalHandle> {
    let m = this.terminals.get(s);
    if (!m) this.terminals.set(s, (m = new Map<string, TerminalHandle>()));
    return m;
  }

  /** the lab's etcd facade as a host node reaches it (run.json, written by `k8s-lab up`) */
  private async etcdEndpoint(): Promise<{ etcdEndpoint?: string }> {
    if (!this.deps.dataDir) return {};
    try {
      const run = JSON.parse(await readFile(join(this.deps.dataDir, 'run.json'), 'utf8')) as { etcd?: string; gatewayIp?: string };
      const port = run.etcd?.split(':').pop();
      return port && run.gatewayIp ? { etcdEndpoint: `https://${run.gatewayIp}:${port}` } : {};
    } catch {
      return {};
    }
  }
}
