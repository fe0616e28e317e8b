// `k8s-lab up --etcd-servers`: the same API server on a real etcd (Debian etcd-server
// 3.4) with TLS and client certificates from the lab's own PKI. Objects created with
// kubectl land in etcd under /registry and survive a restart of the lab.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensurePki } from '../../main/control-plane/pki/index.js';
import { removeDir, startLab } from './support/lab.js';
import { requireTool } from './support/tools.js';

const dataDir = mkdtempSync(join(tmpdir(), 'k8s-lab-ext-'));
let etcd: ChildProcess;
let endpoint = '';

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

beforeAll(async () => {
  const bin = requireTool('etcd');
  const pki = await ensurePki(join(dataDir, 'pki'));
  const client = await freePort();
  const peer = await freePort();
  endpoint = `https://127.0.0.1:${client}`;
  etcd = spawn(bin, [
    '--name', 'lab', '--data-dir', join(dataDir, 'etcd'),
    '--listen-client-urls', endpoint, '--advertise-client-urls', endpoint,
    '--listen-peer-urls', `http://127.0.0.1:${peer}`, '--initial-advertise-peer-urls', `http://127.0.0.1:${peer}`,
    '--initial-cluster', `lab=http://127.0.0.1:${peer}`,
    '--cert-file', pki.etcd.server.certPath, '--key-file', pki.etcd.server.keyPath,
    '--trusted-ca-file', pki.etcd.ca.certPath, '--client-cert-auth',
  ], { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  await new Promise<void>((resolve, reject) => {
    etcd.stderr?.on('data', (c: Buffer) => {
      log += c.toString();
      if (log.includes('ready to serve client requests')) resolve();
    });
    etcd.on('exit', (code) => reject(new Error(`etcd exited with ${String(code)}:\n${log}`)));
    setTimeout(() => reject(new Error(`etcd not ready:\n${log}`)), 20_000).unref();
  });
});

afterAll(() => {
  etcd.kill('SIGTERM');
  removeDir(dataDir);
});

describe('API server on a real etcd', () => {
  it('stores objects in etcd and keeps them across restarts', async () => {
    let lab = await startLab({ dataDir, extraArgs: ['--etcd-servers', endpoint] });
    expect(lab.output.join('\n')).toContain(`store: external etcd ${endpoint}`);
    expect(lab.kubectl(['run', 'nginx', '--image', 'nginx']).stdout.trim()).toBe('pod/nginx created');
    expect(lab.kubectl(['create', '-f', join(import.meta.dirname, '..', 'fixtures', 'seeds', 'mynapp-rs.yml')]).code).toBe(0);
    // etcdctl talks to the real etcd here (run.json names it)
    const keys = lab.etcdctl(['get', '/registry', '--prefix', '--keys-only']).stdout.split('\n').filter(Boolean);
    expect(keys).toContain('/registry/pods/default/nginx');
    expect(keys).toContain('/registry/replicasets/default/mynapp-rs');
    // the ReplicaSet controller runs on this backend too
    for (let i = 0; i < 50 && lab.kubectl(['get', 'pods', '-l', 'app=mynapp-rs', '-o', 'name']).stdout.trim().split('\n').filter(Boolean).length < 3; i++) await new Promise((r) => setTimeout(r, 200));
    const names = lab.kubectl(['get', 'pods', '-o', 'name']).stdout.trim().split('\n');
    expect(names).toContain('pod/nginx');
    expect(names.filter((n) => n.startsWith('pod/mynapp-rs-'))).toHaveLength(3);
    expect(await lab.stop()).toBe(0);

    lab = await startLab({ dataDir, extraArgs: ['--etcd-servers', endpoint] });
    expect(lab.kubectl(['get', 'pod', 'nginx', '-o', 'jsonpath={.spec.containers[0].image}']).stdout).toBe('nginx');
    expect(lab.kubectl(['label', 'rs', 'mynapp-rs', 'kept=yes']).stdout.trim()).toBe('replicaset.apps/mynapp-rs labeled');
    expect(await lab.stop()).toBe(0);
  });
});
