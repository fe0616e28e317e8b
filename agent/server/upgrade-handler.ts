// exec, attach and portForward: an HTTP upgrade from the API server (carrying
// kubectl's own WebSocket or SPDY handshake). Each is answered with the CRI streaming
// URL of the container runtime behind it: WebSocket remote commands are translated
// to SPDY (exec-bridge.ts), everything else is spliced through (tunnel.ts).
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { WebSocket, WebSocketServer } from 'ws';
import { KubeletServerError, kubeletErrors } from './errors.js';
import { SPDY_REMOTE_COMMAND_V4, bridgeRemoteCommand } from './exec-bridge.js';
import { upgradeRequest } from './raw-http.js';
import type { KubeletRoute } from './routes.js';
import { execCommand, forwardPorts, streamFlags } from './routes.js';
import { splice, tunnelWebSocket } from './tunnel.js';
import type { KubeletRuntime, StreamFlags } from './types.js';
import { PROTOCOL_PORTFORWARD_TUNNEL, REMOTE_COMMAND_PROTOCOLS, chooseProtocol, escapeProtocol } from './ws/channel-protocol.js';

type StreamRoute = Extract<KubeletRoute, { kind: 'exec' | 'attach' | 'portForward' }>;

export function supportedProtocols(route: StreamRoute): readonly string[] {
  return route.kind === 'portForward' ? [PROTOCOL_PORTFORWARD_TUNNEL] : REMOTE_COMMAND_PROTOCOLS;
}

export function offeredProtocols(req: IncomingMessage): string[] {
  return (req.headers['sec-websocket-protocol'] ?? '').split(',').map((p) => p.trim()).filter(Boolean);
}

/** the X-Stream-Protocol-Version values as sent (Node joins repeated headers) */
function streamProtocolVersions(req: IncomingMessage): string[] {
  const out: string[] = [];
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    if (req.rawHeaders[i]?.toLowerCase() === 'x-stream-protocol-version') out.push(...(req.rawHeaders[i + 1] ?? '').split(',').map((v) => v.trim()));
  }
  return out.filter(Boolean);
}

/** CRI Exec/Attach/PortForward: where containerd's streaming server waits for this session */
async function streamingUrl(runtime: KubeletRuntime, route: StreamRoute, query: URLSearchParams): Promise<{ url: string; flags?: StreamFlags }> {
  if (route.kind === 'portForward') {
    const ports = forwardPorts(query);
    const { podSandboxId } = await runtime.resolvePod(route.namespace, route.pod);
    return runtime.portForward(podSandboxId, ports);
  }
  const flags = streamFlags(query);
  const cmd = route.kind === 'exec' ? execCommand(query) : [];
  const c = await runtime.resolveContainer(route.namespace, route.pod, route.container);
  // the kubelet finds exec/attach targets among running containers only
  if (!c.running) throw kubeletErrors.containerNotFound(route.container);
  const { url } = route.kind === 'exec' ? await runtime.exec(c.containerId, cmd, flags) : await runtime.attach(c.containerId, flags);
  return { url, flags };
}

export interface UpgradeContext {
  runtime: KubeletRuntime;
  wss: WebSocketServer;
  log?: (line: string) => void;
}

export async function serveStreamUpgrade(ctx: UpgradeContext, route: StreamRoute, req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
  const query = new URL(req.url ?? '/', 'https://kubelet').searchParams;
  const upgrade = (req.headers.upgrade ?? '').toLowerCase();
  const websocket = upgrade === 'websocket';
  if (!websocket && !upgrade.startsWith('spdy/')) throw new KubeletServerError(400, `unable to upgrade: unsupported protocol ${JSON.stringify(req.headers.upgrade ?? '')}`);
  if (websocket && !chooseProtocol(offeredProtocols(req), supportedProtocols(route))) {
    throw new KubeletServerError(400, `unable to upgrade: none of the requested WebSocket subprotocols ${JSON.stringify(offeredProtocols(req))} is supported (${supportedProtocols(route).join(', ')})`);
  }
  const { url, flags } = await streamingUrl(ctx.runtime, route, query);

  if (!websocket) {
    // kubectl's SPDY: containerd speaks it natively; hand over its 101 and splice
    const versions = streamProtocolVersions(req);
    const up = await upgradeRequest(url, 'POST', [
      ['Connection', 'Upgrade'],
      ['Upgrade', 'SPDY/3.1'],
      ...versions.map((v): [string, string] => ['X-Stream-Protocol-Version', v]),
    ]);
    socket.write(up.rawHead);
    if (head.length) up.socket.write(head);
    up.socket.resume();
    await splice(socket, up.socket);
    return;
  }

  const version = route.kind === 'portForward' ? 'portforward.k8s.io' : SPDY_REMOTE_COMMAND_V4;
  const up = await upgradeRequest(url, 'POST', [
    ['Connection', 'Upgrade'],
    ['Upgrade', 'SPDY/3.1'],
    ['X-Stream-Protocol-Version', version],
  ]);
  req.headers['sec-websocket-protocol'] = offeredProtocols(req).map(escapeProtocol).join(', ');
  const ws = await new Promise<WebSocket | undefined>((resolve) => {
    // a handshake ws refuses is answered by ws itself (400) and the socket closed
    socket.once('close', () => resolve(undefined));
    ctx.wss.handleUpgrade(req, socket, head, resolve);
  });
  if (!ws) {
    up.socket.destroy();
    return;
  }
  if (route.kind === 'portForward') await tunnelWebSocket(ws, up.socket);
  else await bridgeRemoteCommand({ ws, protocol: ws.protocol, upstream: up.socket, flags: flags ?? { stdin: false, stdout: true, stderr: true, tty: false }, log: ctx.log });
}
