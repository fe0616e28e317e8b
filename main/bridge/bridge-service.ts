// The service side of the bridge: one handler per channel, each taking `unknown`,
// validating it and delegating in one line (STYLE.md rule 5). A session is one renderer
// connection (a WebSocket, or later one Electron webContents); its live tables end with it.
import { isBridgeChannel } from '../common/bridge/contract.js';
import type { BridgeChannel, BridgeEventName, BridgeEvents, BridgeReply, BridgeResult } from '../common/bridge/contract.js';
import type { ApiClient } from '../common/client/api-client.js';
import type { NodeProvider } from '../vm/provider.js';
import { ClusterService } from './cluster-service.js';
import { BridgeError, toStatus } from './errors.js';
import { ResourceWatchHub } from './resource-watch.js';
import type { WatchTiming } from './resource-watch.js';
import { ResourcesService } from './resources-service.js';
import { validateEmpty, validateNodeAction, validateQuery, validateRef, validateWatchId } from './validate.js';

export interface BridgeDeps {
  /** the lab's own client (kubernetes-admin) */
  admin: ApiClient;
  apiServerUrl: string;
  /** absent when the lab runs without nodes */
  provider?: NodeProvider;
  timing?: WatchTiming;
}

/** a renderer's live tables are bounded: a runaway view cannot pile up subscriptions */
const MAX_WATCHES_PER_SESSION = 32;

type Emit = <E extends BridgeEventName>(event: E, payload: BridgeEvents[E]) => void;
type Handlers = { [C in BridgeChannel]: (params: unknown, session: BridgeSession) => Promise<BridgeResult<C>> };

export class BridgeService {
  private readonly hub: ResourceWatchHub;
  private readonly resources: ResourcesService;
  private readonly cluster: ClusterService;
  private readonly sessions = new Set<BridgeSession>();

  readonly handlers: Handlers = {
    'cluster:info': (p) => {
      validateEmpty('cluster:info', p);
      return this.cluster.info();
    },
    'resources:list': (p) => this.resources.list(validateQuery('resources:list', p)),
    'resources:get': (p) => this.resources.get(validateRef('resources:get', p)),
    'resources:watch': (p, s) => s.watch(validateQuery('resources:watch', p)),
    'resources:unwatch': (p, s) => Promise.resolve(s.unwatch(validateWatchId('resources:unwatch', p).watchId)),
    'resources:delete': (p) => this.resources.delete(validateRef('resources:delete', p)),
    'nodes:action': (p) => {
      const { name, action } = validateNodeAction('nodes:action', p);
      return this.cluster.nodeAction(name, action);
    },
  };

  constructor(deps: BridgeDeps) {
    this.hub = new ResourceWatchHub(deps.admin, deps.timing);
    this.resources = new ResourcesService(deps.admin, this.hub, deps.timing?.now);
    this.cluster = new ClusterService(deps.admin, deps.apiServerUrl, deps.provider);
  }

  openSession(emit: Emit): BridgeSession {
    const session = new BridgeSession(this, this.resources, emit, () => this.sessions.delete(session));
    this.sessions.add(session);
    return session;
  }

  stop(): void {
    for (const s of [...this.sessions]) s.close();
    this.hub.stop();
  }
}

export class BridgeSession {
  private readonly watches = new Map<string, () => void>();
  private nextWatch = 1;
  private closed = false;

  constructor(
    private readonly service: BridgeService,
    private readonly resources: ResourcesService,
    private readonly emit: Emit,
    private readonly onClose: () => void,
  ) {}

  /** one call: never throws, every failure is a Status */
  async handle(channel: unknown, params: unknown): Promise<BridgeReply> {
    try {
      if (!isBridgeChannel(channel)) throw new BridgeError(400, 'BadRequest', `unknown bridge channel ${JSON.stringify(channel)}`);
      const handler = this.service.handlers[channel] as (p: unknown, s: BridgeSession) => Promise<unknown>;
      return { ok: true, result: await handler(params, this) };
    } catch (e) {
      return { ok: false, error: toStatus(e) };
    }
  }

  async watch(q: Parameters<ResourcesService['watch']>[0]): Promise<BridgeResult<'resources:watch'>> {
    if (this.watches.size >= MAX_WATCHES_PER_SESSION) throw new BridgeError(429, 'TooManyRequests', `at most ${MAX_WATCHES_PER_SESSION} live tables per window`);
    const watchId = `w${this.nextWatch++}`;
    const { table, cancel } = await this.resources.watch(q, (t) => this.emit('resources:changed', { watchId, table: t }));
    if (this.closed) cancel();
    else this.watches.set(watchId, cancel);
    return { watchId, table };
  }

  unwatch(watchId: string): BridgeResult<'resources:unwatch'> {
    const cancel = this.watches.get(watchId);
    cancel?.();
    this.watches.delete(watchId);
    return { stopped: cancel !== undefined };
  }

  close(): void {
    this.closed = true;
    for (const cancel of this.watches.values()) cancel();
    this.watches.clear();
    this.onClose();
  }
}
