// HTTP semantics of /openapi/v2 and /openapi/v3[/<gv>], independent of the server
// framework: the API server passes path, query and headers and writes the reply.
//
// kubectl 1.32 reads OpenAPI v3 as JSON (explain, apply's patch metadata, the
// fieldValidation probe). Its v2 client (discovery.OpenAPISchema) sends
// Accept: application/com.github.proto-openapi.spec.v2@v1.0+protobuf only and gives up
// on anything else (no fallback since 1.27), so /openapi/v2 also speaks that protobuf:
// `kubectl create/apply -f` of a `kind: List` validates its items client-side through it.
import { canonicalJson, contentHash } from './canonical-json.js';
import { documentContext } from './document-context.js';
import { encodeOpenApiV2Proto } from './proto-v2.js';
import type { OpenApiResource } from './paths.js';
import type { JsonObject } from './render.js';
import { buildOpenApiV2 } from './v2.js';
import { buildOpenApiV3FromContext } from './v3.js';

export interface OpenApiDocumentBytes<Body = string> {
  body: Body;
  /** upper-case hex SHA-512 of body: the ETag and the `?hash=` value */
  hash: string;
}

export interface OpenApiRequest {
  /** URL path without query, e.g. /openapi/v3/apis/apps/v1 */
  path: string;
  query: URLSearchParams;
  accept?: string;
  ifNoneMatch?: string;
}

export interface OpenApiReply {
  status: 200 | 301 | 304 | 404 | 406;
  headers: Record<string, string>;
  /** JSON text, or protobuf bytes for /openapi/v2 when asked for protobuf */
  body: string | Uint8Array;
}

export interface OpenApiService {
  v2(): OpenApiDocumentBytes;
  /** the same swagger document as gnostic openapi_v2.Document protobuf */
  v2Proto(): OpenApiDocumentBytes<Uint8Array>;
  v3Index(): OpenApiDocumentBytes;
  /** gvPath: 'api/v1', 'apis/apps/v1' */
  v3(gvPath: string): OpenApiDocumentBytes | undefined;
  /** undefined when the path is not an OpenAPI path (let the caller route it) */
  handle(req: OpenApiRequest): OpenApiReply | undefined;
}

export interface OpenApiServiceOptions {
  /** injected clock for the Expires header (STYLE rule 4) */
  now?: () => Date;
}

const V3_PREFIX = '/openapi/v3/';
/** What kubectl asks for. '@' is not a token character, so it cannot be the response
 *  Content-Type (client-go's mime.ParseMediaType rejects it); reply with the newer spelling. */
const OPENAPI_V2_PROTO_ACCEPT = 'application/com.github.proto-openapi.spec.v2@v1.0+protobuf';
export const OPENAPI_V2_PROTO_MIME = 'application/com.github.proto-openapi.spec.v2.v1.0+protobuf';
const OPENAPI_V2_PROTO_MIMES = [OPENAPI_V2_PROTO_ACCEPT, OPENAPI_V2_PROTO_MIME];

const bytesOf = (doc: JsonObject): OpenApiDocumentBytes => {
  const body = canonicalJson(doc);
  return { body, hash: contentHash(body) };
};

/** The /openapi/v3 discovery document: one serverRelativeURL per group-version. */
export function buildOpenApiV3Index(resources: readonly OpenApiResource[]): JsonObject {
  return JSON.parse(createOpenApiService(resources).v3Index().body) as JsonObject;
}

export function createOpenApiService(resources: readonly OpenApiResource[], opts: OpenApiServiceOptions = {}): OpenApiService {
  const now = opts.now ?? (() => new Date());
  // Documents are built lazily and kept: the resource set is fixed for a server's lifetime.
  let ctx: ReturnType<typeof documentContext> | undefined;
  const context = () => (ctx ??= documentContext(resources));
  let v2Doc: OpenApiDocumentBytes | undefined;
  let v2ProtoDoc: OpenApiDocumentBytes<Uint8Array> | undefined;
  let v2Json: JsonObject | undefined;
  const v2Object = () => (v2Json ??= buildOpenApiV2(resources));
  let indexDoc: OpenApiDocumentBytes | undefined;
  const v3Docs = new Map<string, OpenApiDocumentBytes | undefined>();

  const v3 = (gvPath: string): OpenApiDocumentBytes | undefined => {
    if (!v3Docs.has(gvPath)) {
      const doc = buildOpenApiV3FromContext(context(), gvPath);
      v3Docs.set(gvPath, doc ? bytesOf(doc) : undefined);
    }
    return v3Docs.get(gvPath);
  };
  const v3Index = (): OpenApiDocumentBytes => {
    if (!indexDoc) {
      const paths: JsonObject = {};
      for (const gv of context().groupVersions) {
        const doc = v3(gv);
        if (doc) paths[gv] = { serverRelativeURL: `${V3_PREFIX}${gv}?hash=${doc.hash}` };
      }
      indexDoc = bytesOf({ paths });
    }
    return indexDoc;
  };
  const v2 = (): OpenApiDocumentBytes => (v2Doc ??= bytesOf(v2Object()));
  const v2Proto = (): OpenApiDocumentBytes<Uint8Array> => {
    if (!v2ProtoDoc) {
      const body = encodeOpenApiV2Proto(v2Object());
      v2ProtoDoc = { body, hash: contentHash(body) };
    }
    return v2ProtoDoc;
  };

  const handle = (req: OpenApiRequest): OpenApiReply | undefined => {
    if (req.path === '/openapi/v2') {
      return wantsV2Proto(req.accept) ? serve(v2Proto(), req, false, OPENAPI_V2_PROTO_MIME) : serve(v2(), req, false);
    }
    if (req.path === '/openapi/v3' || req.path === '/openapi/v3/') return serve(v3Index(), req, false);
    if (!req.path.startsWith(V3_PREFIX)) return undefined;
    const gvPath = req.path.slice(V3_PREFIX.length).replace(/\/$/, '');
    const doc = v3(gvPath);
    if (!doc) return status(404, 'NotFound', `the server could not find the requested resource (OpenAPI v3 document ${gvPath})`);
    const wanted = req.query.get('hash');
    if (wanted !== null && wanted !== '' && wanted !== doc.hash) {
      // kube-openapi handler3: a stale hash redirects to the current one
      return { status: 301, headers: { Location: `${V3_PREFIX}${gvPath}?hash=${doc.hash}`, 'Content-Type': 'text/html; charset=utf-8' }, body: '' };
    }
    return serve(doc, req, wanted === doc.hash);
  };

  const serve = (doc: OpenApiDocumentBytes<string | Uint8Array>, req: OpenApiRequest, immutable: boolean, contentType = 'application/json'): OpenApiReply => {
    if (contentType === 'application/json' && !acceptsJson(req.accept)) {
      return status(406, 'NotAcceptable', `only application/json is served for ${req.path}`);
    }
    const etag = `"${doc.hash}"`;
    const headers: Record<string, string> = { ETag: etag, Vary: 'Accept' };
    if (immutable) {
      const expires = new Date(now().getTime());
      expires.setUTCFullYear(expires.getUTCFullYear() + 1);
      headers['Cache-Control'] = 'public, immutable';
      headers['Expires'] = expires.toUTCString();
    }
    if (req.ifNoneMatch !== undefined && req.ifNoneMatch.split(',').some((t) => t.trim() === etag)) {
      return { status: 304, headers, body: '' };
    }
    return { status: 200, headers: { ...headers, 'Content-Type': contentType }, body: doc.body };
  };

  return { v2, v2Proto, v3Index, v3, handle };
}

function wantsV2Proto(accept: string | undefined): boolean {
  return (accept ?? '').split(',').some((part) => OPENAPI_V2_PROTO_MIMES.includes(part.split(';')[0]?.trim() ?? ''));
}

/** Accept lists JSON, a wildcard, or nothing at all. */
function acceptsJson(accept: string | undefined): boolean {
  if (accept === undefined || accept.trim() === '') return true;
  return accept.split(',').some((part) => {
    const type = part.split(';')[0]?.trim().toLowerCase();
    return type === 'application/json' || type === '*/*' || type === 'application/*';
  });
}

function status(code: 404 | 406, reason: string, message: string): OpenApiReply {
  const body = JSON.stringify({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code });
  return { status: code, headers: { 'Content-Type': 'application/json' }, body };
}
