// One SPDY stream of a session: bidirectional, half-closed by a FIN in each
// direction, torn down by RST_STREAM. Kubernetes uses one stream per channel
// (exec: error/stdin/stdout/stderr/resize; port-forward: error + data per connection).
import { EventEmitter } from 'node:events';
import type { SpdyHeaders } from './header-block.js';
import { RstStatus } from './frames.js';

export interface StreamEvents {
  /** the peer's SYN_REPLY (streams this side opened) */
  reply: [headers: SpdyHeaders];
  data: [chunk: Buffer];
  /** the peer half-closed (FIN): no more data will come */
  end: [];
  /** the stream was reset (by the peer, or because the session closed) */
  reset: [status: number];
}

/** What a stream needs from its session to send frames. */
export interface StreamSink {
  sendData(stream: SpdyStream, data: Buffer, fin: boolean): void;
  sendReply(stream: SpdyStream, headers: Record<string, string | string[]>, fin: boolean): void;
  sendReset(stream: SpdyStream, status: number): void;
  forget(stream: SpdyStream): void;
}

export class SpdyStream extends EventEmitter<StreamEvents> {
  replyHeaders: SpdyHeaders | undefined;
  remoteEnded = false;
  localEnded = false;
  isReset = false;
  private replied = false;

  constructor(
    readonly id: number,
    /** the SYN_STREAM headers */
    readonly headers: SpdyHeaders,
    private readonly sink: StreamSink,
  ) {
    super();
  }

  /** first value of a (lowercase) header of the SYN_STREAM */
  header(name: string): string | undefined {
    return this.headers[name.toLowerCase()]?.[0];
  }

  write(data: Buffer): void {
    if (this.localEnded || this.isReset || data.length === 0) return;
    this.sink.sendData(this, data, false);
  }

  /** half-close: send FIN (with the last data, if any) */
  end(data: Buffer = Buffer.alloc(0)): void {
    if (this.localEnded || this.isReset) return;
    this.localEnded = true;
    this.sink.sendData(this, data, true);
    this.maybeForget();
  }

  /** accept a stream the peer opened (servers reply to every SYN_STREAM they keep) */
  reply(headers: Record<string, string | string[]> = {}, fin = false): void {
    if (this.replied || this.isReset) return;
    this.replied = true;
    if (fin) this.localEnded = true;
    this.sink.sendReply(this, headers, fin);
    this.maybeForget();
  }

  reset(status: number = RstStatus.CANCEL): void {
    if (this.isReset) return;
    this.sink.sendReset(this, status);
    this.onReset(status);
  }

  /** @internal frames from the session */
  onData(data: Buffer, fin: boolean): void {
    if (this.isReset || this.remoteEnded) return;
    if (data.length) this.emit('data', data);
    if (fin) this.onRemoteFin();
  }

  /** @internal */
  onReply(headers: SpdyHeaders, fin: boolean): void {
    this.replyHeaders = headers;
    this.emit('reply', headers);
    if (fin) this.onRemoteFin();
  }

  /** @internal */
  onRemoteFin(): void {
    if (this.remoteEnded) return;
    this.remoteEnded = true;
    this.emit('end');
    this.maybeForget();
  }

  /** @internal */
  onReset(status: number): void {
    if (this.isReset) return;
    this.isReset = true;
    this.sink.forget(this);
    this.emit('reset', status);
  }

  private maybeForget(): void {
    if (this.localEnded && this.remoteEnded) this.sink.forget(this);
  }
}
