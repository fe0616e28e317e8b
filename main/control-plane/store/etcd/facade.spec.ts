// Facade details the etcdctl suite does not reach: the trace hook, the watch
// stream's own protocol (server-chosen and duplicate ids, progress with no watcher).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, credentials } from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../mvcc-store.js';
import type { MvccStore } from '../mvcc-store.js';
import { connectEtcd } from './etcd-client-backend.js';
import { startEtcdFacade } from './facade.js';
import type { EtcdFacade, FacadeTraceOp } from './facade.js';
import { etcdMethod } from './proto.js';
import type * as W from './wire.js';

describe('etcd facade', () => {
  let dir: string;
  let store: MvccStore;
  let facade: EtcdFacade;
  const traced: FacadeTraceOp[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'k8s-lab-facade-'));
    store = await openStore({ dataDir: dir, fsync: false });
    facade = await startEtcdFacade({ backend: store, port: 0, tls: undefined, trace: (op) => traced.push(op) });
  });
  afterAll(async () => {
    await facade.close();
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('reports each unary call to the trace hook with its key and revision', async () => {
    const kv = await connectEtcd({ endpoints: [facade.url] });
    try {
      traced.length = 0;
      const put = await kv.put(Buffer.from('/traced/a'), Buffer.from('1'));
      await kv.range(Buffer.from('/traced/a'));
      const put2 = traced.find((op) => op.method === 'Put');
      expect(put2).toMatchObject({ service: 'KV', method: 'Put', key: '/traced/a', revision: put.revision });
      expect(put2?.ms).toBeGreaterThanOrEqual(0);
      expect(traced.find((op) => op.method === 'Range')).toMatchObject({ service: 'KV', key: '/traced/a' });
    } finally {
      await kv.close();
    }
  });

  it('numbers watchers per stream from 0, refuses a duplicate id, answers progress with watch_id -1', async () => {
    const client = new Client(facade.url.replace('http://', ''), credentials.createInsecure());
    const def = etcdMethod<W.WatchRequest, W.WatchResponse>('Watch', 'Watch');
    const call = client.makeBidiStreamRequest(def.path, def.requestSerialize, def.responseDeserialize);
    const responses: W.WatchResponse[] = [];
    call.on('data', (r: W.WatchResponse) => responses.push(r));
    call.on('error', () => undefined);
    const wait = async (n: number): Promise<void> => {
      const deadline = Date.now() + 5000;
      while (responses.length < n) {
        if (Date.now() > deadline) throw new Error(`got ${responses.length} watch responses, wanted ${n}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    };
    try {
      call.write({ progress_request: {} });
      await wait(1);
      expect(responses[0]).toMatchObject({ watch_id: '-1', created: false });
      call.write({ create_request: { key: Buffer.from('/w/a') } });
      call.write({ create_request: { key: Buffer.from('/w/b') } });
      call.write({ create_request: { key: Buffer.from('/w/c'), watch_id: 1 } });
      await wait(4);
      expect(responses.slice(1).map((r) => [r.watch_id, r.created, r.canceled])).toEqual([
        ['0', true, false],
        ['1', true, false],
        ['1', true, true],
      ]);
      expect(responses[3]?.cancel_reason).toContain('duplicate watch ID');
      call.write({ cancel_request: { watch_id: 0 } });
      await wait(5);
      expect(responses[4]).toMatchObject({ watch_id: '0', canceled: true });
    } finally {
      call.cancel();
      client.close();
    }
  });
});
