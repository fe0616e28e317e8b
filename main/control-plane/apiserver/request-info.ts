// Splits a request path into the parts kube-apiserver's RequestInfoFactory finds
// (apiserver/pkg/endpoints/request/requestinfo.go): group, version, namespace,
// resource, name, subresource, and the verb (list vs get, watch via ?watch=true).

export type RequestVerb =
  | 'get'
  | 'list'
  | 'watch'
  | 'create'
  | 'update'
  | 'patch'
  | 'delete'
  | 'deletecollection'
  | 'connect';

export interface ResourceRequest {
  kind: 'resource';
  group: string;
  version: string;
  namespace: string;
  resource: string;
  name: string;
  subresource: string;
  verb: RequestVerb;
}

export interface NonResourceRequest {
  kind: 'nonresource';
  path: string;
}

export type RequestInfo = ResourceRequest | NonResourceRequest;

const CONNECT_SUBRESOURCES = new Set(['exec', 'attach', 'portforward', 'proxy']);

export function parseRequestInfo(method: string, pathname: string, query: URLSearchParams): RequestInfo {
  const parts = pathname.split('/').filter((p) => p !== '').map(decodeURIComponent);
  let group = '';
  let rest: string[];
  if (parts[0] === 'api' && parts.length >= 2) {
    rest = parts.slice(2);
  } else if (parts[0] === 'apis' && parts.length >= 3) {
    group = parts[1] ?? '';
    rest = parts.slice(3);
  } else {
    return { kind: 'nonresource', path: pathname };
  }
  const version = parts[0] === 'api' ? (parts[1] ?? '') : (parts[2] ?? '');
  if (rest.length === 0) return { kind: 'nonresource', path: pathname };

  let namespace = '';
  // /namespaces/{ns}/{resource}... ; but /namespaces/{name}[/status|finalize] is the namespace itself
  // /namespaces/{name}/status and /finalize are subresources of the namespace itself
  const namespaceSubresource = rest[0] === 'namespaces' && rest.length === 3 && (rest[2] === 'status' || rest[2] === 'finalize');
  if (rest[0] === 'namespaces' && rest.length >= 3 && !namespaceSubresource) {
    namespace = rest[1] ?? '';
    rest = rest.slice(2);
  }
  const resource = rest[0] ?? '';
  const name = rest[1] ?? '';
  const subresource = rest[2] ?? '';
  if (resource === 'namespaces' && name) namespace = '';

  const watchParam = query.get('watch');
  const isWatch = watchParam === 'true' || watchParam === '1';
  let verb: RequestVerb;
  switch (method) {
    case 'GET':
    case 'HEAD':
      verb = CONNECT_SUBRESOURCES.has(subresource) ? 'connect' : isWatch ? 'watch' : name ? 'get' : 'list';
      break;
    case 'POST':
      verb = CONNECT_SUBRESOURCES.has(subresource) ? 'connect' : 'create';
      break;
    case 'PUT':
      verb = 'update';
      break;
    case 'PATCH':
      verb = 'patch';
      break;
    case 'DELETE':
      verb = name ? 'delete' : 'deletecollection';
      break;
    default:
      verb = 'connect';
  }
  // the legacy /watch/ prefix is not used by kubectl 1.32; not served
  return { kind: 'resource', group, version, namespace, resource, name, subresource, verb };
}
