// Little binary writer/reader shared by the WAL record and snapshot codecs.
// Integers that can exceed 32 bits (revisions, lease ids, indexes) are stored as
// float64: exact for every integer below 2^53, which is the contract's range.

/** Thrown by BinaryReader when the bytes end early or a field is impossible. */
export class DecodeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DecodeError';
  }
}

export class BinaryWriter {
  private buf: Buffer;
  private pos = 0;

  constructor(initialSize = 256) {
    this.buf = Buffer.allocUnsafe(initialSize);
  }

  private reserve(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.pos + n) size *= 2;
    const next = Buffer.allocUnsafe(size);
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
  }

  u8(v: number): this {
    this.reserve(1);
    this.buf[this.pos++] = v;
    return this;
  }

  u32(v: number): this {
    this.reserve(4);
    this.buf.writeUInt32LE(v, this.pos);
    this.pos += 4;
    return this;
  }

  f64(v: number): this {
    this.reserve(8);
    this.buf.writeDoubleLE(v, this.pos);
    this.pos += 8;
    return this;
  }

  /** length-prefixed bytes */
  bytes(b: Uint8Array): this {
    this.u32(b.length);
    this.reserve(b.length);
    this.buf.set(b, this.pos);
    this.pos += b.length;
    return this;
  }

  get length(): number {
    return this.pos;
  }

  /** a view of the written bytes (valid until the next write) */
  finish(): Buffer {
    return this.buf.subarray(0, this.pos);
  }
}

export class BinaryReader {
  private pos: number;

  constructor(
    private readonly buf: Buffer,
    start = 0,
    private readonly end = buf.length,
  ) {
    this.pos = start;
  }

  private need(n: number): void {
    if (this.pos + n > this.end) throw new DecodeError(`truncated: need ${n} bytes at ${this.pos}, end ${this.end}`);
  }

  u8(): number {
    this.need(1);
    return this.buf[this.pos++] ?? 0;
  }

  u32(): number {
    this.need(4);
    const v = this.buf.readUInt32LE(this.pos);
    this.pos += 4;
    return v;
  }

  f64(): number {
    this.need(8);
    const v = this.buf.readDoubleLE(this.pos);
    this.pos += 8;
    return v;
  }

  /** a non-negative safe integer stored as f64 */
  int(): number {
    const v = this.f64();
    if (!Number.isSafeInteger(v) || v < 0) throw new DecodeError(`bad integer ${v}`);
    return v;
  }

  /** length-prefixed bytes, copied so the result does not pin the source buffer */
  bytes(): Buffer {
    const n = this.u32();
    this.need(n);
    const out = Buffer.allocUnsafe(n);
    this.buf.copy(out, 0, this.pos, this.pos + n);
    this.pos += n;
    return out;
  }

  get offset(): number {
    return this.pos;
  }

  get done(): boolean {
    return this.pos >= this.end;
  }
}
