// Routes a resource request to its handler by verb and subresource.
import { errors } from '../errors.js';
import type { ApiServices, RestRequest, RestResponse } from './context.js';
import { gr } from './common.js';
import { handleDelete, handleDeleteCollection } from './delete.js';
import { handleGet, handleList } from './read.js';
import { bindPod, handleBinding, handleEviction, handleFinalize, handleScale } from './subresources.js';
import { handleCreate, handlePatch, handleUpdate } from './write.js';
import { decodeObjectBody } from '../http/body.js';
import type { KubeObject } from '../../../common/kube-types.js';

export async function dispatch(api: ApiServices, req: RestRequest): Promise<RestResponse> {
  const { def, info } = req;
  const sub = info.subresource;
  if (sub && !def.subresources.includes(sub)) throw errors.notFound(gr(def), info.name);
  if (!sub && info.verb !== 'connect' && !def.verbs.includes(info.verb)) throw errors.methodNotSupported(gr(def), info.verb);
  if (def.namespaced && !info.namespace && ['create', 'update', 'patch', 'delete', 'get'].includes(info.verb)) {
    throw errors.notFound(gr(def), info.name);
  }
  if (!def.namespaced && info.namespace) throw errors.notFound(gr(def), info.name);

  if (def.kind === 'Binding' && info.verb === 'create') {
    const body = decodeObjectBody(req.body ?? Buffer.alloc(0), req.headers['content-type']) as KubeObject;
    const podDef = api.registry.lookup('', 'v1', 'pods');
    if (!podDef) throw errors.notFound(gr(def), '');
    return bindPod(api, { ...req, def: podDef }, body.metadata.name ?? '', body);
  }
  switch (sub) {
    case '':
    case 'status':
      switch (info.verb) {
        case 'get':
          return handleGet(api, req);
        case 'list':
          return handleList(api, req);
        case 'create':
          if (sub) break;
          return handleCreate(api, req);
        case 'update':
          return handleUpdate(api, req);
        case 'patch':
          return handlePatch(api, req);
        case 'delete':
          if (sub) break;
          return handleDelete(api, req);
        case 'deletecollection':
          return handleDeleteCollection(api, req);
        default:
          break;
      }
      break;
    case 'scale':
      return handleScale(api, req);
    case 'binding':
      if (info.verb === 'create') return handleBinding(api, req);
      break;
    case 'eviction':
      if (info.verb === 'create') return handleEviction(api, req);
      break;
    case 'finalize':
      if (info.verb === 'update') return handleFinalize(api, req);
      break;
    default:
      break;
  }
  throw errors.methodNotSupported({ group: def.group, resource: sub ? `${def.plural}/${sub}` : def.plural }, info.verb);
}
