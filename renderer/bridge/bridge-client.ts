// Typed calls over any BridgeTransport: the contract's channel names give params and
// results their types; a failed call rejects with the Status it carried.
import type { BridgeChannel, BridgeEventName, BridgeEvents, BridgeParams, BridgeResult } from '../../main/common/bridge/contract.js';
import type { Status } from '../../main/common/kube-types.js';
import type { BridgeTransport } from './transport.js';

export class BridgeCallError extends Error {
  constructor(readonly status: Status) {
    super(status.message ?? `${status.code} ${status.reason ?? ''}`);
    this.name = 'BridgeCallError';
  }
}

export class BridgeClient {
  constructor(readonly transport: BridgeTransport) {}

  async call<C extends BridgeChannel>(channel: C, params: BridgeParams<C>): Promise<BridgeResult<C>> {
    const reply = await this.transport.invoke(channel, params);
    if (!reply.ok) throw new BridgeCallError(reply.error);
    return reply.result as BridgeResult<C>;
  }

  on<E extends BridgeEventName>(event: E, listener: (payload: BridgeEvents[E]) => void): () => void {
    return this.transport.onEvent((name, payload) => {
      if (name === event) listener(payload as BridgeEvents[E]);
    });
  }
}

/** "404 NotFound: pods "x" not found", the way kubectl prints a Status, for the UI */
export function describeError(e: unknown): string {
  if (e instanceof BridgeCallError) return `${e.status.code} ${e.status.reason ?? ''}: ${e.status.message ?? ''}`;
  return e instanceof Error ? e.message : String(e);
}
