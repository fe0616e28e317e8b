// SPDY/3 name/value header blocks (draft3 §2.6.10): a count, then length-prefixed
// lowercase names and values (several values of one name joined by NUL), zlib
// compressed with the SPDY dictionary. Each direction of a connection keeps ONE zlib
// stream for its whole life, and every block ends with a sync flush — exactly what
// Go's framer does (zlib.NewWriterLevelDict + Flush per frame).
import type { Deflate, Inflate } from 'node:zlib';
import { constants, createDeflate, createInflate } from 'node:zlib';
import { SPDY_DICTIONARY } from './dictionary.js';
import { SpdyProtocolError } from './frames.js';

/** header name (lowercase) → values */
export type SpdyHeaders = Record<string, string[]>;

export function encodeHeaderBlock(headers: Record<string, string | string[]>): Buffer {
  const entries = Object.entries(headers).map(([name, v]) => [name.toLowerCase(), Array.isArray(v) ? v.join('\0') : v] as const);
  const parts: Buffer[] = [u32(entries.length)];
  for (const [name, value] of entries) {
    const n = Buffer.from(name, 'utf8');
    const v = Buffer.from(value, 'utf8');
    parts.push(u32(n.length), n, u32(v.length), v);
  }
  return Buffer.concat(parts);
}

function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
}

export function decodeHeaderBlock(block: Buffer): SpdyHeaders {
  const out: SpdyHeaders = {};
  let off = 0;
  const take = (what: string): Buffer => {
    if (off + 4 > block.length) throw new SpdyProtocolError(`header block truncated in ${what} length`);
    const len = block.readUInt32BE(off);
    off += 4;
    if (off + len > block.length) throw new SpdyProtocolError(`header block truncated in ${what}`);
    const b = block.subarray(off, off + len);
    off += len;
    return b;
  };
  if (block.length < 4) throw new SpdyProtocolError('header block shorter than its count');
  const count = block.readUInt32BE(0);
  off = 4;
  for (let i = 0; i < count; i++) {
    const name = take('name').toString('utf8');
    const value = take('value').toString('utf8');
    if (name === '' || name !== name.toLowerCase()) throw new SpdyProtocolError(`invalid header name ${JSON.stringify(name)}`);
    if (out[name]) throw new SpdyProtocolError(`duplicate header ${name}`);
    out[name] = value.split('\0');
  }
  return out;
}

/** One zlib stream, fed one block at a time; blocks come out in the order they went in. */
class ZlibContext {
  private chain: Promise<unknown> = Promise.resolve();

  constructor(private readonly z: Deflate | Inflate) {
    // an error is reported to the caller of run(); keep the emitter from throwing it
    z.on('error', () => undefined);
  }

  run(input: Buffer): Promise<Buffer> {
    const next = this.chain.then(() => this.once(input));
    this.chain = next.catch(() => undefined);
    return next;
  }

  private once(input: Buffer): Promise<Buffer> {
    return new Promise((resolve, reject) => {
      const onError = (err: Error): void => reject(new SpdyProtocolError(`header block zlib: ${err.message}`));
      this.z.once('error', onError);
      this.z.write(input);
      // all output of a write is pushed before its callback runs; the stream is
      // paused (no 'data' listener), so it waits in the readable buffer for us
      this.z.flush(constants.Z_SYNC_FLUSH, () => {
        this.z.off('error', onError);
        const chunks: Buffer[] = [];
        for (let c = this.z.read() as Buffer | null; c !== null; c = this.z.read() as Buffer | null) chunks.push(c);
        resolve(Buffer.concat(chunks));
      });
    });
  }

  close(): void {
    this.z.destroy();
  }
}

/** Compresses the header blocks one side sends. */
export class HeaderCompressor {
  private readonly ctx = new ZlibContext(createDeflate({ dictionary: SPDY_DICTIONARY, level: constants.Z_BEST_COMPRESSION }));

  compress(headers: Record<string, string | string[]>): Promise<Buffer> {
    return this.ctx.run(encodeHeaderBlock(headers));
  }

  close(): void {
    this.ctx.close();
  }
}

/** Decompresses the header blocks the other side sends. */
export class HeaderDecompressor {
  private readonly ctx = new ZlibContext(createInflate({ dictionary: SPDY_DICTIONARY }));

  async decompress(block: Buffer): Promise<SpdyHeaders> {
    // a frame may carry no header block at all (Go sends none in some SYN_REPLYs)
    if (block.length === 0) return {};
    return decodeHeaderBlock(await this.ctx.run(block));
  }

  close(): void {
    this.ctx.close();
  }
}
