// The bridge client for every component, and the connection's state. `generation`
// counts openings, so live views subscribe again after a reconnect (a new session on
// the main side has none of the old watches).
import { createContext, useContext, useEffect, useState } from 'react';
import type { ReactNode } from 'react';
import type { BridgeClient } from './bridge-client.js';
import type { ConnectionState } from './transport.js';

const BridgeContext = createContext<BridgeClient | null>(null);

export function BridgeProvider({ client, children }: { client: BridgeClient; children: ReactNode }): ReactNode {
  return <BridgeContext.Provider value={client}>{children}</BridgeContext.Provider>;
}

export function useBridge(): BridgeClient {
  const client = useContext(BridgeContext);
  if (!client) throw new Error('useBridge outside BridgeProvider');
  return client;
}

export function useConnection(): { state: ConnectionState; generation: number } {
  const { transport } = useBridge();
  const [conn, setConn] = useState(() => ({ state: transport.state, generation: transport.state === 'open' ? 1 : 0 }));
  useEffect(() => {
    const update = (state: ConnectionState): void => setConn((c) => (c.state === state ? c : { state, generation: state === 'open' ? c.generation + 1 : c.generation }));
    const off = transport.onState(update);
    update(transport.state); // it may have opened between the first render and this effect
    return off;
  }, [transport]);
  return conn;
}
