// Request bodies: size limit and decoding, with kube-apiserver's errors
// (3 MiB limit as in apiserver's MaxRequestBodyBytes; 415 for unknown media types).
import type { IncomingMessage } from 'node:http';
import yaml from 'js-yaml';
import { errors } from '../errors.js';
import { decodeKubeProtobuf, PROTOBUF_CONTENT_TYPE, ProtobufDecodeError } from '../protobuf/index.js';

export const MAX_BODY_BYTES = 3 * 1024 * 1024;

/** bodies up to this size are read and discarded after a 413, so the client gets the answer instead of a broken pipe */
const DRAIN_LIMIT = 16 * 1024 * 1024;

export async function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  let tooLarge = Number(req.headers['content-length'] ?? '0') > limit;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) tooLarge = true;
    if (tooLarge) {
      chunks.length = 0;
      if (size > DRAIN_LIMIT) break;
      continue;
    }
    chunks.push(chunk);
  }
  if (tooLarge) throw errors.tooLarge(limit);
  return Buffer.concat(chunks);
}

export function mediaType(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

/** Decodes a create/update body (JSON, YAML, or Kubernetes protobuf as kubectl's typed clients send) into a plain object. */
export function decodeObjectBody(body: Buffer, contentType: string | undefined, expected?: { apiVersion: string; kind: string }): Record<string, unknown> {
  const type = mediaType(contentType);
  let value: unknown;
  if (type === PROTOBUF_CONTENT_TYPE) {
    try {
      return decodeKubeProtobuf(body, expected).object;
    } catch (e) {
      if (!(e instanceof ProtobufDecodeError)) throw e;
      const k = e.decodedKind;
      throw errors.badRequest(k ? `${k.kind} in version "${k.apiVersion.split('/').pop() ?? ''}" cannot be handled as a ${k.kind}: ${e.message}` : e.message);
    }
  }
  if (type === 'application/json' || type === '') {
    try {
      value = JSON.parse(body.toString('utf8'));
    } catch (e) {
      throw errors.badRequest(`couldn't get version/kind; json parse error: ${(e as Error).message}`);
    }
  } else if (type === 'application/yaml' || type === 'application/x-yaml' || type === 'text/yaml') {
    try {
      value = yaml.load(body.toString('utf8'), { schema: yaml.JSON_SCHEMA });
    } catch (e) {
      throw errors.badRequest(`error converting YAML to JSON: ${(e as Error).message.split('\n')[0] ?? ''}`);
    }
  } else {
    throw errors.unsupportedMediaType(type);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw errors.badRequest(`couldn't get version/kind; json parse error: cannot unmarshal ${Array.isArray(value) ? 'array' : typeof value} into Go value of type struct { APIVersion string "json:\\"apiVersion,omitempty\\""; Kind string "json:\\"kind,omitempty\\"" }`);
  }
  return value as Record<string, unknown>;
}
