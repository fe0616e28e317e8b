// What every domain of the bridge (resources, manifests, nodes, trace, runtimes, setup)
// shares: the dependencies main hands the bridge, the session scope a handler may use to
// push events and keep streams, and the shape of a domain's handler table.
import type { BridgeEventName, BridgeEvents } from '../common/bridge/contract.js';
import type { ApiClient } from '../common/client/api-client.js';
import type { ComponentLiveness, TraceBus } from '../control-plane/trace/trace-bus.js';
import type { NodeProvider } from '../vm/provider.js';
import type { WatchTiming } from './resource-watch.js';
import type { SetupContext } from './setup/setup-context.js';

export interface BridgeDeps {
  /** the lab's own client (kubernetes-admin) */
  admin: ApiClient;
  apiServerUrl: string;
  /** absent when the lab runs without nodes */
  provider?: NodeProvider;
  /** the control plane's live trace (absent when the API server runs elsewhere) */
  trace?: TraceBus;
  /** the lab's data dir (node logs of host nodes, kubeconfig, run.json) */
  dataDir?: string;
  timing?: WatchTiming;
  /** the Setup view: the lab's progress history and how it was started (absent: bare bridge) */
  setup?: SetupContext;
  /** the scheduler's and controller-manager's own state (absent when they run elsewhere) */
  liveness?: () => ComponentLiveness;
  /** the lab's image registry (host nodes), probed for the architecture view */
  registryUrl?: string;
}

export type Emit = <E extends BridgeEventName>(event: E, payload: BridgeEvents[E]) => void;

/** one renderer connection, as a handler sees it */
export interface SessionScope {
  readonly emit: Emit;
  readonly closed: boolean;
  /**
   * Keeps a stream (a live table, a followed log, a terminal, the trace) until `release`
   * or the end of the session, whichever comes first; returns its id (`<prefix><n>`).
   * A session keeps a bounded number: a runaway view cannot pile them up (429).
   */
  own(prefix: string, cancel: () => void): string;
  /** ends one stream; false when the id is not this session's */
  release(id: string): boolean;
}

/** a domain's handlers: one per channel, each validating `unknown` params and delegating */
export type DomainHandlers<R> = {
  [C in keyof R]: R[C] extends { result: infer T } ? (params: unknown, session: SessionScope) => Promise<T> : never;
};
