// The bridge over the UI server's WebSocket (main/bridge/ui-server.ts). The token from the
// page's #token= fragment opens it; a dropped connection is retried with backoff and the
// calls in flight fail with 503, as a request to an unreachable API server would.
import { failureStatus } from '../../main/common/bridge/contract.js';
import type { BridgeReply } from '../../main/common/bridge/contract.js';
import { BRIDGE_WS_PATH } from '../../main/common/bridge/wire.js';
import type { RequestFrame, ServerFrame } from '../../main/common/bridge/wire.js';
import type { BridgeTransport, ConnectionState } from './transport.js';

const RETRY_MIN_MS = 250;
const RETRY_MAX_MS = 5000;

export class WebSocketTransport implements BridgeTransport {
  state: ConnectionState = 'connecting';
  private ws: WebSocket | undefined;
  private nextId = 1;
  private retryMs = RETRY_MIN_MS;
  private closedByUs = false;
  private readonly pending = new Map<number, (reply: BridgeReply) => void>();
  private readonly queue: RequestFrame[] = [];
  private readonly eventListeners = new Set<(event: string, payload: unknown) => void>();
  private readonly stateListeners = new Set<(state: ConnectionState) => void>();

  constructor(private readonly url: string) {
    this.connect();
  }

  /** ws://<this page's host>/bridge?token=… from the page's #token= fragment */
  static fromLocation(loc: Location): WebSocketTransport {
    const token = new URLSearchParams(loc.hash.replace(/^#/, '')).get('token') ?? '';
    return new WebSocketTransport(`ws://${loc.host}${BRIDGE_WS_PATH}?token=${encodeURIComponent(token)}`);
  }

  invoke(channel: string, params: unknown): Promise<BridgeReply> {
    return new Promise((resolve) => {
      const frame: RequestFrame = { type: 'request', id: this.nextId++, channel, params };
      this.pending.set(frame.id, resolve);
      if (this.ws?.readyState === WebSocket.OPEN) this.ws.send(JSON.stringify(frame));
      else this.queue.push(frame);
    });
  }

  onEvent(listener: (event: string, payload: unknown) => void): () => void {
    this.eventListeners.add(listener);
    return () => this.eventListeners.delete(listener);
  }

  onState(listener: (state: ConnectionState) => void): () => void {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }

  close(): void {
    this.closedByUs = true;
    this.ws?.close();
  }

  private setState(state: ConnectionState): void {
    this.state = state;
    for (const l of this.stateListeners) l(state);
  }

  private connect(): void {
    const ws = new WebSocket(this.url);
    this.ws = ws;
    ws.onopen = () => {
      this.retryMs = RETRY_MIN_MS;
      for (const frame of this.queue.splice(0)) ws.send(JSON.stringify(frame));
      this.setState('open');
    };
    ws.onmessage = (e: MessageEvent<string>) => this.receive(JSON.parse(e.data) as ServerFrame);
    ws.onclose = () => {
      for (const [id, resolve] of this.pending) {
        if (this.queue.some((f) => f.id === id)) continue; // not sent yet: goes out after reconnecting
        this.pending.delete(id);
        resolve({ ok: false, error: failureStatus(503, 'ServiceUnavailable', 'the connection to the lab closed') });
      }
      this.setState('closed');
      if (this.closedByUs) return;
      setTimeout(() => this.connect(), this.retryMs);
      this.retryMs = Math.min(this.retryMs * 2, RETRY_MAX_MS);
    };
  }

  private receive(frame: ServerFrame): void {
    if (frame.type === 'event') {
      for (const l of this.eventListeners) l(frame.event, frame.payload);
      return;
    }
    const resolve = this.pending.get(frame.id);
    this.pending.delete(frame.id);
    resolve?.(frame.ok ? { ok: true, result: frame.result } : { ok: false, error: frame.error });
  }
}
