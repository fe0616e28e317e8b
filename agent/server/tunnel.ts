// Streams that need no translation are spliced through, as the kubelet's and the API
// server's UpgradeAwareHandler do: kubectl's SPDY upgrade (its fallback for exec,
// attach and port-forward) goes to containerd unchanged, and the SPDY session of a
// WebSocket port-forward ("SPDY/3.1+portforward.k8s.io", kubectl ≥1.31) is lifted out
// of the binary messages onto a SPDY upgrade to containerd (the API server's
// TunnelingHandler, apiserver/pkg/util/proxy/streamtunnel.go).
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { WebSocket } from 'ws';
import { rawToBuffer } from './ws/channel-protocol.js';

/** Splices two sockets until either side ends. */
export function splice(a: Duplex, b: Duplex): Promise<void> {
  return new Promise((resolve) => {
    let done = false;
    const end = (): void => {
      if (done) return;
      done = true;
      a.destroy();
      b.destroy();
      resolve();
    };
    a.pipe(b);
    b.pipe(a);
    for (const s of [a, b]) {
      s.once('close', end);
      s.once('error', end);
      // a half-close is passed on by pipe(); the session is over when both directions are
      s.once('end', () => setTimeout(end, 2000).unref());
    }
  });
}

/** The WebSocket's binary messages carry the bytes of the upstream connection, both ways. */
export function tunnelWebSocket(ws: WebSocket, upstream: Socket): Promise<void> {
  return new Promise((resolve) => {
    let inFlight = 0;
    upstream.on('data', (chunk: Buffer) => {
      if (ws.readyState !== ws.OPEN) return;
      inFlight += chunk.length;
      if (inFlight > 1 << 20) upstream.pause();
      ws.send(chunk, () => {
        inFlight -= chunk.length;
        if (inFlight <= 1 << 20) upstream.resume();
      });
    });
    ws.on('message', (raw, isBinary) => {
      if (!isBinary) return;
      upstream.write(rawToBuffer(raw));
    });
    const endBoth = (): void => {
      if (ws.readyState === ws.OPEN) ws.close(1000);
      upstream.destroy();
    };
    upstream.once('close', endBoth);
    upstream.once('error', endBoth);
    ws.once('close', () => {
      upstream.destroy();
      resolve();
    });
    ws.once('error', () => ws.terminate());
    upstream.resume();
  });
}
