import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensurePki, issueClientCert, issueServerCert } from './index.js';
import type { ClientCertRequest, Pki, Signer } from './index.js';
import { makeTempDir, run } from './spec-support.js';

let tmp: { path: string; remove: () => Promise<void> };
let pki: Pki;
beforeAll(async () => {
  tmp = await makeTempDir('issue');
  pki = await ensurePki(join(tmp.path, 'pki'), { clock: { now: () => Date.UTC(2030, 5, 1) } });
});
afterAll(async () => {
  await tmp.remove();
});

async function opensslText(pem: string): Promise<string> {
  const file = join(tmp.path, `c-${Math.random().toString(16).slice(2)}.crt`);
  await writeFile(file, pem);
  return (await run('openssl', ['x509', '-in', file, '-noout', '-text'])).stdout;
}

async function verify(caPath: string, pem: string, purpose: string): Promise<string> {
  const file = join(tmp.path, `v-${Math.random().toString(16).slice(2)}.crt`);
  await writeFile(file, pem);
  // the PKI's clock is 2030; check at that time, not the machine's
  const r = await run('openssl', ['verify', '-attime', String(Date.UTC(2030, 5, 2) / 1000), '-purpose', purpose, '-CAfile', caPath, file]);
  return r.stdout + r.stderr;
}

describe('issueClientCert', () => {
  it('puts the user in CN and the groups in O, signed by the kubernetes CA', async () => {
    const { certPem, keyPem } = await issueClientCert(pki, {
      commonName: 'system:node:node-1', organizations: ['system:nodes'], signer: 'kubernetes',
    });
    expect(keyPem).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    const text = await opensslText(certPem);
    expect(text).toContain('Subject: O = system:nodes, CN = system:node:node-1');
    expect(text).toMatch(/Extended Key Usage:\s+TLS Web Client Authentication\n/);
    expect(text).not.toContain('Subject Alternative Name');
    expect(text).toContain('Not After : Jun  1 00:00:00 2031 GMT');
    expect(await verify(pki.ca.certPath, certPem, 'sslclient')).toContain(': OK');
    expect(await verify(pki.etcd.ca.certPath, certPem, 'sslclient')).not.toContain(': OK');
  });

  it('signs etcd clients with the etcd CA, for the days asked', async () => {
    const { certPem } = await issueClientCert(pki, { commonName: 'learner', organizations: [], signer: 'etcd', days: 7 });
    expect(await opensslText(certPem)).toContain('Not After : Jun  8 00:00:00 2030 GMT');
    expect(await verify(pki.etcd.ca.certPath, certPem, 'sslclient')).toContain(': OK');
  });

  it('refuses empty names, bad days and unknown signers', async () => {
    const base: ClientCertRequest = { commonName: 'x', organizations: [], signer: 'kubernetes' };
    await expect(issueClientCert(pki, { ...base, commonName: ' ' })).rejects.toMatchObject({ code: 'InvalidArgument' });
    await expect(issueClientCert(pki, { ...base, organizations: [''] })).rejects.toMatchObject({ code: 'InvalidArgument' });
    await expect(issueClientCert(pki, { ...base, days: 0 })).rejects.toMatchObject({ code: 'InvalidArgument' });
    await expect(issueClientCert(pki, { ...base, signer: 'front-proxy' as Signer })).rejects.toMatchObject({ code: 'InvalidArgument' });
  });
});

describe('issueServerCert', () => {
  it('issues a serving cert with the names given', async () => {
    const { certPem } = await issueServerCert(pki, {
      commonName: 'node-1', dns: ['node-1'], ips: ['10.0.2.15', '::1'], signer: 'kubernetes',
    });
    const text = await opensslText(certPem);
    expect(text).toContain('DNS:node-1, IP Address:10.0.2.15, IP Address:0:0:0:0:0:0:0:1');
    expect(text).toMatch(/Extended Key Usage:\s+TLS Web Server Authentication\n/);
    expect(await verify(pki.ca.certPath, certPem, 'sslserver')).toContain(': OK');
  });

  it('needs at least one valid name', async () => {
    await expect(issueServerCert(pki, { commonName: 'n', dns: [], ips: [], signer: 'etcd' })).rejects.toMatchObject({ code: 'InvalidArgument' });
    await expect(issueServerCert(pki, { commonName: 'n', dns: ['a_b'], ips: [], signer: 'etcd' })).rejects.toMatchObject({ code: 'InvalidArgument' });
  });
});
