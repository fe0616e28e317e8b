// The etcd half of the PKI against real parts: Debian's etcd 3.4 and etcdctl (Go), and
// grpc-js (what our own etcd v3 facade serves with).
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensurePki, issueClientCert } from './index.js';
import type { CertKeyPem, Pki } from './index.js';
import { freePort, makeTempDir, run } from './spec-support.js';

let tmp: { path: string; remove: () => Promise<void> };
let pki: Pki;

beforeAll(async () => {
  tmp = await makeTempDir('etcd');
  pki = await ensurePki(join(tmp.path, 'pki'));
});
afterAll(async () => {
  await tmp.remove();
});

const etcdctl = (endpoint: string, client: { certPath: string; keyPath: string }, ...args: string[]) =>
  run('etcdctl', ['--endpoints', endpoint, '--cacert', pki.etcd.ca.certPath, '--cert', client.certPath,
    '--key', client.keyPath, '--dial-timeout', '3s', '--command-timeout', '5s', ...args],
  { env: { ...process.env, ETCDCTL_API: '3' } });

describe('real etcd 3.4 with the etcd certs', () => {
  let etcd: ChildProcess | undefined;
  let endpoint = '';
  let log = '';

  beforeAll(async () => {
    const [client, peer] = [await freePort(), await freePort()];
    endpoint = `https://127.0.0.1:${client}`;
    const peerUrl = `https://127.0.0.1:${peer}`;
    etcd = spawn('etcd', [
      '--name', 'k8s-lab', '--data-dir', join(tmp.path, 'etcd-data'),
      '--listen-client-urls', endpoint, '--advertise-client-urls', endpoint,
      '--listen-peer-urls', peerUrl, '--initial-advertise-peer-urls', peerUrl,
      '--initial-cluster', `k8s-lab=${peerUrl}`,
      '--cert-file', pki.etcd.server.certPath, '--key-file', pki.etcd.server.keyPath,
      '--trusted-ca-file', pki.etcd.ca.certPath, '--client-cert-auth',
      '--peer-cert-file', pki.etcd.peer.certPath, '--peer-key-file', pki.etcd.peer.keyPath,
      '--peer-trusted-ca-file', pki.etcd.ca.certPath, '--peer-client-cert-auth',
    ], { stdio: ['ignore', 'pipe', 'pipe'] });
    etcd.stderr?.on('data', (chunk: Buffer) => (log += chunk.toString()));
    // ready when kubeadm's health check identity gets an answer
    for (let i = 0; i < 50; i++) {
      const health = await etcdctl(endpoint, pki.etcd.healthcheckClient, 'endpoint', 'health');
      if (health.code === 0) return;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    throw new Error(`etcd did not become healthy:\n${log.slice(-2000)}`);
  }, 30_000);

  afterAll(async () => {
    if (etcd?.exitCode === null) {
      const exited = new Promise((resolve) => etcd?.once('exit', resolve));
      etcd.kill('SIGTERM');
      await exited;
    }
  });

  it('lets the apiserver-etcd-client write and read', async () => {
    const put = await etcdctl(endpoint, pki.apiServerEtcdClient, 'put', 'a', 'b');
    expect(put.stderr).toBe('');
    expect(put.stdout.trim()).toBe('OK');
    expect((await etcdctl(endpoint, pki.apiServerEtcdClient, 'get', 'a')).stdout).toBe('a\nb\n');
  });

  it('rejects a client certificate from the kubernetes CA', async () => {
    const r = await etcdctl(endpoint, pki.apiServerKubeletClient, '--command-timeout', '1s', 'put', 'a', 'c');
    expect(r.code).not.toBe(0);
  });
});

const kvService: grpc.ServiceDefinition = {
  Put: {
    path: '/etcdserverpb.KV/Put',
    requestStream: false,
    responseStream: false,
    requestSerialize: (b: Buffer) => b,
    requestDeserialize: (b: Buffer) => b,
    responseSerialize: (b: Buffer) => b,
    responseDeserialize: (b: Buffer) => b,
    originalName: 'put',
  },
};

describe('grpc-js with the etcd certs', () => {
  let server: grpc.Server;
  let port = 0;
  const seen: string[] = [];

  beforeAll(async () => {
    server = new grpc.Server();
    // an empty PutResponse: enough for etcdctl to print OK, all this test needs
    server.addService(kvService, {
      Put: (call: grpc.ServerUnaryCall<Buffer, Buffer>, callback: grpc.sendUnaryData<Buffer>) => {
        seen.push(call.request.toString('latin1'));
        callback(null, Buffer.alloc(0));
      },
    });
    const creds = grpc.ServerCredentials.createSsl(
      Buffer.from(pki.etcd.ca.certPem),
      [{ private_key: Buffer.from(pki.etcd.server.keyPem), cert_chain: Buffer.from(pki.etcd.server.certPem) }],
      true,
    );
    port = await new Promise<number>((resolve, reject) =>
      server.bindAsync('127.0.0.1:0', creds, (err, p) => (err ? reject(err) : resolve(p))),
    );
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server.tryShutdown(() => resolve()));
  });

  function callPut(client: CertKeyPem): Promise<void> {
    const Client = grpc.makeGenericClientConstructor(kvService, 'KV');
    const creds = grpc.credentials.createSsl(
      Buffer.from(pki.etcd.ca.certPem), Buffer.from(client.keyPem), Buffer.from(client.certPem),
    );
    // by name, not IP: Node warns (DEP0123) when grpc-js sets an IP as TLS server name
    const c = new Client(`localhost:${port}`, creds);
    return new Promise<void>((resolve, reject) => {
      c.makeUnaryRequest('/etcdserverpb.KV/Put', (b: Buffer) => b, (b: Buffer) => b, Buffer.from('x'), (err) => {
        c.close();
        if (err) reject(err);
        else resolve();
      });
    });
  }

  it('accepts the apiserver-etcd-client (grpc-js client) and etcdctl', async () => {
    await callPut(pki.apiServerEtcdClient);
    const r = await etcdctl(`https://127.0.0.1:${port}`, pki.apiServerEtcdClient, 'put', 'k', 'v');
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe('OK');
    expect(seen.some((req) => req.includes('k') && req.includes('v'))).toBe(true);
  });

  it('rejects clients outside the etcd CA', async () => {
    const stranger = await issueClientCert(pki, { commonName: 'kube-apiserver-etcd-client', organizations: [], signer: 'kubernetes' });
    await expect(callPut(stranger)).rejects.toMatchObject({ code: grpc.status.UNAVAILABLE });
    const sameCa = await issueClientCert(pki, { commonName: 'learner', organizations: [], signer: 'etcd' });
    await callPut(sameCa);
  });
});
