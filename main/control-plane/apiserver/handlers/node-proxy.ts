// pods/log, exec, attach and portforward are served by the node's kubelet; the API
// server checks the pod and container, then proxies to the node agent (port 10250)
// with its kubelet client certificate.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { errors } from '../errors.js';
import type { ApiServices, RestRequest } from './context.js';
import { getParent, requireNode, resolveContainer } from './subresources.js';

const LOG_PARAMS = ['follow', 'previous', 'tailLines', 'timestamps', 'sinceSeconds', 'sinceTime', 'limitBytes'];

export async function handleNodeProxy(api: ApiServices, req: RestRequest, _raw: IncomingMessage, res: ServerResponse): Promise<number> {
  const { def, info } = req;
  if (def.kind !== 'Pod' || !['log', 'exec', 'attach', 'portforward'].includes(info.subresource)) {
    throw errors.methodNotSupported({ group: def.group, resource: `${def.plural}/${info.subresource}` }, info.verb);
  }
  const pod = await getParent(api, req);
  const container = info.subresource === 'portforward' ? '' : resolveContainer(pod, req.query.get('container'));
  const node = await requireNode(api, pod);
  if (info.subresource !== 'log') {
    throw errors.serviceUnavailable(`${info.subresource} needs the node agent's streaming server on node ${node.metadata.name ?? ''}, which this version of k8s-lab does not run yet`);
  }
  if (!api.kubelet) {
    throw errors.serviceUnavailable(`no connection to the kubelet on node ${node.metadata.name ?? ''}: the node agent is not running`);
  }
  const params = new URLSearchParams();
  for (const p of LOG_PARAMS) {
    const v = req.query.get(p);
    if (v !== null) params.set(p, v);
  }
  const path = `/containerLogs/${encodeURIComponent(info.namespace)}/${encodeURIComponent(info.name)}/${encodeURIComponent(container)}?${params.toString()}`;
  const stream = await api.kubelet.get(node, path);
  res.writeHead(stream.statusCode ?? 200, { 'Content-Type': 'text/plain', 'Transfer-Encoding': 'chunked' });
  stream.pipe(res);
  await new Promise<void>((resolve) => res.on('close', () => resolve()));
  return stream.statusCode ?? 200;
}
