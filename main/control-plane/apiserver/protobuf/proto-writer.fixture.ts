// A minimal protobuf writer for the hand-built byte cases in the unit tests. The kubectl
// spec never uses it: its ground truth is the bytes the real kubectl sends.
import { MAGIC } from './envelope.js';

export class ProtoWriter {
  private readonly bytes: number[] = [];

  private varint(value: bigint): void {
    let v = BigInt.asUintN(64, value);
    while (v > 0x7fn) {
      this.bytes.push(Number(v & 0x7fn) | 0x80);
      v >>= 7n;
    }
    this.bytes.push(Number(v));
  }

  tag(field: number, wire: number): this {
    this.varint(BigInt((field << 3) | wire));
    return this;
  }

  /** int32/int64/bool as a varint; negatives take ten bytes, as Go writes them. */
  int(field: number, value: number | bigint | boolean): this {
    this.tag(field, 0);
    this.varint(typeof value === 'boolean' ? (value ? 1n : 0n) : BigInt(value));
    return this;
  }

  bytesField(field: number, data: Uint8Array): this {
    this.tag(field, 2);
    this.varint(BigInt(data.length));
    this.bytes.push(...data);
    return this;
  }

  string(field: number, value: string): this {
    return this.bytesField(field, Buffer.from(value, 'utf8'));
  }

  message(field: number, build: (w: ProtoWriter) => void): this {
    const inner = new ProtoWriter();
    build(inner);
    return this.bytesField(field, inner.finish());
  }

  /** A map<string, string> entry (key = 1, value = 2). */
  mapEntry(field: number, key: string, value: string | Uint8Array): this {
    return this.message(field, (e) => {
      e.string(1, key);
      if (typeof value === 'string') e.string(2, value);
      else e.bytesField(2, value);
    });
  }

  /** Raw bytes appended as they are (for truncated or malformed input). */
  raw(data: number[] | Uint8Array): this {
    this.bytes.push(...data);
    return this;
  }

  finish(): Buffer {
    return Buffer.from(this.bytes);
  }
}

/** The k8s\0 + runtime.Unknown envelope around an object's message. */
export function envelope(apiVersion: string, kind: string, raw: Uint8Array): Buffer {
  const unknown = new ProtoWriter()
    .message(1, (tm) => tm.string(1, apiVersion).string(2, kind))
    .bytesField(2, raw)
    .string(3, '')
    .string(4, '')
    .finish();
  return Buffer.concat([Buffer.from(MAGIC), unknown]);
}
