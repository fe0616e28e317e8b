// Real clients against these certificates: Node's tls, curl (OpenSSL) and kubectl (Go).
import { writeFile } from 'node:fs/promises';
import { createServer, request } from 'node:https';
import type { Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { TLSSocket } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensurePki, identityFromCert, issueClientCert, issueServerCert, writeKubeconfig } from './index.js';
import type { CertKeyPem, Pki } from './index.js';
import { makeTempDir, run } from './spec-support.js';

let tmp: { path: string; remove: () => Promise<void> };
let pki: Pki;
let other: Pki;
let admin: CertKeyPem;
let server: Server;
let port: number;

/** A stand-in API server: apiserver.crt, client certs required and checked against ca.crt. */
function startApiServer(): Promise<Server> {
  const s = createServer(
    { key: pki.apiServer.keyPem, cert: pki.apiServer.certPem, ca: pki.ca.certPem, requestCert: true, rejectUnauthorized: true },
    (req, res) => {
      const peer = (req.socket as TLSSocket).getPeerCertificate();
      res.end(req.url === '/healthz' ? 'ok' : JSON.stringify(identityFromCert(peer)));
    },
  );
  return new Promise((resolve) => s.listen(0, '127.0.0.1', () => resolve(s)));
}

function get(path: string, client: CertKeyPem | undefined, host = '127.0.0.1'): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host, port, path, ca: pki.ca.certPem, ...(client && { cert: client.certPem, key: client.keyPem }) },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve(body));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end();
  });
}

async function writePair(name: string, pair: CertKeyPem): Promise<{ cert: string; key: string }> {
  const cert = join(tmp.path, `${name}.crt`);
  const key = join(tmp.path, `${name}.key`);
  await writeFile(cert, pair.certPem);
  await writeFile(key, pair.keyPem, { mode: 0o600 });
  return { cert, key };
}

beforeAll(async () => {
  tmp = await makeTempDir('tls');
  pki = await ensurePki(join(tmp.path, 'pki'));
  other = await ensurePki(join(tmp.path, 'other-pki'));
  admin = await issueClientCert(pki, { commonName: 'kubernetes-admin', organizations: ['system:masters'], signer: 'kubernetes' });
  server = await startApiServer();
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await tmp.remove();
});

describe('TLS with the cluster PKI', () => {
  it('Node accepts the admin cert and identityFromCert reads user and groups', async () => {
    expect(JSON.parse(await get('/', admin))).toEqual({ user: 'kubernetes-admin', groups: ['system:masters'] });
    const node = await issueClientCert(pki, { commonName: 'system:node:node-1', organizations: ['system:nodes'], signer: 'kubernetes' });
    expect(JSON.parse(await get('/', node, 'localhost'))).toEqual({ user: 'system:node:node-1', groups: ['system:nodes'] });
    // repeated O attributes come back from Node as an array
    const multi = await issueClientCert(pki, { commonName: 'jane', organizations: ['dev', 'ops', 'qa'], signer: 'kubernetes', days: 1 });
    expect(JSON.parse(await get('/', multi))).toEqual({ user: 'jane', groups: ['dev', 'ops', 'qa'] });
    expect(JSON.parse(await get('/', pki.apiServerKubeletClient))).toEqual({
      user: 'kube-apiserver-kubelet-client',
      groups: ['system:masters'],
    });
  });

  it('rejects client certs from another CA, from the etcd CA, and no cert at all', async () => {
    const stranger = await issueClientCert(other, { commonName: 'kubernetes-admin', organizations: ['system:masters'], signer: 'kubernetes' });
    await expect(get('/', stranger)).rejects.toThrow();
    await expect(get('/', pki.apiServerEtcdClient)).rejects.toThrow();
    await expect(get('/healthz', undefined)).rejects.toThrow();
  });

  it('works with curl (OpenSSL), by IP and by DNS name', async () => {
    const files = await writePair('admin', admin);
    for (const url of [`https://127.0.0.1:${port}/healthz`, `https://localhost:${port}/healthz`]) {
      const r = await run('curl', ['-sS', '--cacert', pki.ca.certPath, '--cert', files.cert, '--key', files.key, url]);
      expect(r.stderr).toBe('');
      expect(r.stdout).toBe('ok');
    }
    const r = await run('curl', ['-sS', '--cacert', pki.ca.certPath, '--resolve', `kubernetes.default.svc:${port}:127.0.0.1`,
      '--cert', files.cert, '--key', files.key, `https://kubernetes.default.svc:${port}/`]);
    expect(JSON.parse(r.stdout)).toEqual({ user: 'kubernetes-admin', groups: ['system:masters'] });
    // the server cert is not trusted under another CA
    const untrusted = await run('curl', ['-sS', '--cacert', other.ca.certPath, '--cert', files.cert, '--key', files.key,
      `https://127.0.0.1:${port}/healthz`]);
    expect(untrusted.code).not.toBe(0);
  });

  it('works with kubectl (Go): PKCS#8 EC keys and the kubeconfig are accepted', async () => {
    const kubeconfig = join(tmp.path, 'admin.conf');
    await writeKubeconfig(kubeconfig, {
      clusterName: 'k8s-lab',
      server: `https://127.0.0.1:${port}`,
      caPem: pki.ca.certPem,
      user: 'kubernetes-admin',
      certPem: admin.certPem,
      keyPem: admin.keyPem,
    });
    const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: tmp.path };
    const r = await run('kubectl', ['--kubeconfig', kubeconfig, 'get', '--raw', '/healthz'], { env });
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('ok');
    const ctx = await run('kubectl', ['--kubeconfig', kubeconfig, 'config', 'current-context'], { env });
    expect(ctx.stdout.trim()).toBe('k8s-lab');
    // and Go refuses our server under a foreign CA
    const foreign = join(tmp.path, 'foreign.conf');
    await writeKubeconfig(foreign, {
      clusterName: 'k8s-lab', server: `https://127.0.0.1:${port}`, caPem: other.ca.certPem,
      user: 'kubernetes-admin', certPem: admin.certPem, keyPem: admin.keyPem,
    });
    const bad = await run('kubectl', ['--kubeconfig', foreign, 'get', '--raw', '/healthz'], { env });
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/certificate signed by unknown authority/);
  });

  it('serves with an issued server cert (a kubelet’s), verified by curl', async () => {
    const kubelet = await issueServerCert(pki, { commonName: 'system:node:node-1', dns: ['node-1'], ips: ['10.0.2.15'], signer: 'kubernetes' });
    const s = createServer({ key: kubelet.keyPem, cert: kubelet.certPem }, (_req, res) => res.end('kubelet'));
    await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
    try {
      const p = (s.address() as AddressInfo).port;
      const r = await run('curl', ['-sS', '--cacert', pki.ca.certPath, '--resolve', `node-1:${p}:127.0.0.1`, `https://node-1:${p}/`]);
      expect(r.stdout).toBe('kubelet');
      // 127.0.0.1 is not among its names
      expect((await run('curl', ['-sS', '--cacert', pki.ca.certPath, `https://127.0.0.1:${p}/`])).code).not.toBe(0);
    } finally {
      s.closeAllConnections();
      await new Promise((resolve) => s.close(resolve));
    }
  });
});
