// How the renderer reaches main. Headless it is a loopback WebSocket (ws-transport.ts);
// in the desktop app the preload provides the same interface over Electron IPC, so
// nothing above this file knows which one runs.
import type { BridgeReply } from '../../main/common/bridge/contract.js';

export type ConnectionState = 'connecting' | 'open' | 'closed';

export interface BridgeTransport {
  readonly state: ConnectionState;
  /** one request; a transport failure is a reply with a Status too, never a rejection */
  invoke(channel: string, params: unknown): Promise<BridgeReply>;
  onEvent(listener: (event: string, payload: unknown) => void): () => void;
  onState(listener: (state: ConnectionState) => void): () => void;
  close(): void;
}
