// What a learner types, checked with Debian's etcdctl 3.4 over mutual TLS. The
// same suite runs against a real etcd, so every expectation here is etcd's own
// behaviour, and against our facade, which must match it.
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectEtcd } from '../etcd-client-backend.js';
import { makeTestPki } from './certs.js';
import { startEtcd } from './etcd-process.js';
import type { TestPki } from './certs.js';
import { etcdctlFor } from './etcdctl.js';
import type { Etcdctl } from './etcdctl.js';

export interface ServerUnderTest {
  endpoint: string;
  cleanup(): Promise<void>;
}

interface StatusJson {
  Endpoint: string;
  Status: { header: { member_id: number; revision: number; raft_term: number }; version: string; dbSize: number; leader: number; raftTerm: number };
}

interface GetJson {
  header: { revision: number };
  kvs?: { key: string; value?: string; create_revision: number; mod_revision: number; version: number; lease?: number }[];
  count: number;
  more?: boolean;
}

export function describeEtcdctl(name: string, start: (pki: TestPki) => Promise<ServerUnderTest>): void {
  describe(`etcdctl 3.4 against ${name}`, () => {
    let dir = '';
    let server: ServerUnderTest | undefined;
    let ctl: Etcdctl;
    let endpoint = '';
    let clientTls: TestPki['clientTls'];

    const ok = async (args: string[], input?: string): Promise<string> => {
      const result = await ctl(args, input === undefined ? {} : { input });
      if (result.code !== 0) throw new Error(`etcdctl ${args.join(' ')} exited ${result.code}:\n${result.stderr}${result.stdout}`);
      return result.stdout;
    };

    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'k8s-lab-etcdctl-'));
      const pki = await makeTestPki(dir);
      server = await start(pki);
      endpoint = server.endpoint;
      ctl = etcdctlFor(endpoint, pki);
      clientTls = pki.clientTls;
    }, 60_000);

    afterAll(async () => {
      await server?.cleanup();
      if (dir) await rm(dir, { recursive: true, force: true });
    }, 30_000);

    it('put, get, get --prefix/--keys-only/--limit, get -w json, del', async () => {
      expect(await ok(['put', 'foo', 'bar'])).toBe('OK\n');
      expect(await ok(['get', 'foo'])).toBe('foo\nbar\n');
      expect(await ok(['get', 'foo', '--print-value-only'])).toBe('bar\n');
      for (const pod of ['a', 'b', 'c']) await ok(['put', `/registry/pods/default/${pod}`, `{"pod":"${pod}"}`]);
      expect(await ok(['get', '/registry', '--prefix', '--keys-only'])).toBe(
        '/registry/pods/default/a\n\n/registry/pods/default/b\n\n/registry/pods/default/c\n\n',
      );
      expect(await ok(['get', '/', '--prefix', '--keys-only', '--limit=2'])).toBe('/registry/pods/default/a\n\n/registry/pods/default/b\n\n');
      const json = JSON.parse(await ok(['get', '/registry', '--prefix', '--limit=2', '-w', 'json'])) as GetJson;
      expect(json.count).toBe(3);
      expect(json.more).toBe(true);
      expect(json.kvs?.map((kv) => Buffer.from(kv.key, 'base64').toString())).toEqual(['/registry/pods/default/a', '/registry/pods/default/b']);
      expect(Buffer.from(json.kvs?.[0]?.value ?? '', 'base64').toString()).toBe('{"pod":"a"}');
      expect(json.kvs?.[0]?.version).toBe(1);
      expect(json.header.revision).toBeGreaterThanOrEqual(json.kvs?.[1]?.mod_revision ?? Infinity);
      // Sorting other than by key (the facade does it, the store only walks keys in order).
      for (const k of ['c', 'a', 'b']) await ok(['put', `/sorted/${k}`, k]);
      expect(await ok(['get', '/sorted', '--prefix', '--keys-only', '--sort-by=MODIFY', '--order=DESCEND'])).toBe('/sorted/b\n\n/sorted/a\n\n/sorted/c\n\n');
      expect(await ok(['get', '/sorted', '--prefix', '--print-value-only', '--order=DESCEND', '--limit=1'])).toBe('c\n');
      expect(await ok(['get', '/sorted', '--prefix', '--print-value-only', '--sort-by=CREATE', '--limit=2'])).toBe('c\na\n');
      expect(await ok(['del', 'foo'])).toBe('1\n');
      expect(await ok(['del', 'foo'])).toBe('0\n');
      expect(await ok(['get', 'foo'])).toBe('');
      expect(await ok(['del', '/registry/pods', '--prefix'])).toBe('3\n');
    });

    it('watch streams puts and deletes to a background etcdctl', async () => {
      const watch = ctl.spawn(['watch', '/watched', '--prefix', '--prev-kv']);
      try {
        // etcdctl prints nothing once the watch is set up, so keep writing until it shows.
        const deadline = Date.now() + 5000;
        while (!watch.output().includes('/watched/a')) {
          if (Date.now() > deadline) throw new Error(`watch saw nothing:\n${watch.output()}`);
          await ok(['put', '/watched/a', 'one']);
          await new Promise((resolve) => setTimeout(resolve, 200));
        }
        await ok(['put', '/watched/b', 'two']);
        await ok(['del', '/watched/b']);
        // With --prev-kv etcdctl prints the event type, the previous pair, then the new one.
        const out = await watch.waitFor('DELETE\n/watched/b\ntwo\n/watched/b\n');
        expect(out).toContain('PUT\n/watched/b\ntwo\n');
      } finally {
        await watch.stop();
      }
    });

    it('lock: a second holder waits until the first lets go (sorted range inside a txn)', async () => {
      const first = ctl.spawn(['lock', 'lab-lock']);
      let second: ReturnType<Etcdctl['spawn']> | undefined;
      try {
        await first.waitFor('lab-lock/');
        second = ctl.spawn(['lock', 'lab-lock']);
        await new Promise((resolve) => setTimeout(resolve, 1000));
        expect(second.output()).toBe('');
        await first.stop();
        await second.waitFor('lab-lock/');
      } finally {
        await first.stop();
        await second?.stop();
      }
    });

    it('txn from stdin', async () => {
      await ok(['put', 'user1', 'bad']);
      const input = 'value("user1") = "bad"\n\nput user1 good\nget user1\n\nput user1 failed\n\n';
      expect(await ok(['txn'], input)).toBe('SUCCESS\n\nOK\n\nuser1\ngood\n');
      expect(await ok(['txn'], input)).toBe('FAILURE\n\nOK\n');
      expect(await ok(['get', 'user1', '--print-value-only'])).toBe('failed\n');
    });

    it('lease grant, put --lease, timetolive --keys, keep-alive --once, list, revoke', async () => {
      const granted = await ok(['lease', 'grant', '60']);
      const match = /^lease ([0-9a-f]+) granted with TTL\(60s\)\n$/.exec(granted);
      expect(match, granted).not.toBeNull();
      const id = match?.[1] ?? '';
      expect(await ok(['put', '--lease', id, 'leased', 'v'])).toBe('OK\n');
      expect(await ok(['lease', 'timetolive', id, '--keys'])).toMatch(
        new RegExp(`^lease ${id} granted with TTL\\(60s\\), remaining\\((5[5-9]|60)s\\), attached keys\\(\\[leased\\]\\)\n$`),
      );
      expect(await ok(['lease', 'keep-alive', '--once', id])).toBe(`lease ${id} keepalived with TTL(60)\n`);
      expect(await ok(['lease', 'list'])).toMatch(new RegExp(`^found \\d+ leases\n(.*\n)*${id}\n`));
      const keepAlive = ctl.spawn(['lease', 'keep-alive', id]);
      try {
        await keepAlive.waitFor(`lease ${id} keepalived with TTL(60)`);
      } finally {
        await keepAlive.stop();
      }
      expect(await ok(['lease', 'revoke', id])).toBe(`lease ${id} revoked\n`);
      expect(await ok(['get', 'leased'])).toBe('');
      expect(await ok(['lease', 'timetolive', id])).toBe(`lease ${id} already expired\n`);
      const again = await ctl(['lease', 'revoke', id]);
      expect(again.code).not.toBe(0);
      expect(again.stderr).toContain('etcdserver: requested lease not found');
    });

    it('compact, then reading a compacted revision fails as etcd does', async () => {
      const first = JSON.parse(await ok(['put', 'history', 'v1', '-w', 'json'])) as GetJson;
      await ok(['put', 'history', 'v2']);
      const latest = JSON.parse(await ok(['get', 'history', '-w', 'json'])) as GetJson;
      expect(await ok(['get', 'history', `--rev=${first.header.revision}`, '--print-value-only'])).toBe('v1\n');
      expect(await ok(['compact', String(latest.header.revision)])).toBe(`compacted revision ${latest.header.revision}\n`);
      const old = await ctl(['get', 'history', `--rev=${first.header.revision}`]);
      expect(old.code).not.toBe(0);
      expect(old.stderr).toContain('etcdserver: mvcc: required revision has been compacted');
      const future = await ctl(['get', 'history', `--rev=${latest.header.revision + 1000}`]);
      expect(future.stderr).toContain('etcdserver: mvcc: required revision is a future revision');
      expect(await ok(['get', 'history', '--print-value-only'])).toBe('v2\n');
    });

    it('endpoint health, endpoint status (table and json), member list', async () => {
      // etcdctl 3.4 prints the health line on stderr.
      const health = await ctl(['endpoint', 'health']);
      expect(health.code).toBe(0);
      expect(health.stderr).toMatch(new RegExp(`^${endpoint.replace(/[.]/g, '\\.')} is healthy: successfully committed proposal: took = .+\n$`));
      const table = await ok(['endpoint', 'status', '-w', 'table']);
      expect(table).toMatch(/\|\s+ENDPOINT\s+\|\s+ID\s+\|\s+VERSION\s+\|/);
      // etcdctl prints ids with %x: up to 16 hex digits, no leading zeros.
      expect(table).toMatch(new RegExp(`\\| ${endpoint.replace(/[.]/g, '\\.')} \\| [0-9a-f]{1,16} \\| +3\\.4\\.\\d+ \\| .+ \\| +true \\| +false \\|`));
      const [status] = JSON.parse(await ok(['endpoint', 'status', '-w', 'json'])) as StatusJson[];
      expect(status?.Endpoint).toBe(endpoint);
      expect(status?.Status.version).toMatch(/^3\.4\./);
      expect(status?.Status.leader).toBe(status?.Status.header.member_id);
      expect(status?.Status.dbSize).toBeGreaterThan(0);
      expect(status?.Status.raftTerm).toBeGreaterThan(0);
      const members = await ok(['member', 'list']);
      expect(members).toMatch(new RegExp(`^[0-9a-f]{1,16}, started, [\\w-]+, [^,]*, ${endpoint.replace(/[.]/g, '\\.')}, false\n$`));
      // The same member id in both (compared as printed: JSON numbers lose uint64 bits).
      const [memberId] = members.split(',');
      expect(table).toContain(`| ${memberId} |`);
    });

    it('snapshot save, snapshot status, and a real etcd restored from the file', async () => {
      const put = JSON.parse(await ok(['put', 'snap-key', 'snap-value', '-w', 'json'])) as GetJson;
      const file = join(dir, 'backup.db');
      const saved = await ok(['snapshot', 'save', file]);
      expect(saved).toContain(`Snapshot saved at ${file}`);
      const data = await readFile(file);
      expect((await stat(file)).size % 512).toBe(32);
      const body = data.subarray(0, data.length - 32);
      expect(createHash('sha256').update(body).digest().equals(data.subarray(data.length - 32))).toBe(true);

      const status = JSON.parse(await ok(['snapshot', 'status', file, '-w', 'json'])) as { hash: number; revision: number; totalKey: number; totalSize: number };
      expect(status.revision).toBe(put.header.revision);
      expect(status.totalKey).toBeGreaterThan(0);
      expect(status.totalSize).toBe(body.length);

      const restored = await startEtcd({ restoreFrom: file });
      const client = await connectEtcd({ endpoints: [restored.endpoint] });
      try {
        const got = await client.range(Buffer.from('snap-key'));
        expect(got.kvs[0]?.value.toString()).toBe('snap-value');
        expect(got.kvs[0]?.modRevision).toBe(put.header.revision);
        expect(got.revision).toBeGreaterThanOrEqual(put.header.revision);
      } finally {
        await client.close();
        await restored.stop();
      }
    });

    it('snapshots a larger key space (branch and overflow pages) that a real etcd restores whole', async () => {
      const client = await connectEtcd({ endpoints: [endpoint], tls: clientTls });
      const big = Buffer.alloc(100 * 1024, 'b');
      try {
        const value = Buffer.alloc(1024, 'v');
        for (let i = 0; i < 3000; i += 100) {
          await Promise.all(Array.from({ length: 100 }, (_, j) => client.put(Buffer.from(`/many/${String(i + j).padStart(5, '0')}`), value)));
        }
        await client.put(Buffer.from('/many/big'), big);
      } finally {
        await client.close();
      }
      const file = join(dir, 'many.db');
      await ok(['snapshot', 'save', file]);
      const status = JSON.parse(await ok(['snapshot', 'status', file, '-w', 'json'])) as { totalKey: number };
      expect(status.totalKey).toBeGreaterThan(3000);
      const restored = await startEtcd({ restoreFrom: file });
      const check = await connectEtcd({ endpoints: [restored.endpoint] });
      try {
        const all = await check.range(Buffer.from('/many/'), { rangeEnd: Buffer.from('/many0'), keysOnly: true });
        expect(all.count).toBe(3001);
        expect((await check.range(Buffer.from('/many/big'))).kvs[0]?.value.equals(big)).toBe(true);
        expect((await check.range(Buffer.from('/many/02999'))).kvs[0]?.value.length).toBe(1024);
      } finally {
        await check.close();
        await restored.stop();
      }
    });

    it('refuses clients without a certificate or with one from another CA', async () => {
      const [none, stranger] = await Promise.all([ctl(['get', 'foo'], { cert: 'none' }), ctl(['get', 'foo'], { cert: 'stranger' })]);
      expect(none.code).not.toBe(0);
      expect(stranger.code).not.toBe(0);
      expect(`${none.stderr}\n${stranger.stderr}`).not.toContain('OK');
    });
  });
}
