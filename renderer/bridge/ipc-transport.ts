// The bridge inside the desktop app: the preload's `window.k8sLab` (main/app/preload.ts)
// carries each request over Electron IPC; there is no connection to lose.
import { failureStatus } from '../../main/common/bridge/contract.js';
import type { BridgeReply } from '../../main/common/bridge/contract.js';
import type { BridgeTransport, ConnectionState } from './transport.js';

export interface PreloadBridge {
  invoke(channel: string, params: unknown): Promise<unknown>;
  onEvent(listener: (event: string, payload: unknown) => void): () => void;
}

export function preloadBridge(): PreloadBridge | undefined {
  return (window as unknown as { k8sLab?: PreloadBridge }).k8sLab;
}

export class IpcTransport implements BridgeTransport {
  readonly state: ConnectionState = 'open';

  constructor(private readonly bridge: PreloadBridge) {}

  async invoke(channel: string, params: unknown): Promise<BridgeReply> {
    try {
      return (await this.bridge.invoke(channel, params)) as BridgeReply;
    } catch (e) {
      return { ok: false, error: failureStatus(503, 'ServiceUnavailable', `the app's main process did not answer: ${e instanceof Error ? e.message : String(e)}`) };
    }
  }

  onEvent(listener: (event: string, payload: unknown) => void): () => void {
    return this.bridge.onEvent(listener);
  }

  onState(listener: (state: ConnectionState) => void): () => void {
    listener(this.state);
    return () => undefined;
  }

  close(): void {
    // the window's end closes the session in main
  }
}
