// GET /api/v1/nodes/{name}/proxy/{path}: the nodes/proxy subresource, which forwards a
// request to the node's kubelet (port 10250) with the API server's kubelet client
// certificate, as kube-apiserver's node REST proxy does (pkg/registry/core/node/rest/proxy.go).
// `kubectl get --raw /api/v1/nodes/node-1/proxy/healthz` works; the app's live trace reads
// the agent's CRI call stream (/criTrace) through it. Only GET: the lab's kubelet dialer
// streams answers, it does not forward request bodies.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { errors } from '../errors.js';
import { storageKey } from '../registry.js';
import type { ApiServices, RestRequest } from './context.js';

/** the kubelet path and query of a nodes/proxy URL ("/" when none) */
export function proxiedPath(rawUrl: string): string {
  const url = new URL(rawUrl, 'https://localhost');
  const m = /\/nodes\/[^/]+\/proxy(\/.*)?$/.exec(url.pathname);
  return `${m?.[1] ?? '/'}${url.search}`;
}

export async function handleNodeProxyPath(api: ApiServices, req: RestRequest, raw: IncomingMessage, res: ServerResponse): Promise<number> {
  const { def, info } = req;
  if (raw.method !== 'GET') throw errors.methodNotSupported({ group: '', resource: 'nodes/proxy' }, info.verb);
  const node = await api.objects.get(storageKey(def, '', info.name));
  if (!node) throw errors.notFound({ group: '', resource: 'nodes' }, info.name);
  if (!api.kubelet) throw errors.serviceUnavailable(`no connection to the kubelet on node ${info.name}: the node agent is not running`);
  let answer: NodeJS.ReadableStream & { statusCode?: number; headers?: IncomingMessage['headers']; destroy?: () => void };
  try {
    answer = await api.kubelet.get(node, proxiedPath(raw.url ?? '/'));
  } catch (e) {
    // kube-apiserver's proxy error handler: 503 with the dial error
    throw errors.serviceUnavailable(`error trying to reach service: ${e instanceof Error ? e.message : String(e)}`);
  }
  const code = answer.statusCode ?? 502;
  res.writeHead(code, { 'Content-Type': answer.headers?.['content-type'] ?? 'text/plain', 'Cache-Control': 'no-cache, private' });
  res.flushHeaders();
  answer.pipe(res);
  await new Promise<void>((resolve) => {
    // the client went away: stop reading from the kubelet too (a followed stream never ends)
    res.once('close', () => {
      answer.destroy?.();
      resolve();
    });
    answer.once('error', () => res.end());
  });
  return code;
}
