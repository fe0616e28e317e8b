// exec/attach for WebSocket clients (kubectl ≥1.30: v5.channel.k8s.io): the client's
// channels are carried on to containerd's streaming server as a SPDY remotecommand
// v4 session — the translation kube-apiserver's StreamTranslatorHandler does
// (apiserver/pkg/util/proxy/streamtranslator.go). SPDY and not containerd's own
// WebSocket endpoint, because only SPDY can half-close stdin (v4 WebSocket has no
// close signal: `kubectl exec -i … < file` would never see EOF).
import type { Socket } from 'node:net';
import type { WebSocket } from 'ws';
import { Channel, PROTOCOL_V5, SUCCESS_STATUS, channelMessage, internalErrorStatus, parseChannelMessage, rawToBuffer } from './ws/channel-protocol.js';
import { SpdySession } from './spdy/session.js';
import type { SpdyStream } from './spdy/stream.js';
import type { StreamFlags } from './types.js';

export const SPDY_REMOTE_COMMAND_V4 = 'v4.channel.k8s.io';

/** unacknowledged bytes towards the client before containerd's socket is paused */
const HIGH_WATER = 1 << 20;
/** how long the client has to close after the status (apiserver: finishTimeout) */
const CLOSE_WAIT_MS = 15_000;

export interface RemoteCommandBridge {
  /** the accepted client connection */
  ws: WebSocket;
  /** its negotiated subprotocol */
  protocol: string;
  /** the upgraded connection to containerd (status 101, SPDY from here on) */
  upstream: Socket;
  flags: StreamFlags;
  log?: (line: string) => void;
}

export function bridgeRemoteCommand(b: RemoteCommandBridge): Promise<void> {
  const { ws, protocol, upstream, flags } = b;
  const session = new SpdySession(upstream, 'client');
  // client-go's order (remotecommand v2-v4 createStreams): error, stdin, stdout, stderr, resize
  const error = session.openStream({ streamType: 'error' });
  const stdin = flags.stdin ? session.openStream({ streamType: 'stdin' }) : undefined;
  const stdout = flags.stdout ? session.openStream({ streamType: 'stdout' }) : undefined;
  const stderr = flags.stderr ? session.openStream({ streamType: 'stderr' }) : undefined;
  const resize = flags.tty ? session.openStream({ streamType: 'resize' }) : undefined;
  upstream.resume();

  // tell the client the session is up (the apiserver's translator does the same)
  const first = flags.stdout ? Channel.STDOUT : flags.stderr ? Channel.STDERR : Channel.ERROR;
  ws.send(channelMessage(first));

  let inFlight = 0;
  const toClient = (channel: number, data: Buffer): void => {
    if (ws.readyState !== ws.OPEN) return;
    inFlight += data.length;
    if (inFlight > HIGH_WATER) upstream.pause();
    ws.send(channelMessage(channel, data), () => {
      inFlight -= data.length;
      if (inFlight <= HIGH_WATER) upstream.resume();
    });
  };

  const errorData: Buffer[] = [];
  error.on('data', (d: Buffer) => errorData.push(d));
  stdout?.on('data', (d: Buffer) => toClient(Channel.STDOUT, d));
  stderr?.on('data', (d: Buffer) => toClient(Channel.STDERR, d));

  ws.on('message', (raw, isBinary) => {
    if (!isBinary) return; // all remote command protocols send binary messages only
    const msg = rawToBuffer(raw);
    const ev = parseChannelMessage(msg, protocol);
    if (ev.kind === 'close' && ev.channel === Channel.STDIN) stdin?.end();
    else if (ev.kind === 'data' && ev.channel === Channel.STDIN) stdin?.write(ev.data);
    else if (ev.kind === 'data' && ev.channel === Channel.RESIZE) resize?.write(ev.data);
  });

  return new Promise<void>((resolve) => {
    let finished = false;
    const streamDone = (s: SpdyStream | undefined): Promise<void> =>
      !s || s.remoteEnded || s.isReset ? Promise.resolve() : new Promise((r) => (s.once('end', () => r()), s.once('reset', () => r())));

    const finish = (status: Buffer): void => {
      if (finished) return;
      finished = true;
      session.close();
      if (ws.readyState === ws.OPEN) {
        ws.send(channelMessage(Channel.ERROR, status));
        // a normal closure: client-go then ends every reader with EOF
        ws.close(1000);
        const t = setTimeout(() => ws.terminate(), CLOSE_WAIT_MS);
        ws.once('close', () => {
          clearTimeout(t);
          resolve();
        });
      } else resolve();
    };

    // the command ended: containerd wrote the status and closes the streams (or the connection)
    void Promise.all([streamDone(error), streamDone(stdout), streamDone(stderr)]).then(() => {
      finish(errorData.length ? Buffer.concat(errorData) : SUCCESS_STATUS);
    });
    session.once('close', (err?: Error) => {
      // every stream was reset before 'close': the Promise.all above settles first with
      // whatever status arrived; this only covers a connection lost without one
      setImmediate(() => finish(errorData.length ? Buffer.concat(errorData) : internalErrorStatus(`error executing command: ${err?.message ?? 'connection to the container runtime closed'}`)));
    });
    ws.once('close', () => {
      if (!finished) {
        // the client went away (kubectl interrupted): end the session, as the kubelet does
        finished = true;
        b.log?.(`exec client closed the connection; ending the ${protocol === PROTOCOL_V5 ? 'v5' : 'v4'} session`);
        session.destroy();
        resolve();
      }
    });
    ws.once('error', () => ws.terminate());
  });
}
