// A real etcd (Debian's etcd-server) on loopback with its own data directory, for
// the backend specs and the benchmark. The caller stops it; stop() kills the
// process and removes the directory.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KvBackend } from '../../types.js';
import { connectEtcd } from '../etcd-client-backend.js';
import { freePort, requireTool, run } from './tools.js';

export interface EtcdProcess {
  endpoint: string;
  dataDir: string;
  /** last lines etcd logged, for failure messages */
  log(): string;
  stop(): Promise<void>;
}

export interface StartEtcdOptions {
  /** serve clients over TLS with client-certificate auth */
  tls?: { caFile: string; certFile: string; keyFile: string; clientTls: { ca: Buffer; cert: Buffer; key: Buffer } };
  /** start from this `etcdctl snapshot save` file, through `etcdctl snapshot restore` */
  restoreFrom?: string;
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

export async function startEtcd(options: StartEtcdOptions = {}): Promise<EtcdProcess> {
  const etcd = requireTool('etcd');
  const dataDir = await mkdtemp(join(tmpdir(), 'k8s-lab-etcd-'));
  const [clientPort, peerPort] = [await freePort(), await freePort()];
  const scheme = options.tls ? 'https' : 'http';
  const endpoint = `${scheme}://127.0.0.1:${clientPort}`;
  const peer = `http://127.0.0.1:${peerPort}`;
  if (options.restoreFrom) {
    const restored = await run(
      requireTool('etcdctl'),
      ['snapshot', 'restore', options.restoreFrom, '--name', 'default', '--data-dir', join(dataDir, 'data'), '--initial-cluster', `default=${peer}`, '--initial-advertise-peer-urls', peer],
      { env: { ...process.env, ETCDCTL_API: '3' } },
    );
    if (restored.code !== 0) {
      await rm(dataDir, { recursive: true, force: true });
      throw new Error(`etcdctl snapshot restore ${options.restoreFrom} failed:\n${restored.stderr}${restored.stdout}`);
    }
  }
  const args = [
    '--name', 'default',
    '--data-dir', join(dataDir, 'data'),
    '--listen-client-urls', endpoint,
    '--advertise-client-urls', endpoint,
    '--listen-peer-urls', peer,
    '--initial-advertise-peer-urls', peer,
    '--initial-cluster', `default=${peer}`,
  ];
  if (options.tls) {
    args.push('--cert-file', options.tls.certFile, '--key-file', options.tls.keyFile, '--client-cert-auth', '--trusted-ca-file', options.tls.caFile);
  }
  const child = spawn(etcd, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let logTail = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    logTail = (logTail + chunk.toString()).slice(-4000);
  });
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited(child);
      clearTimeout(timer);
    }
    await rm(dataDir, { recursive: true, force: true });
  };

  // Ready when a client can read Status; etcd elects itself within a second or two.
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null) {
      await stop();
      throw new Error(`etcd exited with ${child.exitCode} before serving:\n${logTail}`);
    }
    let probe: KvBackend | undefined;
    try {
      probe = await connectEtcd({ endpoints: [endpoint], tls: options.tls?.clientTls, callTimeoutMs: 2000 });
      await probe.range(Buffer.from('health'));
      await probe.close();
      break;
    } catch (error) {
      await probe?.close();
      if (Date.now() > deadline) {
        await stop();
        throw new Error(`etcd at ${endpoint} did not become ready: ${error instanceof Error ? error.message : String(error)}\n${logTail}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  return { endpoint, dataDir, log: () => logTail, stop };
}
