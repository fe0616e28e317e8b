// The envelope kube's protobuf serializer writes (apimachinery runtime/serializer/protobuf):
// the 4-byte magic "k8s\0", then a runtime.Unknown message
//   Unknown  { typeMeta = 1 (TypeMeta), raw = 2 (bytes), contentEncoding = 3, contentType = 4 }
//   TypeMeta { apiVersion = 1, kind = 2 }
// where raw is the object's own message.
import { ProtobufDecodeError } from './errors.js';
import { utf8String, wrongWireType } from './scalars.js';
import { WIRE, WireReader } from './wire-reader.js';

export const MAGIC: readonly number[] = [0x6b, 0x38, 0x73, 0x00];

export interface Envelope {
  apiVersion: string;
  kind: string;
  raw: Uint8Array;
  contentEncoding: string;
  contentType: string;
}

function stringField(r: WireReader, wire: number, json: string): string {
  if (wire !== WIRE.bytes) throw wrongWireType(wire, json);
  return utf8String(r.bytes());
}

function readTypeMeta(bytes: Uint8Array): { apiVersion: string; kind: string } {
  const r = new WireReader(bytes);
  let apiVersion = '';
  let kind = '';
  while (!r.atEnd()) {
    const { field, wire } = r.tag('TypeMeta');
    if (field === 1) apiVersion = stringField(r, wire, 'apiVersion');
    else if (field === 2) kind = stringField(r, wire, 'kind');
    else r.skip(wire);
  }
  return { apiVersion, kind };
}

export function hasMagic(body: Uint8Array): boolean {
  return body.length >= MAGIC.length && MAGIC.every((b, i) => body[i] === b);
}

export function readEnvelope(body: Uint8Array): Envelope {
  if (!hasMagic(body)) {
    throw new ProtobufDecodeError(`provided data does not appear to be a protobuf message, expected prefix [${MAGIC.join(' ')}]`);
  }
  const r = new WireReader(body, MAGIC.length);
  const env: Envelope = { apiVersion: '', kind: '', raw: new Uint8Array(), contentEncoding: '', contentType: '' };
  while (!r.atEnd()) {
    const { field, wire } = r.tag('Unknown');
    switch (field) {
      case 1: {
        if (wire !== WIRE.bytes) throw wrongWireType(wire, 'typeMeta');
        // a message field that repeats merges, so a later kind overrides an earlier one
        const tm = readTypeMeta(r.bytes());
        if (tm.apiVersion) env.apiVersion = tm.apiVersion;
        if (tm.kind) env.kind = tm.kind;
        break;
      }
      case 2:
        if (wire !== WIRE.bytes) throw wrongWireType(wire, 'raw');
        env.raw = r.bytes();
        break;
      case 3:
        env.contentEncoding = stringField(r, wire, 'contentEncoding');
        break;
      case 4:
        env.contentType = stringField(r, wire, 'contentType');
        break;
      default:
        r.skip(wire);
    }
  }
  return env;
}
