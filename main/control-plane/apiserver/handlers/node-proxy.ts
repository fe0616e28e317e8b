// pods/log, exec, attach and portforward are served by the node's kubelet; the API
// server checks the pod and container, then proxies to the node agent (port 10250)
// with its kubelet client certificate. Logs are streamed back (errors become Status
// objects, as GenericHttpResponseChecker makes them); exec, attach and portforward
// arrive as HTTP upgrades (kubectl's WebSocket, or SPDY as its fallback) and are
// spliced through to the kubelet unchanged after the request line is rewritten to the
// kubelet's path — what UpgradeAwareHandler does (apimachinery/pkg/util/proxy).
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { KubeObject } from '../../../common/kube-types.js';
import { errors } from '../errors.js';
import type { ApiServices, RestRequest } from './context.js';
import { getParent, requireNode, resolveContainer } from './subresources.js';

const LOG_PARAMS = ['follow', 'previous', 'tailLines', 'timestamps', 'sinceSeconds', 'sinceTime', 'limitBytes'];

/** the client's request headers the kubelet needs to answer the upgrade itself */
const FORWARDED_HEADERS = new Set(['connection', 'upgrade', 'sec-websocket-key', 'sec-websocket-version', 'sec-websocket-protocol', 'x-stream-protocol-version', 'user-agent', 'content-length']);

/** an HTTP upgrade (Node hands these to the server's 'upgrade' listener, with no body) */
export function isUpgradeRequest(raw: IncomingMessage): boolean {
  return raw.headers.upgrade !== undefined && /(^|,)\s*upgrade\s*(,|$)/i.test(raw.headers.connection ?? '');
}

function truthy(v: string | null): boolean {
  return v === 'true' || v === '1';
}

/** the kubelet query of ExecLocation/AttachLocation/PortForwardLocation (pkg/registry/core/pod/strategy.go) */
function kubeletPath(req: RestRequest, container: string): string {
  const { info, query } = req;
  const ns = encodeURIComponent(info.namespace);
  const name = encodeURIComponent(info.name);
  const params = new URLSearchParams();
  if (info.subresource === 'portforward') {
    for (const p of query.getAll('ports')) params.append('port', p);
    const q = params.toString();
    return `/portForward/${ns}/${name}${q ? `?${q}` : ''}`;
  }
  if (info.subresource === 'exec') {
    const command = query.getAll('command');
    if (command.length === 0) throw errors.badRequest('you must specify at least one command for the container');
    for (const c of command) params.append('command', c);
  }
  // the kubelet's names: input/output/error/tty = "1"
  if (truthy(query.get('stdin'))) params.set('input', '1');
  if (truthy(query.get('stdout'))) params.set('output', '1');
  if (truthy(query.get('stderr'))) params.set('error', '1');
  if (truthy(query.get('tty'))) params.set('tty', '1');
  const base = info.subresource === 'exec' ? 'exec' : 'attach';
  return `/${base}/${ns}/${name}/${encodeURIComponent(container)}?${params.toString()}`;
}

function upgradeRequestHead(raw: IncomingMessage, path: string, node: string): string {
  const lines = [`${raw.method ?? 'GET'} ${path} HTTP/1.1`, `Host: ${node}`];
  for (let i = 0; i < raw.rawHeaders.length; i += 2) {
    const name = raw.rawHeaders[i] ?? '';
    if (FORWARDED_HEADERS.has(name.toLowerCase())) lines.push(`${name}: ${raw.rawHeaders[i + 1] ?? ''}`);
  }
  return `${lines.join('\r\n')}\r\n\r\n`;
}

async function proxyUpgrade(api: ApiServices, req: RestRequest, raw: IncomingMessage, node: KubeObject, container: string): Promise<number> {
  if (!api.kubelet) throw errors.serviceUnavailable(`no connection to the kubelet on node ${node.metadata.name ?? ''}: the node agent is not running`);
  const path = kubeletPath(req, container);
  let kubelet: Duplex;
  try {
    kubelet = await api.kubelet.connect(node);
  } catch (e) {
    throw errors.internal(`error dialing backend: ${e instanceof Error ? e.message : String(e)}`);
  }
  const client = raw.socket;
  client.setTimeout(0);
  kubelet.write(upgradeRequestHead(raw, path, node.metadata.name ?? ''));
  return new Promise<number>((resolve) => {
    let code = 502;
    kubelet.once('data', (chunk: Buffer) => {
      code = Number(/^HTTP\/1\.[01] (\d{3})/.exec(chunk.subarray(0, 16).toString('latin1'))?.[1] ?? 502);
    });
    let done = false;
    const end = (): void => {
      if (done) return;
      done = true;
      kubelet.destroy();
      client.destroy();
      resolve(code);
    };
    kubelet.pipe(client);
    client.pipe(kubelet);
    for (const s of [kubelet, client]) {
      s.once('close', end);
      s.once('error', end);
    }
  });
}

/** a kubelet error answer as the Status the API server sends (GenericHttpResponseChecker) */
async function kubeletError(stream: NodeJS.ReadableStream, code: number): Promise<never> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(Buffer.isBuffer(c) ? c : Buffer.from(c));
  const body = Buffer.concat(chunks).toString().trim();
  if (code === 500) throw errors.internal(body);
  if (code === 400) throw errors.badRequest(body);
  if (code === 404) throw errors.generic(404, 'NotFound', body);
  throw errors.generic(code, code === 403 ? 'Forbidden' : code === 401 ? 'Unauthorized' : 'Unknown', body);
}

async function proxyLog(api: ApiServices, req: RestRequest, res: ServerResponse, node: KubeObject, container: string): Promise<number> {
  if (!api.kubelet) throw errors.serviceUnavailable(`no connection to the kubelet on node ${node.metadata.name ?? ''}: the node agent is not running`);
  const params = new URLSearchParams();
  for (const p of LOG_PARAMS) {
    const v = req.query.get(p);
    if (v !== null) params.set(p, v);
  }
  const path = `/containerLogs/${encodeURIComponent(req.info.namespace)}/${encodeURIComponent(req.info.name)}/${encodeURIComponent(container)}?${params.toString()}`;
  let stream: NodeJS.ReadableStream & { statusCode?: number; destroy?: () => void };
  try {
    stream = await api.kubelet.get(node, path);
  } catch (e) {
    throw errors.internal(e instanceof Error ? e.message : String(e));
  }
  const code = stream.statusCode ?? 200;
  if (code < 200 || code > 206) return kubeletError(stream, code);
  res.writeHead(code, { 'Content-Type': 'text/plain', 'Transfer-Encoding': 'chunked', 'Cache-Control': 'no-cache, private' });
  res.flushHeaders();
  stream.pipe(res);
  await new Promise<void>((resolve) => {
    // kubectl logs -f interrupted: stop the kubelet's follow too
    res.once('close', () => {
      stream.destroy?.();
      resolve();
    });
    stream.once('error', () => res.end());
  });
  return code;
}

export async function handleNodeProxy(api: ApiServices, req: RestRequest, raw: IncomingMessage, res: ServerResponse): Promise<number> {
  const { def, info } = req;
  if (def.kind !== 'Pod' || !['log', 'exec', 'attach', 'portforward'].includes(info.subresource)) {
    throw errors.methodNotSupported({ group: def.group, resource: `${def.plural}/${info.subresource}` }, info.verb);
  }
  const pod = await getParent(api, req);
  const container = info.subresource === 'portforward' ? '' : resolveContainer(pod, req.query.get('container'));
  const node = await requireNode(api, pod);
  if (info.subresource === 'log') return proxyLog(api, req, res, node, container);
  if (!isUpgradeRequest(raw)) throw errors.badRequest('Upgrade request required');
  return proxyUpgrade(api, req, raw, node, container);
}
