// Response shapes a client can ask for in Accept: the object itself, a server-printed
// Table (kubectl get), or PartialObjectMetadata(List) (metadata-only clients).
import type { KubeList, KubeObject } from '../../../common/kube-types.js';
import { errors } from '../errors.js';
import type { ResourceDef } from '../resources/types.js';
import { buildTable } from '../tables/index.js';

export type Shape = 'object' | 'table' | 'metadata';

export interface Negotiated {
  shape: Shape;
  contentType: string;
}

export const TABLE_CONTENT_TYPE = 'application/json;as=Table;v=v1;g=meta.k8s.io';

export function negotiate(accept: string | undefined): Negotiated {
  if (!accept) return { shape: 'object', contentType: 'application/json' };
  const options = accept.split(',').map((s) => s.trim().toLowerCase());
  for (const o of options) {
    const params = new Map(o.split(';').slice(1).map((p) => p.trim().split('=') as [string, string]));
    const type = o.split(';')[0];
    if (type !== 'application/json' && type !== '*/*' && type !== 'application/*') continue;
    const as = params.get('as');
    if (as === 'table' && params.get('g') === 'meta.k8s.io' && params.get('v') === 'v1') return { shape: 'table', contentType: TABLE_CONTENT_TYPE };
    if ((as === 'partialobjectmetadata' || as === 'partialobjectmetadatalist') && params.get('g') === 'meta.k8s.io' && params.get('v') === 'v1') {
      return { shape: 'metadata', contentType: `application/json;as=${as === 'partialobjectmetadata' ? 'PartialObjectMetadata' : 'PartialObjectMetadataList'};v=v1;g=meta.k8s.io` };
    }
    if (!as) return { shape: 'object', contentType: 'application/json' };
  }
  if (options.some((o) => o.startsWith('application/vnd.kubernetes.protobuf'))) {
    // protobuf is not served: clients that also accept JSON got it above
    throw errors.notAcceptable('only the following media types are accepted: application/json, application/yaml');
  }
  return { shape: 'object', contentType: 'application/json' };
}

export function includeObjectPolicy(query: URLSearchParams): 'None' | 'Metadata' | 'Object' {
  const v = query.get('includeObject');
  return v === 'None' || v === 'Object' ? v : 'Metadata';
}

function partial(obj: KubeObject): KubeObject {
  return { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: obj.metadata };
}

/** turns a get/list result into the negotiated shape */
export function shapeBody(def: ResourceDef, body: unknown, n: Negotiated, query: URLSearchParams, now: Date): unknown {
  if (n.shape === 'object' || body === null || typeof body !== 'object') return body;
  const b = body as Partial<KubeList> & Partial<KubeObject>;
  if (b.kind === 'Status') return body;
  const isList = Array.isArray(b.items);
  if (n.shape === 'metadata') {
    if (isList) return { kind: 'PartialObjectMetadataList', apiVersion: 'meta.k8s.io/v1', metadata: b.metadata, items: (b.items ?? []).map(partial) };
    return partial(body as KubeObject);
  }
  const objects = isList ? (b.items ?? []) : [body as KubeObject];
  return buildTable(def.table, objects, { now, includeObject: includeObjectPolicy(query), listMeta: isList ? (b.metadata) : undefined });
}
