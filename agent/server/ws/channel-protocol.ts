// The Kubernetes WebSocket channel protocols (k8s.io/apimachinery/pkg/util/remotecommand,
// apiserver/pkg/util/wsstream): every binary message starts with its channel byte —
// 0 stdin, 1 stdout, 2 stderr, 3 error (a metav1.Status, JSON, since v4), 4 resize
// ({"Width":w,"Height":h}). v5.channel.k8s.io (kubectl ≥1.30, its only WebSocket
// protocol) adds channel 255: [255, n] half-closes channel n (stdin EOF).
// Port-forward over WebSocket (kubectl ≥1.31) is "SPDY/3.1+portforward.k8s.io": the
// bytes of a SPDY session, tunnelled in binary messages.

export const Channel = { STDIN: 0, STDOUT: 1, STDERR: 2, ERROR: 3, RESIZE: 4, CLOSE: 255 } as const;

export const PROTOCOL_V5 = 'v5.channel.k8s.io';
export const PROTOCOL_V4 = 'v4.channel.k8s.io';
export const PROTOCOL_PORTFORWARD_TUNNEL = 'SPDY/3.1+portforward.k8s.io';

/** the remote command protocols this server speaks over WebSocket, best first */
export const REMOTE_COMMAND_PROTOCOLS = [PROTOCOL_V5, PROTOCOL_V4];

/** The subprotocol to answer with, or undefined when the client offers none we speak. */
export function chooseProtocol(offered: Iterable<string>, supported: readonly string[]): string | undefined {
  const set = new Set(offered);
  return supported.find((p) => set.has(p));
}

export function channelMessage(channel: number, data: Buffer = Buffer.alloc(0)): Buffer {
  return Buffer.concat([Buffer.from([channel]), data]);
}

export type ChannelEvent =
  | { kind: 'data'; channel: number; data: Buffer }
  | { kind: 'close'; channel: number }
  | { kind: 'empty' };

/** A message from the client; `close` only under v5 (under v4, 255 is just an unknown channel). */
export function parseChannelMessage(msg: Buffer, protocol: string): ChannelEvent {
  if (msg.length === 0) return { kind: 'empty' };
  const channel = msg[0] ?? 0;
  if (channel === Channel.CLOSE && protocol === PROTOCOL_V5) {
    return msg.length >= 2 ? { kind: 'close', channel: msg[1] ?? 0 } : { kind: 'empty' };
  }
  return { kind: 'data', channel, data: msg.subarray(1) };
}

/** metav1.Status of a session that ended without the runtime reporting one */
export function internalErrorStatus(message: string): Buffer {
  return Buffer.from(JSON.stringify({ metadata: {}, status: 'Failure', message: `Internal error occurred: ${message}`, reason: 'InternalError', details: { causes: [{ message }] }, code: 500 }));
}

export const SUCCESS_STATUS = Buffer.from(JSON.stringify({ metadata: {}, status: 'Success' }));

/** a received message as one Buffer (ws hands out Buffer, Buffer[] or ArrayBuffer) */
export function rawToBuffer(raw: Buffer | ArrayBuffer | Buffer[]): Buffer {
  if (Buffer.isBuffer(raw)) return raw;
  if (Array.isArray(raw)) return Buffer.concat(raw);
  return Buffer.from(raw);
}

// "SPDY/3.1+portforward.k8s.io" is not an RFC 7230 token ('/'), so the ws library
// refuses it in Sec-WebSocket-Protocol (gorilla/websocket does not check). The offer
// is handed to ws with '/' escaped, and the chosen protocol unescaped in the answer.
export function escapeProtocol(p: string): string {
  return p.replace(/%/g, '%25').replace(/\//g, '%2F');
}

export function unescapeProtocol(p: string): string {
  return p.replace(/%2F/gi, '/').replace(/%25/g, '%');
}
