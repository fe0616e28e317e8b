// The desktop app's bridge before and after the lab exists. On first run the window
// opens before any lab: only the setup channels work then (the user chooses, the start
// reports progress); every other channel answers 503 until the lab is up, and from then
// on goes to the full BridgeService. The renderer keeps one session throughout.
import { BRIDGE_CHANNELS } from '../../common/bridge/contract.js';
import type { BridgeReply, BridgeRequests } from '../../common/bridge/contract.js';
import { BridgeSession } from '../bridge-service.js';
import type { BridgeService } from '../bridge-service.js';
import type { DomainHandlers, Emit } from '../domain.js';
import { BridgeError } from '../errors.js';
import { setupHandlersFor } from './setup-handlers.js';
import type { SetupService } from './setup-service.js';

/** what serves the renderer: the BridgeService itself, or this */
export interface BridgeHost {
  openSession(emit: Emit): { handle(channel: unknown, params: unknown): Promise<BridgeReply>; close(): void };
}

function earlyHandlers(setup: SetupService): DomainHandlers<BridgeRequests> {
  const notYet = (): Promise<never> => Promise.reject(new BridgeError(503, 'ServiceUnavailable', 'the lab is not running yet: choose its nodes in Setup, or wait for the start to finish'));
  const table = Object.fromEntries(BRIDGE_CHANNELS.map((c) => [c, notYet])) as unknown as DomainHandlers<BridgeRequests>;
  return {
    ...table,
    ...setupHandlersFor(setup),
    // the header asks this first; before the start there is simply no cluster to show
    'cluster:info': () => Promise.resolve({ apiServer: '', provider: null, nodeCount: 0 }),
  };
}

export class LateBridge implements BridgeHost {
  private full: BridgeService | undefined;
  private readonly early: DomainHandlers<BridgeRequests>;

  constructor(setup: SetupService) {
    this.early = earlyHandlers(setup);
  }

  /** the lab is up: everything but setup goes to the full service from now on */
  attach(full: BridgeService): void {
    this.full = full;
  }

  openSession(emit: Emit): { handle(channel: unknown, params: unknown): Promise<BridgeReply>; close(): void } {
    // setup's streams (the progress) live in this session for its whole life
    const early = new BridgeSession(this.early, emit, () => undefined);
    let inner: BridgeSession | undefined;
    return {
      handle: (channel, params) => {
        const setupChannel = typeof channel === 'string' && channel.startsWith('setup:');
        if (this.full && !setupChannel) {
          inner ??= this.full.openSession(emit);
          return inner.handle(channel, params);
        }
        return early.handle(channel, params);
      },
      close: () => {
        early.close();
        inner?.close();
      },
    };
  }
}
