// connectEtcd beyond the shared suite: a dead endpoint in the list, a watch that
// outlives its server, and leases made by other clients (63-bit ids from etcdctl).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../mvcc-store.js';
import type { MvccStore } from '../mvcc-store.js';
import type { KvBackend, StoreError, WatchEvent } from '../types.js';
import { connectEtcd } from './etcd-client-backend.js';
import { startEtcdFacade } from './facade.js';
import { startEtcd } from './testing/etcd-process.js';
import type { EtcdProcess } from './testing/etcd-process.js';
import { freePort, requireTool, run } from './testing/tools.js';

async function until(what: string, done: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('connectEtcd against a real etcd', () => {
  let etcd: EtcdProcess;
  beforeAll(async () => {
    etcd = await startEtcd();
  }, 60_000);
  afterAll(async () => {
    await etcd.stop();
  });

  it('skips an endpoint that does not answer', async () => {
    const dead = `http://127.0.0.1:${await freePort()}`;
    const kv = await connectEtcd({ endpoints: [dead, etcd.endpoint] });
    try {
      await kv.put(Buffer.from('failover'), Buffer.from('ok'));
      expect((await kv.range(Buffer.from('failover'))).kvs[0]?.value.toString()).toBe('ok');
    } finally {
      await kv.close();
    }
  });

  it('fails to connect, with every endpoint named, when none answers', async () => {
    const dead = `http://127.0.0.1:${await freePort()}`;
    await expect(connectEtcd({ endpoints: [dead], callTimeoutMs: 2000 })).rejects.toThrow(dead);
  });

  it('keeps exact 63-bit lease ids made by etcdctl usable through negative aliases', async () => {
    const env = { ...process.env, ETCDCTL_API: '3' };
    const granted = await run(requireTool('etcdctl'), ['--endpoints', etcd.endpoint, 'lease', 'grant', '60'], { env });
    const hex = /lease ([0-9a-f]+) granted/.exec(granted.stdout)?.[1];
    expect(hex, granted.stderr).toBeDefined();
    await run(requireTool('etcdctl'), ['--endpoints', etcd.endpoint, 'put', '--lease', hex ?? '', 'foreign', 'x'], { env });
    const kv = await connectEtcd({ endpoints: [etcd.endpoint] });
    try {
      const lease = (await kv.range(Buffer.from('foreign'))).kvs[0]?.lease ?? 0;
      // etcd's own ids are above 2^53 (unless the draw was small): then an alias stands in.
      if (BigInt(`0x${hex}`) > BigInt(Number.MAX_SAFE_INTEGER)) expect(lease).toBeLessThan(0);
      else expect(lease).toBe(Number(BigInt(`0x${hex}`)));
      expect(await kv.leases()).toContain(lease);
      expect(await kv.leaseKeepAlive(lease)).toBe(60);
      expect((await kv.leaseTimeToLive(lease, true)).keys.map(String)).toEqual(['foreign']);
      await kv.leaseRevoke(lease);
      expect((await kv.range(Buffer.from('foreign'))).count).toBe(0);
    } finally {
      await kv.close();
    }
  });
});

describe('connectEtcd watch across a server restart', () => {
  let dir: string;
  let store: MvccStore;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'k8s-lab-resume-'));
    store = await openStore({ dataDir: dir, fsync: false });
  });
  afterAll(async () => {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('resumes from the last delivered revision, losing nothing written while the server was down', async () => {
    const port = await freePort();
    let facade = await startEtcdFacade({ backend: store, port, tls: undefined });
    const kv: KvBackend = await connectEtcd({ endpoints: [facade.url] });
    const events: WatchEvent[] = [];
    const errors: StoreError[] = [];
    const watcher = kv.watch(Buffer.from('/resume/'), { rangeEnd: Buffer.from('/resume0') }, {
      onEvents: (batch) => events.push(...batch),
      onError: (error) => errors.push(error),
    });
    try {
      await new Promise((resolve) => setTimeout(resolve, 200));
      await kv.put(Buffer.from('/resume/1'), Buffer.from('before'));
      await until('the first event', () => events.length === 1);

      await facade.close();
      const whileDown = await store.put(Buffer.from('/resume/2'), Buffer.from('while down'));
      facade = await startEtcdFacade({ backend: store, port, tls: undefined });
      const after = await store.put(Buffer.from('/resume/3'), Buffer.from('after'));

      await until('the events after the restart', () => events.length >= 3 || errors.length > 0);
      expect(errors.map((e) => `${e.code}: ${e.message}`)).toEqual([]);
      expect(events.map((e) => e.kv.modRevision)).toEqual([events[0]?.kv.modRevision, whileDown.revision, after.revision]);
      expect(errors).toEqual([]);
    } finally {
      watcher.cancel();
      await kv.close();
      await facade.close();
    }
  });
});
