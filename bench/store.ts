// Store throughput: the embedded store (fsync on) behind the etcd facade, against a
// real etcd (Debian etcd-server 3.4), both on loopback with mutual TLS, both driven
// by the same gRPC client (connectEtcd) with 1 KiB values: puts from 1 client and
// from 20 concurrent clients (one connection each), then single-key reads from 20.
//
// Our server runs in a worker thread: etcd has its own process and cores, so the
// facade should not share an event loop with the load generator either.
// Last line: one JSON object.
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { connectEtcd } from '../main/control-plane/store/etcd/etcd-client-backend.js';
import { startEtcdFacade } from '../main/control-plane/store/etcd/facade.js';
import { makeTestPki } from '../main/control-plane/store/etcd/testing/certs.js';
import type { TestPki } from '../main/control-plane/store/etcd/testing/certs.js';
import { startEtcd } from '../main/control-plane/store/etcd/testing/etcd-process.js';
import type { EtcdProcess } from '../main/control-plane/store/etcd/testing/etcd-process.js';
import { openStore } from '../main/control-plane/store/mvcc-store.js';
import type { KvBackend } from '../main/control-plane/store/types.js';

const PHASE_MS = Number(process.env.BENCH_PHASE_MS ?? 5000);
const VALUE = Buffer.alloc(1024, 'v');
const KEY_SPACE = 10_000;

interface OursData {
  dataDir: string;
  tls: { ca: Buffer; cert: Buffer; key: Buffer };
}

/** Worker side: open the store and serve the facade until told to stop. */
async function serveOurs(data: OursData): Promise<void> {
  const port = parentPort;
  if (!port) throw new Error('bench: worker without a parent port');
  const store = await openStore({ dataDir: data.dataDir, fsync: true });
  const facade = await startEtcdFacade({ backend: store, port: 0, tls: { ca: Buffer.from(data.tls.ca), cert: Buffer.from(data.tls.cert), key: Buffer.from(data.tls.key) } });
  port.once('message', () => {
    void (async () => {
      await facade.close();
      await store.close();
      port.postMessage('closed');
    })();
  });
  port.postMessage({ url: facade.url });
}

interface Phase {
  perSecond: number;
  p50: number;
  p99: number;
  ops: number;
}

function percentile(sorted: number[], p: number): number {
  return Number((sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? 0).toFixed(2));
}

/** Runs `op` in a loop on every client for PHASE_MS; each client waits for its previous answer. */
async function phase(clients: KvBackend[], op: (client: KvBackend, n: number) => Promise<unknown>): Promise<Phase> {
  const latencies: number[] = [];
  const started = performance.now();
  const end = started + PHASE_MS;
  let counter = 0;
  await Promise.all(
    clients.map(async (client) => {
      while (performance.now() < end) {
        const t = performance.now();
        await op(client, counter++);
        latencies.push(performance.now() - t);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return { perSecond: Math.round(latencies.length / seconds), p50: percentile(latencies, 50), p99: percentile(latencies, 99), ops: latencies.length };
}

async function drive(name: string, url: string, pki: TestPki): Promise<{ c1: Phase; c20: Phase; range: Phase }> {
  const clients = await Promise.all(Array.from({ length: 20 }, () => connectEtcd({ endpoints: [url], tls: pki.clientTls })));
  try {
    const [first] = clients;
    if (!first) throw new Error('bench: no client');
    const put = (client: KvBackend, n: number): Promise<unknown> => client.put(Buffer.from(`/bench/key-${n % KEY_SPACE}`), VALUE);
    // Warm up connections, TLS sessions and the JIT before anything is measured.
    await Promise.all(clients.map((c, i) => put(c, i)));
    for (let i = 0; i < 200; i++) await put(first, i);
    const c1 = await phase([first], put);
    console.log(`${name}: put, 1 client: ${c1.perSecond}/s (p50 ${c1.p50} ms, p99 ${c1.p99} ms)`);
    const c20 = await phase(clients, put);
    console.log(`${name}: put, 20 clients: ${c20.perSecond}/s (p50 ${c20.p50} ms, p99 ${c20.p99} ms)`);
    const range = await phase(clients, (client, n) => client.range(Buffer.from(`/bench/key-${n % 1000}`)));
    console.log(`${name}: range (1 key), 20 clients: ${range.perSecond}/s (p50 ${range.p50} ms, p99 ${range.p99} ms)`);
    return { c1, c20, range };
  } finally {
    await Promise.all(clients.map((c) => c.close()));
  }
}

async function main(): Promise<void> {
  const dir = await mkdtemp(join(process.env.BENCH_TMP ?? tmpdir(), 'store-bench-'));
  let worker: Worker | undefined;
  let etcd: EtcdProcess | undefined;
  try {
    const pki = await makeTestPki(dir);
    const loadBefore = loadavg()[0] ?? 0;
    // Both servers and the load generator share this machine's cores: a busy machine
    // (other builds, tests) moves these figures more than anything measured here.
    console.log(`store bench: ${PHASE_MS} ms per phase, 1 KiB values, mutual TLS on loopback, load average ${loadBefore.toFixed(2)}`);

    worker = new Worker(new URL(import.meta.url), { workerData: { dataDir: join(dir, 'ours'), tls: pki.tls } satisfies OursData });
    const ours = worker;
    const oursUrl = await new Promise<string>((resolve, reject) => {
      ours.once('message', (m: { url: string }) => resolve(m.url));
      ours.once('error', reject);
    });
    console.log(`ours: embedded store (fsync on) behind the facade at ${oursUrl}`);
    etcd = await startEtcd({ tls: { caFile: pki.caFile, certFile: pki.server.cert, keyFile: pki.server.key, clientTls: pki.clientTls } });
    console.log(`etcd: ${etcd.endpoint} (data in ${etcd.dataDir})`);

    const o = await drive('ours', oursUrl, pki);
    const e = await drive('etcd', etcd.endpoint, pki);
    const ratio = (a: number, b: number): number => Number((a / b).toFixed(2));
    console.log(
      JSON.stringify({
        ours_put_per_s_c1: o.c1.perSecond,
        etcd_put_per_s_c1: e.c1.perSecond,
        ours_put_per_s_c20: o.c20.perSecond,
        etcd_put_per_s_c20: e.c20.perSecond,
        ratio_put_c1: ratio(o.c1.perSecond, e.c1.perSecond),
        ratio_put_c20: ratio(o.c20.perSecond, e.c20.perSecond),
        ours_range_per_s: o.range.perSecond,
        etcd_range_per_s: e.range.perSecond,
        ratio_range: ratio(o.range.perSecond, e.range.perSecond),
        ours_put_p99_ms_c20: o.c20.p99,
        etcd_put_p99_ms_c20: e.c20.p99,
        phase_ms: PHASE_MS,
        load_avg_1m_start: Number(loadBefore.toFixed(2)),
        load_avg_1m_end: Number((loadavg()[0] ?? 0).toFixed(2)),
        value_bytes: VALUE.length,
      }),
    );
  } finally {
    if (worker) {
      const w = worker;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 5000);
        w.once('message', () => {
          clearTimeout(timer);
          resolve();
        });
        w.postMessage('close');
      });
      await w.terminate();
    }
    await etcd?.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

if (isMainThread) await main();
else await serveOurs(workerData as OursData);
