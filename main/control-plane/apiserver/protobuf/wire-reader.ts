// Protobuf wire format reader (https://protobuf.dev/programming-guides/encoding/):
// varint (0), 64-bit (1), length-delimited (2), groups (3/4, skipped only), 32-bit (5).
// Kubernetes' generated.proto files are proto2 with plain int32/int64 (no zigzag), so
// varints are read as two's-complement 64-bit values, like gogo's generated Unmarshal.
import { ProtobufDecodeError, UNEXPECTED_EOF } from './errors.js';

export const WIRE = { varint: 0, fixed64: 1, bytes: 2, startGroup: 3, endGroup: 4, fixed32: 5 } as const;

const TWO_32 = 4294967296;

/** A 64-bit varint as two unsigned 32-bit halves, so no precision is lost on the way. */
export interface Varint64 {
  lo: number;
  hi: number;
}

export interface Tag {
  field: number;
  wire: number;
}

export class WireReader {
  private pos: number;

  constructor(
    private readonly buf: Uint8Array,
    start = 0,
    private readonly end = buf.length,
  ) {
    this.pos = start;
  }

  atEnd(): boolean {
    return this.pos >= this.end;
  }

  private byte(): number {
    if (this.pos >= this.end) throw new ProtobufDecodeError(UNEXPECTED_EOF);
    return this.buf[this.pos++] ?? 0;
  }

  /** Up to ten bytes, as gogo allows (shift < 64); an eleventh is "integer overflow". */
  varint(): Varint64 {
    let lo = 0;
    let hi = 0;
    for (let i = 0; i < 10; i++) {
      const b = this.byte();
      const bits = b & 0x7f;
      if (i < 4) lo |= bits << (7 * i);
      else if (i === 4) {
        lo |= (bits & 0x0f) << 28;
        hi |= bits >>> 4;
      } else hi |= bits << (7 * i - 32);
      if (b < 0x80) return { lo: lo >>> 0, hi: hi >>> 0 };
    }
    throw new ProtobufDecodeError('proto: integer overflow');
  }

  tag(messageName: string): Tag {
    const v = this.varint();
    const wire = v.lo & 7;
    // gogo: fieldNum := int32(wire >> 3); fieldNum <= 0 is an illegal tag
    const field = ((v.lo >>> 3) | (v.hi << 29)) | 0;
    if (field <= 0) throw new ProtobufDecodeError(`proto: ${messageName}: illegal tag ${field} (wire type ${wire})`);
    if (wire === WIRE.endGroup) throw new ProtobufDecodeError(`proto: ${messageName}: wiretype end group for non-group`);
    return { field, wire };
  }

  /** A length prefix: negative (as a Go int) or longer than what is left is an error. */
  private length(): number {
    const v = this.varint();
    if (v.hi >= 0x80000000) throw new ProtobufDecodeError('proto: negative length found during unmarshaling');
    const n = v.hi * TWO_32 + v.lo;
    if (n > this.end - this.pos) throw new ProtobufDecodeError(UNEXPECTED_EOF);
    return n;
  }

  /** The body of a length-delimited field, as a view (no copy). */
  bytes(): Uint8Array {
    const n = this.length();
    const out = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }

  fixed32(): Uint8Array {
    return this.take(4);
  }

  fixed64(): Uint8Array {
    return this.take(8);
  }

  private take(n: number): Uint8Array {
    if (this.end - this.pos < n) throw new ProtobufDecodeError(UNEXPECTED_EOF);
    const out = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }

  /** Skips a field of an unknown number, as gogo's skipGenerated does (groups nest). */
  skip(wire: number): void {
    let depth = 0;
    let current = wire;
    for (;;) {
      switch (current) {
        case WIRE.varint:
          this.varint();
          break;
        case WIRE.fixed64:
          this.take(8);
          break;
        case WIRE.bytes:
          this.bytes();
          break;
        case WIRE.fixed32:
          this.take(4);
          break;
        case WIRE.startGroup:
          depth++;
          break;
        case WIRE.endGroup:
          if (depth === 0) throw new ProtobufDecodeError('proto: unexpected end of group');
          depth--;
          break;
        default:
          throw new ProtobufDecodeError(`proto: illegal wireType ${current}`);
      }
      if (depth === 0) return;
      current = this.varint().lo & 7;
    }
  }
}

/** int32 fields keep the low 32 bits, as Go's int32(b&0x7F) << shift does. */
export function toInt32(v: Varint64): number {
  return v.lo | 0;
}

/** The signed 64-bit value. */
export function toBigInt64(v: Varint64): bigint {
  return BigInt.asIntN(64, (BigInt(v.hi) << 32n) | BigInt(v.lo));
}

export function toBool(v: Varint64): boolean {
  return v.lo !== 0 || v.hi !== 0;
}

/** A little-endian IEEE 754 double from a 64-bit field. */
export function toDouble(bytes: Uint8Array): number {
  return new DataView(bytes.buffer, bytes.byteOffset, 8).getFloat64(0, true);
}
