// A SPDY/3 session over an upgraded connection, either end: clients open odd stream
// ids, servers even ones (draft3 §2.3.2), as moby/spdystream does. Frames leave in
// the order they were queued (a header block must be compressed before the next frame
// goes out) and arriving frames are handled strictly in order. Like spdystream it does
// no flow control: it never sends WINDOW_UPDATE and ignores the peer's.
import { EventEmitter } from 'node:events';
import type { Duplex } from 'node:stream';
import { FLAG_FIN, FrameReader, RstStatus, SpdyProtocolError, encodeFrame } from './frames.js';
import type { SpdyFrame } from './frames.js';
import { HeaderCompressor, HeaderDecompressor } from './header-block.js';
import type { SpdyHeaders } from './header-block.js';
import { SpdyStream } from './stream.js';
import type { StreamSink } from './stream.js';

export type SpdyRole = 'client' | 'server';

export interface SessionEvents {
  /** a stream the peer opened; call stream.reply() to accept it or stream.reset() to refuse */
  stream: [stream: SpdyStream];
  goaway: [lastGoodStreamId: number, status: number];
  /** the connection is gone; every open stream has been reset */
  close: [error?: Error];
}

/** a DATA frame may carry up to 2^24-1 bytes; smaller frames keep latency even */
const MAX_DATA_CHUNK = 32 * 1024;

export class SpdySession extends EventEmitter<SessionEvents> implements StreamSink {
  private readonly streams = new Map<number, SpdyStream>();
  private readonly reader = new FrameReader();
  private readonly compressor = new HeaderCompressor();
  private readonly decompressor = new HeaderDecompressor();
  private nextStreamId: number;
  private nextPingId: number;
  private readonly pings = new Map<number, () => void>();
  private lastPeerStreamId = 0;
  private outChain: Promise<void> = Promise.resolve();
  private inChain: Promise<void> = Promise.resolve();
  private closed = false;
  private aborted = false;
  goneAway = false;

  constructor(
    private readonly socket: Duplex,
    readonly role: SpdyRole,
  ) {
    super();
    this.nextStreamId = role === 'client' ? 1 : 2;
    this.nextPingId = role === 'client' ? 1 : 2;
    socket.on('data', (chunk: Buffer) => this.onBytes(chunk));
    socket.on('error', (err: Error) => this.teardown(err));
    socket.on('close', () => this.teardown());
    socket.on('end', () => this.teardown());
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** SYN_STREAM with these headers; data may follow at once */
  openStream(headers: Record<string, string | string[]>, opts: { fin?: boolean; priority?: number } = {}): SpdyStream {
    if (this.closed || this.goneAway) throw new SpdyProtocolError('session is closed');
    const id = this.nextStreamId;
    this.nextStreamId += 2;
    const lower: SpdyHeaders = {};
    for (const [k, v] of Object.entries(headers)) lower[k.toLowerCase()] = Array.isArray(v) ? v : [v];
    const stream = new SpdyStream(id, lower, this);
    this.streams.set(id, stream);
    if (opts.fin) stream.localEnded = true;
    this.queueHeaders(headers, (headerBlock) => ({
      type: 'syn_stream',
      streamId: id,
      associatedStreamId: 0,
      priority: opts.priority ?? 0,
      slot: 0,
      flags: opts.fin ? FLAG_FIN : 0,
      headerBlock,
    }));
    return stream;
  }

  /** round trip time of a PING, in ms */
  ping(timeoutMs = 10_000): Promise<number> {
    const id = this.nextPingId;
    this.nextPingId += 2;
    const started = performance.now();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pings.delete(id);
        reject(new SpdyProtocolError(`no reply to PING ${id} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.pings.set(id, () => {
        clearTimeout(timer);
        resolve(performance.now() - started);
      });
      this.queue({ type: 'ping', id });
    });
  }

  /** GOAWAY, then close the connection once the queued frames are written */
  close(): void {
    if (this.closed) return;
    if (!this.goneAway) {
      this.goneAway = true;
      this.queue({ type: 'goaway', lastGoodStreamId: this.lastPeerStreamId, status: 0 });
    }
    void this.outChain.then(() => this.socket.end());
  }

  destroy(err?: Error): void {
    this.aborted = true;
    this.socket.destroy();
    this.teardown(err);
  }

  // ---- StreamSink ----

  sendData(stream: SpdyStream, data: Buffer, fin: boolean): void {
    for (let off = 0; off < data.length; off += MAX_DATA_CHUNK) {
      const part = data.subarray(off, off + MAX_DATA_CHUNK);
      const last = off + MAX_DATA_CHUNK >= data.length;
      this.queue({ type: 'data', streamId: stream.id, flags: fin && last ? FLAG_FIN : 0, data: part });
    }
    if (data.length === 0 && fin) this.queue({ type: 'data', streamId: stream.id, flags: FLAG_FIN, data });
  }

  sendReply(stream: SpdyStream, headers: Record<string, string | string[]>, fin: boolean): void {
    this.queueHeaders(headers, (headerBlock) => ({ type: 'syn_reply', streamId: stream.id, flags: fin ? FLAG_FIN : 0, headerBlock }));
  }

  sendReset(stream: SpdyStream, status: number): void {
    this.queue({ type: 'rst_stream', streamId: stream.id, status });
  }

  forget(stream: SpdyStream): void {
    this.streams.delete(stream.id);
  }

  // ---- output ----

  private queue(frame: SpdyFrame): void {
    this.outChain = this.outChain.then(() => this.write(encodeFrame(frame)));
  }

  private queueHeaders(headers: Record<string, string | string[]>, make: (block: Buffer) => SpdyFrame): void {
    // compress in queue order: the peer inflates blocks in the order frames arrive
    const block = this.compressor.compress(headers);
    this.outChain = this.outChain.then(async () => this.write(encodeFrame(make(await block)))).catch((err: unknown) => {
      this.destroy(err instanceof Error ? err : new Error(String(err)));
    });
  }

  private write(buf: Buffer): void {
    if (!this.closed && this.socket.writable) this.socket.write(buf);
  }

  // ---- input ----

  private onBytes(chunk: Buffer): void {
    let frames: SpdyFrame[];
    try {
      frames = this.reader.push(chunk);
    } catch (err) {
      this.destroy(err as Error);
      return;
    }
    for (const f of frames) {
      this.inChain = this.inChain.then(() => this.handle(f)).catch((err: unknown) => {
        this.destroy(err instanceof Error ? err : new Error(String(err)));
      });
    }
  }

  private async handle(f: SpdyFrame): Promise<void> {
    if (this.aborted) return;
    switch (f.type) {
      case 'syn_stream': {
        const headers = await this.decompressor.decompress(f.headerBlock);
        if (this.goneAway || f.streamId % 2 === (this.role === 'client' ? 1 : 0) || f.streamId <= this.lastPeerStreamId) {
          this.queue({ type: 'rst_stream', streamId: f.streamId, status: RstStatus.PROTOCOL_ERROR });
          return;
        }
        this.lastPeerStreamId = f.streamId;
        const stream = new SpdyStream(f.streamId, headers, this);
        this.streams.set(f.streamId, stream);
        this.emit('stream', stream);
        if (f.flags & FLAG_FIN) stream.onRemoteFin();
        return;
      }
      case 'syn_reply': {
        const headers = await this.decompressor.decompress(f.headerBlock);
        this.streams.get(f.streamId)?.onReply(headers, (f.flags & FLAG_FIN) !== 0);
        return;
      }
      case 'headers': {
        // decompress even when unused: the zlib context must see every block
        await this.decompressor.decompress(f.headerBlock);
        if (f.flags & FLAG_FIN) this.streams.get(f.streamId)?.onRemoteFin();
        return;
      }
      case 'data':
        this.streams.get(f.streamId)?.onData(f.data, (f.flags & FLAG_FIN) !== 0);
        return;
      case 'rst_stream':
        this.streams.get(f.streamId)?.onReset(f.status);
        return;
      case 'ping':
        // our own ids have our parity: a reply; the peer's: echo it back
        if (f.id % 2 === this.nextPingId % 2) this.pings.get(f.id)?.();
        else this.queue(f);
        this.pings.delete(f.id);
        return;
      case 'goaway':
        this.goneAway = true;
        this.emit('goaway', f.lastGoodStreamId, f.status);
        return;
      case 'settings':
      case 'window_update':
      case 'unknown':
        return;
    }
  }

  private teardown(err?: Error): void {
    if (this.closed) return;
    this.closed = true;
    // frames already read are still delivered before the streams are reset
    void this.inChain.then(() => {
      for (const s of [...this.streams.values()]) s.onReset(RstStatus.CANCEL);
      this.streams.clear();
      this.compressor.close();
      this.decompressor.close();
      this.emit('close', err);
    });
  }
}
