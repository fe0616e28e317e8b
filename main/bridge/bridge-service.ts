// The service side of the bridge: one handler per channel, each taking `unknown`,
// validating it and delegating in one line (STYLE.md rule 5). Each view's domain brings
// its own handler table (./<domain>/*-handlers.ts); this file joins them. A session is one
// renderer connection (a WebSocket, or one Electron webContents); its streams end with it.
import { isBridgeChannel } from '../common/bridge/contract.js';
import type { BridgeReply, BridgeRequests, CoreRequests } from '../common/bridge/contract.js';
import { ClusterService } from './cluster-service.js';
import type { BridgeDeps, DomainHandlers, Emit, SessionScope } from './domain.js';
import { BridgeError, toStatus } from './errors.js';
import { manifestHandlers } from './manifests/manifest-handlers.js';
import { nodeHandlers } from './nodes/node-handlers.js';
import { podHandlers } from './pods/pod-handlers.js';
import { ResourceWatchHub } from './resource-watch.js';
import { resourceActionHandlers } from './resources/resource-action-handlers.js';
import { ResourcesService } from './resources-service.js';
import { runtimeHandlers } from './runtimes/runtime-handlers.js';
import { setupHandlers } from './setup/setup-handlers.js';
import { traceHandlers } from './trace/trace-handlers.js';
import { validateEmpty, validateQuery, validateRef, validateWatchId } from './validate.js';

export type { BridgeDeps } from './domain.js';

/** a renderer's streams are bounded: a runaway view cannot pile up subscriptions */
const MAX_STREAMS_PER_SESSION = 64;

export class BridgeService {
  private readonly hub: ResourceWatchHub;
  private readonly resources: ResourcesService;
  private readonly cluster: ClusterService;
  private readonly sessions = new Set<BridgeSession>();
  private readonly stoppers: (() => void)[] = [];

  readonly handlers: DomainHandlers<BridgeRequests>;

  constructor(deps: BridgeDeps) {
    this.hub = new ResourceWatchHub(deps.admin, deps.timing);
    this.resources = new ResourcesService(deps.admin, this.hub, deps.timing?.now);
    this.cluster = new ClusterService(deps.admin, deps.apiServerUrl, deps.provider);
    const core: DomainHandlers<CoreRequests> = {
      ...resourceActionHandlers(deps.admin, deps.timing?.now),
      'cluster:info': (p) => {
        validateEmpty('cluster:info', p);
        return this.cluster.info();
      },
      'resources:list': (p) => this.resources.list(validateQuery('resources:list', p)),
      'resources:get': (p) => this.resources.get(validateRef('resources:get', p)),
      'resources:watch': async (p, s) => {
        const q = validateQuery('resources:watch', p);
        let watchId = '';
        const { table, cancel } = await this.resources.watch(q, (t) => s.emit('resources:changed', { watchId, table: t }));
        if (s.closed) cancel();
        else watchId = s.own('w', cancel);
        return { watchId, table };
      },
      'resources:unwatch': (p, s) => Promise.resolve({ stopped: s.release(validateWatchId('resources:unwatch', p).watchId) }),
      'resources:delete': (p) => this.resources.delete(validateRef('resources:delete', p)),
    };
    this.handlers = {
      ...core,
      ...manifestHandlers(deps),
      ...nodeHandlers(deps),
      ...traceHandlers(deps),
      ...runtimeHandlers(deps),
      ...setupHandlers(deps),
      ...podHandlers(deps),
    };
  }

  openSession(emit: Emit): BridgeSession {
    const session = new BridgeSession(this.handlers, emit, () => this.sessions.delete(session));
    this.sessions.add(session);
    return session;
  }

  /** runs at stop(), after the sessions are closed (a domain's shared watchers) */
  onStop(stop: () => void): void {
    this.stoppers.push(stop);
  }

  stop(): void {
    for (const s of [...this.sessions]) s.close();
    this.hub.stop();
    for (const stop of this.stoppers) stop();
  }
}

export class BridgeSession implements SessionScope {
  private readonly streams = new Map<string, () => void>();
  private nextStream = 1;
  private isClosed = false;

  constructor(
    private readonly handlers: DomainHandlers<BridgeRequests>,
    readonly emit: Emit,
    private readonly onClose: () => void,
  ) {}

  get closed(): boolean {
    return this.isClosed;
  }

  /** one call: never throws, every failure is a Status */
  async handle(channel: unknown, params: unknown): Promise<BridgeReply> {
    try {
      if (!isBridgeChannel(channel)) throw new BridgeError(400, 'BadRequest', `unknown bridge channel ${JSON.stringify(channel)}`);
      const handler = this.handlers[channel] as (p: unknown, s: SessionScope) => Promise<unknown>;
      return { ok: true, result: await handler(params, this) };
    } catch (e) {
      return { ok: false, error: toStatus(e) };
    }
  }

  own(prefix: string, cancel: () => void): string {
    if (this.isClosed) {
      cancel();
      throw new BridgeError(410, 'Gone', 'the window closed');
    }
    if (this.streams.size >= MAX_STREAMS_PER_SESSION) {
      cancel();
      throw new BridgeError(429, 'TooManyRequests', `at most ${MAX_STREAMS_PER_SESSION} live streams per window`);
    }
    const id = `${prefix}${this.nextStream++}`;
    this.streams.set(id, cancel);
    return id;
  }

  release(id: string): boolean {
    const cancel = this.streams.get(id);
    this.streams.delete(id);
    cancel?.();
    return cancel !== undefined;
  }

  close(): void {
    this.isClosed = true;
    for (const cancel of this.streams.values()) cancel();
    this.streams.clear();
    this.onClose();
  }
}
