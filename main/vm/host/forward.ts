// A TCP forward from the lab bridge's address to a service on loopback (the API server,
// the etcd facade): nodes reach the control plane on the bridge while the control plane
// itself listens on 127.0.0.1 only. The bridge is internal to this machine.
import { createConnection, createServer } from 'node:net';
import type { Server, Socket } from 'node:net';

export interface TcpForward {
  close(): Promise<void>;
}

export async function forwardTcp(listenHost: string, listenPort: number, targetHost: string, targetPort: number): Promise<TcpForward> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = createConnection({ host: targetHost, port: targetPort });
    sockets.add(client).add(upstream);
    const drop = (): void => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', drop);
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(listenPort, listenHost, () => resolve());
  });
  return {
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
