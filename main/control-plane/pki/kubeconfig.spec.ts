import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import yaml from 'js-yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensurePki, issueClientCert, PkiError, readKubeconfig, writeKubeconfig } from './index.js';
import type { Kubeconfig, Pki } from './index.js';
import { makeTempDir } from './spec-support.js';

let tmp: { path: string; remove: () => Promise<void> };
let pki: Pki;
let admin: Kubeconfig;

beforeAll(async () => {
  tmp = await makeTempDir('kubeconfig');
  pki = await ensurePki(join(tmp.path, 'pki'));
  const pair = await issueClientCert(pki, { commonName: 'kubernetes-admin', organizations: ['system:masters'], signer: 'kubernetes' });
  admin = {
    clusterName: 'k8s-lab',
    server: 'https://127.0.0.1:6443',
    caPem: pki.ca.certPem,
    user: 'kubernetes-admin',
    certPem: pair.certPem,
    keyPem: pair.keyPem,
  };
});
afterAll(async () => {
  await tmp.remove();
});

describe('kubeconfig files', () => {
  it('writes kubeadm’s admin.conf shape, 0600, with the context k8s-lab', async () => {
    const path = join(tmp.path, 'admin.conf');
    await writeKubeconfig(path, admin);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    const doc = yaml.load(await readFile(path, 'utf8'));
    expect(doc).toEqual({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{ name: 'k8s-lab', cluster: { 'certificate-authority-data': Buffer.from(pki.ca.certPem).toString('base64'), server: 'https://127.0.0.1:6443' } }],
      contexts: [{ name: 'k8s-lab', context: { cluster: 'k8s-lab', user: 'kubernetes-admin' } }],
      'current-context': 'k8s-lab',
      preferences: {},
      users: [{
        name: 'kubernetes-admin',
        user: {
          'client-certificate-data': Buffer.from(admin.certPem).toString('base64'),
          'client-key-data': Buffer.from(admin.keyPem).toString('base64'),
        },
      }],
    });
  });

  it('reads back what it wrote, and replaces the file atomically', async () => {
    const path = join(tmp.path, 'rt.conf');
    await writeKubeconfig(path, admin);
    expect(await readKubeconfig(path)).toEqual({ ...admin, contextName: 'k8s-lab' });
    const scoped = { ...admin, contextName: 'kubernetes-admin@k8s-lab', namespace: 'lab-1' };
    await writeKubeconfig(path, scoped);
    expect(await readKubeconfig(path)).toEqual(scoped);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
  });

  it('follows file references relative to the kubeconfig, and a chosen context', async () => {
    const path = join(tmp.path, 'files.conf');
    await writeFile(join(tmp.path, 'u.crt'), admin.certPem);
    await writeFile(join(tmp.path, 'u.key'), admin.keyPem);
    await writeFile(path, yaml.dump({
      apiVersion: 'v1', kind: 'Config', 'current-context': 'none',
      clusters: [{ name: 'c', cluster: { server: 'https://10.0.2.2:6443', 'certificate-authority': pki.ca.certPath } }],
      contexts: [{ name: 'other', context: { cluster: 'c', user: 'u' } }],
      users: [{ name: 'u', user: { 'client-certificate': 'u.crt', 'client-key': './u.key' } }],
    }));
    expect(await readKubeconfig(path, { context: 'other' })).toEqual({
      clusterName: 'c', server: 'https://10.0.2.2:6443', caPem: pki.ca.certPem,
      user: 'u', certPem: admin.certPem, keyPem: admin.keyPem, contextName: 'other',
    });
    await expect(readKubeconfig(path)).rejects.toMatchObject({ code: 'InvalidKubeconfig' });
  });

  it('reports broken files as InvalidKubeconfig', async () => {
    const path = join(tmp.path, 'bad.conf');
    for (const text of ['{', '- a list', 'current-context: x\ncontexts: []', 'current-context: x\ncontexts:\n- name: x\n  context: {cluster: c, user: u}\n']) {
      await writeFile(path, text);
      const err = await readKubeconfig(path).catch((e: unknown) => e);
      expect(err, text).toBeInstanceOf(PkiError);
      expect(err).toMatchObject({ code: 'InvalidKubeconfig' });
    }
  });
});
