// grpc.health.v1.Health/Check built in code rather than loaded from a .proto file, so the
// bundled agent needs no proto on disk. The messages are one field each:
//   message HealthCheckRequest  { string service = 1; }
//   message HealthCheckResponse { ServingStatus status = 1; }
//   enum ServingStatus { UNKNOWN = 0; SERVING = 1; NOT_SERVING = 2; SERVICE_UNKNOWN = 3; }
// (https://github.com/grpc/grpc/blob/master/doc/health-checking.md)
import type { ServiceDefinition } from '@grpc/grpc-js';

export const HEALTH_CHECK_PATH = '/grpc.health.v1.Health/Check';

export const SERVING_STATUS = ['UNKNOWN', 'SERVING', 'NOT_SERVING', 'SERVICE_UNKNOWN'] as const;
export type ServingStatus = (typeof SERVING_STATUS)[number];

export interface HealthCheckRequest {
  service: string;
}

export interface HealthCheckResponse {
  status: ServingStatus;
}

export class HealthCodecError extends Error {
  override readonly name = 'HealthCodecError';
}

function encodeVarint(value: number): number[] {
  const out: number[] = [];
  let v = value;
  while (v > 0x7f) {
    out.push((v & 0x7f) | 0x80);
    v = Math.floor(v / 128);
  }
  out.push(v);
  return out;
}

function readVarint(buf: Uint8Array, start: number): [value: number, next: number] {
  let value = 0;
  let scale = 1;
  for (let i = start; i < buf.length && i < start + 10; i++) {
    const byte = buf[i] ?? 0;
    value += (byte & 0x7f) * scale;
    scale *= 128;
    if ((byte & 0x80) === 0) return [value, i + 1];
  }
  throw new HealthCodecError('truncated varint');
}

/** walks a message, handing field 1 (wire type 0 or 2) to `take` and skipping the rest */
function eachField(buf: Uint8Array, take: (field: number, wire: number, value: number, bytes: Uint8Array | undefined) => void): void {
  let i = 0;
  while (i < buf.length) {
    const [tag, afterTag] = readVarint(buf, i);
    const field = Math.floor(tag / 8);
    const wire = tag & 7;
    if (wire === 0) {
      const [value, next] = readVarint(buf, afterTag);
      take(field, wire, value, undefined);
      i = next;
    } else if (wire === 2) {
      const [len, start] = readVarint(buf, afterTag);
      if (start + len > buf.length) throw new HealthCodecError('truncated length-delimited field');
      take(field, wire, len, buf.subarray(start, start + len));
      i = start + len;
    } else if (wire === 1) {
      i = afterTag + 8;
    } else if (wire === 5) {
      i = afterTag + 4;
    } else {
      throw new HealthCodecError(`unsupported wire type ${wire}`);
    }
  }
}

export function encodeHealthCheckRequest(req: HealthCheckRequest): Buffer {
  const service = Buffer.from(req.service, 'utf8');
  if (service.length === 0) return Buffer.alloc(0);
  return Buffer.concat([Buffer.from([0x0a, ...encodeVarint(service.length)]), service]);
}

export function decodeHealthCheckRequest(buf: Uint8Array): HealthCheckRequest {
  let service = '';
  eachField(buf, (field, wire, _value, bytes) => {
    if (field === 1 && wire === 2 && bytes) service = Buffer.from(bytes).toString('utf8');
  });
  return { service };
}

export function encodeHealthCheckResponse(res: HealthCheckResponse): Buffer {
  const n = SERVING_STATUS.indexOf(res.status);
  return n <= 0 ? Buffer.alloc(0) : Buffer.from([0x08, ...encodeVarint(n)]);
}

export function decodeHealthCheckResponse(buf: Uint8Array): HealthCheckResponse {
  let n = 0;
  eachField(buf, (field, wire, value) => {
    if (field === 1 && wire === 0) n = value;
  });
  // an enum value this side does not know prints as its number in Go; UNKNOWN is close enough
  return { status: SERVING_STATUS[n] ?? 'UNKNOWN' };
}

/** the Health service with only Check, for @grpc/grpc-js servers (the lab's own and the tests') */
export const healthServiceDefinition: ServiceDefinition = {
  Check: {
    path: HEALTH_CHECK_PATH,
    requestStream: false,
    responseStream: false,
    requestSerialize: (value: HealthCheckRequest) => encodeHealthCheckRequest(value),
    requestDeserialize: (bytes: Buffer) => decodeHealthCheckRequest(bytes),
    responseSerialize: (value: HealthCheckResponse) => encodeHealthCheckResponse(value),
    responseDeserialize: (bytes: Buffer) => decodeHealthCheckResponse(bytes),
    originalName: 'check',
  },
};
