// Create the cluster PKI if missing, reuse what is valid, re-issue what is not.
// State survives restarts: a second call with the same options rewrites nothing.
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { createCa, signLeaf } from './certs.js';
import { readTextIfExists, writeFileAtomic } from './files.js';
import { reuseProblem } from './inspect.js';
import { generateKeyPair, isP256PrivateKey, publicKeyPemOf } from './keys.js';
import { CAS, leafLayout } from './layout.js';
import type { CaEntry, CaField, LeafEntry, LeafField } from './layout.js';
import { DEFAULT_APISERVER_SANS, DEFAULT_ETCD_SANS, mergeSans } from './sans.js';
import type { CertKeyFiles, CertKeyPem, Clock, Pki, Sans } from './types.js';

/** kubeadm writes certificates 0644 and keys 0600; directories are ours alone. */
const CERT_MODE = 0o644;
const KEY_MODE = 0o600;
const DIR_MODE = 0o700;

export interface EnsurePkiOptions {
  /** extra names for apiserver.crt (node-facing addresses, a LoadBalancer name) */
  apiServerSans?: Partial<Sans>;
  /** extra names for etcd/server.crt and etcd/peer.crt */
  etcdServerSans?: Partial<Sans>;
  clock?: Clock;
}

export const systemClock: Clock = { now: () => Date.now() };

interface Run {
  dir: string;
  now: number;
  changed: string[];
}

async function readPair(run: Run, base: string): Promise<CertKeyFiles | undefined> {
  const certPath = join(run.dir, `${base}.crt`);
  const keyPath = join(run.dir, `${base}.key`);
  const [certPem, keyPem] = await Promise.all([readTextIfExists(certPath), readTextIfExists(keyPath)]);
  if (certPem === undefined || keyPem === undefined) return undefined;
  return { certPem, keyPem, certPath, keyPath };
}

async function writePair(run: Run, base: string, pair: CertKeyPem): Promise<CertKeyFiles> {
  const certPath = join(run.dir, `${base}.crt`);
  const keyPath = join(run.dir, `${base}.key`);
  // key first: a crash in between leaves a mismatched pair, which the next run re-issues
  await writeFileAtomic(keyPath, pair.keyPem, KEY_MODE);
  await writeFileAtomic(certPath, pair.certPem, CERT_MODE);
  run.changed.push(`${base}.crt`, `${base}.key`);
  return { ...pair, certPath, keyPath };
}

async function ensureCa(run: Run, entry: CaEntry): Promise<CertKeyFiles> {
  const existing = await readPair(run, entry.base);
  if (existing && !reuseProblem(existing, undefined, { commonName: entry.commonName, isCa: true }, run.now)) {
    return existing;
  }
  // a new CA invalidates every leaf it signed: their signature checks fail below
  return writePair(run, entry.base, await createCa({ commonName: entry.commonName }, run.now));
}

async function ensureLeaf(run: Run, entry: LeafEntry, issuer: CertKeyFiles): Promise<CertKeyFiles> {
  const existing = await readPair(run, entry.base);
  if (existing && !reuseProblem(existing, issuer.certPem, entry, run.now)) return existing;
  return writePair(run, entry.base, await signLeaf(issuer, entry, run.now));
}

/** sa.key is kept whenever it is readable: rotating it would invalidate every issued token. */
async function ensureServiceAccount(run: Run): Promise<Pki['serviceAccount']> {
  const keyPath = join(run.dir, 'sa.key');
  const publicKeyPath = join(run.dir, 'sa.pub');
  let keyPem = await readTextIfExists(keyPath);
  if (keyPem === undefined || !isP256PrivateKey(keyPem)) {
    keyPem = (await generateKeyPair()).keyPem;
    await writeFileAtomic(keyPath, keyPem, KEY_MODE);
    run.changed.push('sa.key');
  }
  const publicKeyPem = publicKeyPemOf(keyPem);
  if ((await readTextIfExists(publicKeyPath)) !== publicKeyPem) {
    await writeFileAtomic(publicKeyPath, publicKeyPem, CERT_MODE);
    run.changed.push('sa.pub');
  }
  return { keyPem, publicKeyPem, keyPath, publicKeyPath };
}

export async function ensurePki(dir: string, opts: EnsurePkiOptions = {}): Promise<Pki> {
  const clock = opts.clock ?? systemClock;
  // validate the caller's names before touching the disk
  const apiServerSans = mergeSans(DEFAULT_APISERVER_SANS, opts.apiServerSans);
  const etcdSans = mergeSans(DEFAULT_ETCD_SANS, opts.etcdServerSans);
  const layout = leafLayout(apiServerSans, etcdSans);
  const bases = [...Object.values(CAS), ...Object.values(layout)].map((e) => e.base);
  for (const sub of new Set(bases.map((b) => dirname(join(dir, b))))) {
    await mkdir(sub, { recursive: true, mode: DIR_MODE });
  }
  const run: Run = { dir, now: clock.now(), changed: [] };

  const cas = {} as Record<CaField, CertKeyFiles>;
  for (const field of Object.keys(CAS) as CaField[]) cas[field] = await ensureCa(run, CAS[field]);
  const leaves = {} as Record<LeafField, CertKeyFiles>;
  for (const field of Object.keys(layout) as LeafField[]) {
    const entry = layout[field];
    leaves[field] = await ensureLeaf(run, entry, cas[entry.signer]);
  }
  const serviceAccount = await ensureServiceAccount(run);

  return {
    dir,
    ca: cas.ca,
    apiServer: leaves.apiServer,
    apiServerKubeletClient: leaves.apiServerKubeletClient,
    apiServerEtcdClient: leaves.apiServerEtcdClient,
    frontProxyCa: cas.frontProxyCa,
    frontProxyClient: leaves.frontProxyClient,
    serviceAccount,
    etcd: {
      ca: cas.etcdCa,
      server: leaves.etcdServer,
      peer: leaves.etcdPeer,
      healthcheckClient: leaves.etcdHealthcheckClient,
    },
    changed: run.changed,
    clock,
  };
}
