// pkg/probe/tcp DoTCPProbe: a TCP connect within timeoutSeconds succeeds (output ""),
// anything else fails with Go's dial error text.
import net from 'node:net';
import { dialErrorText, joinHostPort } from './go-text.js';
import type { ProbeOutcome } from './types.js';

export interface TcpSocketOptions {
  host: string;
  port: number;
  timeoutMs: number;
}

export function runTcpSocket(opts: TcpSocketOptions): Promise<ProbeOutcome> {
  return new Promise<ProbeOutcome>((resolve) => {
    let settled = false;
    const socket = net.connect({ host: opts.host, port: opts.port });
    const finish = (outcome: ProbeOutcome): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(outcome);
    };
    // net.Dialer{Timeout}: "dial tcp 10.244.1.5:8080: i/o timeout"
    const timer = setTimeout(() => finish({ result: 'failure', output: `dial tcp ${joinHostPort(opts.host, opts.port)}: i/o timeout` }), opts.timeoutMs);
    socket.once('connect', () => finish({ result: 'success', output: '' }));
    socket.once('error', (err) => finish({ result: 'failure', output: dialErrorText(err, opts.host, opts.port) }));
  });
}
