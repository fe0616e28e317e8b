import { X509Certificate } from 'node:crypto';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ensurePki, PkiError } from './index.js';
import type { Clock } from './index.js';
import { run, makeTempDir } from './spec-support.js';

const DAY = 24 * 60 * 60 * 1000;
const CERTS = [
  'ca', 'apiserver', 'apiserver-kubelet-client', 'apiserver-etcd-client', 'front-proxy-ca', 'front-proxy-client',
  'etcd/ca', 'etcd/server', 'etcd/peer', 'etcd/healthcheck-client',
];

let dir: string;
let remove: () => Promise<void>;
beforeEach(async () => {
  ({ path: dir, remove } = await makeTempDir('pki'));
});
afterEach(async () => {
  await remove();
});

const openssl = (...args: string[]) => run('openssl', args);
const text = async (file: string) => (await openssl('x509', '-in', join(dir, file), '-noout', '-text')).stdout;
const verify = (ca: string, cert: string, purpose?: string) =>
  openssl('verify', ...(purpose ? ['-purpose', purpose] : []), '-CAfile', join(dir, ca), join(dir, cert));
const snapshot = async () =>
  Object.fromEntries(
    await Promise.all(
      [...CERTS.flatMap((c) => [`${c}.crt`, `${c}.key`]), 'sa.key', 'sa.pub'].map(
        async (f) => [f, await readFile(join(dir, f), 'utf8')] as const,
      ),
    ),
  );
const fixedClock = (ms: number): Clock => ({ now: () => ms });

describe('ensurePki', () => {
  it('lays out kubeadm’s files with kubeadm’s modes', async () => {
    const pki = await ensurePki(dir);
    for (const c of CERTS) {
      expect((await stat(join(dir, `${c}.crt`))).mode & 0o777, c).toBe(0o644);
      expect((await stat(join(dir, `${c}.key`))).mode & 0o777, c).toBe(0o600);
      expect(await readFile(join(dir, `${c}.key`), 'utf8')).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
    }
    expect((await stat(join(dir, 'sa.key'))).mode & 0o777).toBe(0o600);
    expect((await stat(join(dir, 'sa.pub'))).mode & 0o777).toBe(0o644);
    expect((await stat(join(dir, 'etcd'))).mode & 0o777).toBe(0o700);
    expect(pki.changed).toHaveLength(CERTS.length * 2 + 2);
    expect(pki.apiServer.certPath).toBe(join(dir, 'apiserver.crt'));
    expect(pki.etcd.healthcheckClient.keyPath).toBe(join(dir, 'etcd/healthcheck-client.key'));
    expect(pki.apiServer.certPem).toBe(await readFile(join(dir, 'apiserver.crt'), 'utf8'));
  });

  it('chains every leaf to its CA, for its purpose, as openssl checks it', async () => {
    await ensurePki(dir);
    const chains: [string, string, string][] = [
      ['ca.crt', 'apiserver.crt', 'sslserver'],
      ['ca.crt', 'apiserver-kubelet-client.crt', 'sslclient'],
      ['front-proxy-ca.crt', 'front-proxy-client.crt', 'sslclient'],
      ['etcd/ca.crt', 'apiserver-etcd-client.crt', 'sslclient'],
      ['etcd/ca.crt', 'etcd/server.crt', 'sslserver'],
      ['etcd/ca.crt', 'etcd/server.crt', 'sslclient'],
      ['etcd/ca.crt', 'etcd/peer.crt', 'sslserver'],
      ['etcd/ca.crt', 'etcd/peer.crt', 'sslclient'],
      ['etcd/ca.crt', 'etcd/healthcheck-client.crt', 'sslclient'],
    ];
    for (const [ca, cert, purpose] of chains) {
      const r = await verify(ca, cert, purpose);
      expect(r.stdout + r.stderr, `${cert} ${purpose}`).toContain(': OK');
    }
    // the CAs are separate trust domains
    expect((await verify('ca.crt', 'apiserver-etcd-client.crt')).code).not.toBe(0);
    expect((await verify('etcd/ca.crt', 'apiserver.crt')).code).not.toBe(0);
    expect((await verify('apiserver.crt', 'apiserver.crt', 'sslserver')).code).not.toBe(0);
  });

  it('issues kubeadm’s names, usages and key type', async () => {
    await ensurePki(dir);
    const ca = await text('ca.crt');
    expect(ca).toContain('Subject: CN = kubernetes');
    expect(ca).toMatch(/Basic Constraints: critical\s+CA:TRUE/);
    expect(ca).toMatch(/Key Usage: critical\s+Digital Signature, Key Encipherment, Certificate Sign/);
    expect(ca).toContain('Subject Key Identifier');
    expect(ca).toContain('NIST CURVE: P-256');
    const api = await text('apiserver.crt');
    expect(api).toContain('Subject: CN = kube-apiserver');
    expect(api).toContain('Issuer: CN = kubernetes');
    expect(api).toMatch(/Basic Constraints: critical\s+CA:FALSE/);
    expect(api).toMatch(/Key Usage: critical\s+Digital Signature, Key Encipherment\n/);
    expect(api).toMatch(/Extended Key Usage:\s+TLS Web Server Authentication\n/);
    expect(api).toContain('Authority Key Identifier');
    for (const san of [
      'DNS:kubernetes', 'DNS:kubernetes.default', 'DNS:kubernetes.default.svc',
      'DNS:kubernetes.default.svc.cluster.local', 'DNS:localhost', 'IP Address:127.0.0.1', 'IP Address:10.96.0.1',
    ]) {
      expect(api).toContain(san);
    }
    expect(await text('apiserver-kubelet-client.crt')).toContain('Subject: O = system:masters, CN = kube-apiserver-kubelet-client');
    const etcd = await text('etcd/server.crt');
    expect(etcd).toContain('Subject: CN = k8s-lab');
    expect(etcd).toContain('Issuer: CN = etcd-ca');
    expect(etcd).toMatch(/TLS Web Server Authentication, TLS Web Client Authentication/);
    expect(etcd).toMatch(/DNS:localhost, DNS:k8s-lab, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1/);
    expect(await text('apiserver-etcd-client.crt')).toMatch(/Issuer: CN = etcd-ca[\s\S]*Subject: CN = kube-apiserver-etcd-client/);
    const ec = await run('openssl', ['pkey', '-in', join(dir, 'apiserver.key'), '-noout', '-text']);
    expect(ec.stdout).toContain('NIST CURVE: P-256');
  });

  it('gives CAs ten years and leaves one year, backdated five minutes', async () => {
    const now = Date.UTC(2030, 0, 1);
    await ensurePki(dir, { clock: fixedClock(now) });
    const ca = new X509Certificate(await readFile(join(dir, 'ca.crt')));
    const leaf = new X509Certificate(await readFile(join(dir, 'apiserver.crt')));
    expect(Date.parse(ca.validFrom)).toBe(now - 5 * 60_000);
    expect(Date.parse(ca.validTo)).toBe(now + 3650 * DAY);
    expect(Date.parse(leaf.validFrom)).toBe(now - 5 * 60_000);
    expect(Date.parse(leaf.validTo)).toBe(now + 365 * DAY);
    expect(ca.serialNumber).not.toBe(leaf.serialNumber);
  });

  it('writes a service-account key pair that belongs together', async () => {
    const pki = await ensurePki(dir);
    const derived = await run('openssl', ['pkey', '-in', pki.serviceAccount.keyPath, '-pubout']);
    expect(derived.stdout).toBe(await readFile(join(dir, 'sa.pub'), 'utf8'));
    expect(pki.serviceAccount.publicKeyPem).toBe(derived.stdout);
  });

  it('reuses every file on the next call, byte for byte', async () => {
    await ensurePki(dir);
    const before = await snapshot();
    const again = await ensurePki(dir);
    expect(again.changed).toEqual([]);
    expect(await snapshot()).toEqual(before);
    expect(again.ca.keyPem).toBe(before['ca.key']);
  });

  it('re-issues only the apiserver cert, from the same CA, when a SAN is added', async () => {
    await ensurePki(dir);
    const before = await snapshot();
    const sans = { dns: ['lab.example'], ips: ['10.0.2.15', 'fd00::1'] };
    const pki = await ensurePki(dir, { apiServerSans: sans });
    expect(pki.changed).toEqual(['apiserver.crt', 'apiserver.key']);
    const after = await snapshot();
    expect(after['ca.crt']).toBe(before['ca.crt']);
    expect(after['apiserver.crt']).not.toBe(before['apiserver.crt']);
    expect((await verify('ca.crt', 'apiserver.crt', 'sslserver')).stdout).toContain(': OK');
    expect(await text('apiserver.crt')).toMatch(/DNS:lab.example, IP Address:127.0.0.1, IP Address:10.96.0.1, IP Address:10.0.2.15, IP Address:FD00:0:0:0:0:0:0:1/);
    // same request, other spellings, or a subset: the cert already covers them
    expect((await ensurePki(dir, { apiServerSans: { dns: ['LAB.example'], ips: ['fd00:0::1'] } })).changed).toEqual([]);
    expect((await ensurePki(dir)).changed).toEqual([]);
    const etcd = await ensurePki(dir, { etcdServerSans: { dns: [], ips: ['10.0.2.100'] } });
    expect(etcd.changed).toEqual(['etcd/server.crt', 'etcd/server.key', 'etcd/peer.crt', 'etcd/peer.key']);
  });

  it('renews leaves near expiry and everything when the CA expires', async () => {
    const start = Date.UTC(2030, 0, 1);
    await ensurePki(dir, { clock: fixedClock(start) });
    const before = await snapshot();
    expect((await ensurePki(dir, { clock: fixedClock(start + 300 * DAY) })).changed).toEqual([]);
    const renewed = await ensurePki(dir, { clock: fixedClock(start + 340 * DAY) });
    expect(renewed.changed).not.toContain('ca.crt');
    expect(renewed.changed).toContain('apiserver.crt');
    expect(renewed.changed).toContain('etcd/healthcheck-client.crt');
    expect(renewed.changed).not.toContain('sa.key');
    const later = start + 3650 * DAY;
    const all = await ensurePki(dir, { clock: fixedClock(later) });
    expect(all.changed).toHaveLength(CERTS.length * 2);
    expect((await snapshot())['sa.key']).toBe(before['sa.key']);
    // a leaf never outlives its CA: 200 days before the new CA ends, leaves are cut to its end
    const caEnd = Date.parse(new X509Certificate(all.ca.certPem).validTo);
    const tail = await ensurePki(dir, { clock: fixedClock(caEnd - 200 * DAY) });
    expect(tail.changed).not.toContain('ca.crt');
    expect(Date.parse(new X509Certificate(tail.apiServer.certPem).validTo)).toBe(caEnd);
  });

  it('replaces a mismatched key, and a lost CA key re-issues what the CA signed', async () => {
    const first = await ensurePki(dir);
    await writeFile(join(dir, 'apiserver.key'), first.apiServerKubeletClient.keyPem);
    expect((await ensurePki(dir)).changed).toEqual(['apiserver.crt', 'apiserver.key']);
    await writeFile(join(dir, 'ca.key'), 'garbage');
    const changed = (await ensurePki(dir)).changed;
    expect(changed).toEqual(['ca.crt', 'ca.key', 'apiserver.crt', 'apiserver.key', 'apiserver-kubelet-client.crt', 'apiserver-kubelet-client.key']);
    expect((await verify('ca.crt', 'apiserver.crt', 'sslserver')).stdout).toContain(': OK');
  });

  it('rejects bad names before writing anything', async () => {
    const sub = join(dir, 'never');
    await expect(ensurePki(sub, { apiServerSans: { dns: [], ips: ['10.0.0.300'] } })).rejects.toThrow(PkiError);
    await expect(ensurePki(sub, { apiServerSans: { dns: ['bad name'], ips: [] } })).rejects.toMatchObject({ code: 'InvalidArgument' });
    await expect(stat(sub)).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
