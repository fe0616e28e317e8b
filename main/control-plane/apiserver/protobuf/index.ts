// Kubernetes protobuf request bodies (Content-Type: application/vnd.kubernetes.protobuf),
// which kubectl 1.32's typed clients send for create namespace/deployment/configmap/
// secret/service/serviceaccount/pdb and for the drain Eviction. The result is the JSON
// object kube-apiserver would have decoded, so the rest of the server sees what a JSON
// client would have sent.
import { readEnvelope } from './envelope.js';
import { ProtobufDecodeError } from './errors.js';
import { MessageDecoder } from './decode-message.js';
import { messageForKind, SCHEMA } from './schema/index.js';

export { ProtobufDecodeError } from './errors.js';
export type { DecodedKind } from './errors.js';
export { hasMagic } from './envelope.js';

export const PROTOBUF_CONTENT_TYPE = 'application/vnd.kubernetes.protobuf';

/** The request's own group/version/kind, which fills in what the envelope leaves empty (copyKindDefaults). */
export interface KindDefaults {
  apiVersion?: string;
  kind?: string;
}

export interface DecodedObject {
  apiVersion: string;
  kind: string;
  object: Record<string, unknown>;
}

const decoder = new MessageDecoder(SCHEMA);

/** runtime.TypeMeta printed with %#v, as missingKindErr / missingVersionErr quote it. */
function goTypeMeta(apiVersion: string, kind: string): string {
  return `runtime.TypeMeta{APIVersion:${JSON.stringify(apiVersion)}, Kind:${JSON.stringify(kind)}}`;
}

function versionOf(apiVersion: string): string {
  return apiVersion.includes('/') ? apiVersion.slice(apiVersion.indexOf('/') + 1) : apiVersion;
}

export function decodeKubeProtobuf(body: Buffer, defaults: KindDefaults = {}): DecodedObject {
  const env = readEnvelope(body);
  const kind = env.kind || defaults.kind || '';
  const apiVersion = env.apiVersion || defaults.apiVersion || '';
  if (!kind) throw new ProtobufDecodeError(`Object 'Kind' is missing in '${goTypeMeta(env.apiVersion, env.kind)}'`);
  if (!versionOf(apiVersion)) throw new ProtobufDecodeError(`Object 'apiVersion' is missing in '${goTypeMeta(env.apiVersion, env.kind)}'`);
  const message = messageForKind(apiVersion, kind);
  if (!message) {
    throw new ProtobufDecodeError(`no kind ${JSON.stringify(kind)} is registered for version ${JSON.stringify(apiVersion)} in scheme "pkg/api/legacyscheme/scheme.go:30"`);
  }
  let fields: Record<string, unknown>;
  try {
    fields = decoder.decode(message, env.raw);
  } catch (e) {
    if (e instanceof ProtobufDecodeError) throw new ProtobufDecodeError(e.message, { apiVersion, kind });
    throw e;
  }
  // kind and apiVersion first, as the Go types (TypeMeta inline) print them
  return { apiVersion, kind, object: { kind, apiVersion, ...fields } };
}
