// API server latency: create, get, list (1k / 5k objects) and watch delivery at 1, 20
// and 100 concurrent clients, over HTTPS with client certificates, on the embedded
// store with fsync on. The clients run in a child process (as kubectl and controllers
// do). Request latencies are the Kubernetes API call latency SLI — measured by the
// server from request received to response written (apiserver_request_duration_seconds)
// — read from the control plane's trace; what the client observed (including its own
// queueing on the shared 2 cores) is reported beside them as client_*.
// Last line: one JSON object.
import { spawn } from 'node:child_process';

import { loadavg } from 'node:os';
import { ApiClient } from '../main/common/client/api-client.js';
import { issueClientCert } from '../main/control-plane/pki/index.js';
import { startApiHarness } from '../main/control-plane/testing/api-harness.js';
import { TraceBus } from '../main/control-plane/trace/trace-bus.js';
import type { KubeObject } from '../main/common/kube-types.js';

interface Conn {
  server: string;
  caPem: string;
  certPem: string;
  keyPem: string;
}

if (process.env.BENCH_ROLE === 'client') {
  const conn = JSON.parse(process.env.BENCH_CONN ?? '{}') as Conn;
  const result = await runClient(new ApiClient(conn));
  console.log(JSON.stringify(result));
  process.exit(0);
} else {
  const trace = new TraceBus();
  const h = await startApiHarness({ trace });
  const { pki, server } = h;
  // server-side latency per verb and namespace (each phase runs in its own namespace)
  const served = new Map<string, number[]>();
  trace.subscribe((e) => {
    if (e.kind !== 'request' || !e.namespace) return;
    const key = `${e.verb}:${e.namespace}`;
    const list = served.get(key) ?? [];
    list.push(e.ms);
    served.set(key, list);
  });
  const admin = await issueClientCert(pki, { commonName: 'bench', organizations: ['system:masters'], signer: 'kubernetes' });
  const conn: Conn = { server: server.url, caPem: pki.ca.certPem, certPem: admin.certPem, keyPem: admin.keyPem };
  const child = spawn(process.execPath, [process.argv[1] ?? ''], { env: { ...process.env, BENCH_ROLE: 'client', BENCH_CONN: JSON.stringify(conn) }, stdio: ['ignore', 'pipe', 'inherit'] });
  let last = '';
  child.stdout.on('data', (c: Buffer) => {
    const text = c.toString();
    process.stdout.write(text.split('\n').filter((l) => !l.startsWith('{')).join('\n'));
    for (const line of text.split('\n')) if (line.startsWith('{')) last = line;
  });
  const code = await new Promise<number | null>((r) => child.on('exit', r));
  await h.stop();
  if (code !== 0 || !last) {
    console.error(`bench client failed (exit ${String(code)})`);
    process.exit(1);
  }
  const client = JSON.parse(last) as Record<string, number>;
  const result: Record<string, number> = {};
  for (const c of [1, 20, 100]) {
    for (const verb of ['create', 'get'] as const) {
      const samples = served.get(`${verb}:bench-c${c}`) ?? [];
      result[`${verb}_p50_ms_c${c}`] = percentile(samples, 50);
      result[`${verb}_p99_ms_c${c}`] = percentile(samples, 99);
    }
  }
  for (const [label, ns] of [['list1k', 'bench-1k'], ['list5k', 'bench-5k']] as const) {
    const samples = served.get(`list:${ns}`) ?? [];
    result[`${label}_p50_ms`] = percentile(samples, 50);
    result[`${label}_p99_ms`] = percentile(samples, 99);
  }
  console.log(`server-side: create p99 c1 ${result.create_p99_ms_c1} ms, c20 ${result.create_p99_ms_c20} ms, c100 ${result.create_p99_ms_c100} ms; list5k p99 ${result.list5k_p99_ms} ms`);
  for (const [k, v] of Object.entries(client)) result[k.startsWith('watch') ? k : `client_${k}`] = v;
  result.target_create_p99_ms_c20 = 30;
  result.load_avg_1m = Number(loadavg()[0]?.toFixed(2));
  console.log(JSON.stringify(result));
}

function percentile(samples: number[], p: number): number {
  const s = [...samples].sort((a, b) => a - b);
  return s.length ? Number((s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] ?? 0).toFixed(2)) : 0;
}

async function timed(n: number, concurrency: number, op: (i: number) => Promise<unknown>): Promise<number[]> {
  const samples: number[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < n) {
        const i = next++;
        const t = performance.now();
        await op(i);
        samples.push(performance.now() - t);
      }
    }),
  );
  return samples;
}

async function runClient(client: ApiClient): Promise<Record<string, number>> {
  const cm = (ns: string) => ({ group: '', version: 'v1', resource: 'configmaps', namespace: ns });
  const body = (name: string): KubeObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, labels: { app: 'bench' } }, data: { payload: 'x'.repeat(512) } });

  for (const ns of ['bench-c1', 'bench-c20', 'bench-c100', 'bench-1k', 'bench-5k']) {
    await client.create({ group: '', version: 'v1', resource: 'namespaces' }, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
  }

  const result: Record<string, number> = {};
  for (const c of [1, 20, 100]) {
    const n = c === 1 ? 300 : 2000;
    const creates = await timed(n, c, (i) => client.create(cm(`bench-c${c}`), body(`cm-${i}`)));
    result[`create_p50_ms_c${c}`] = percentile(creates, 50);
    result[`create_p99_ms_c${c}`] = percentile(creates, 99);
    const gets = await timed(n, c, (i) => client.get(cm(`bench-c${c}`), `cm-${i % n}`));
    result[`get_p50_ms_c${c}`] = percentile(gets, 50);
    result[`get_p99_ms_c${c}`] = percentile(gets, 99);
    console.log(`c${c}: create p50 ${result[`create_p50_ms_c${c}`]} ms p99 ${result[`create_p99_ms_c${c}`]} ms; get p50 ${result[`get_p50_ms_c${c}`]} ms p99 ${result[`get_p99_ms_c${c}`]} ms`);
  }

  await timed(1000, 20, (i) => client.create(cm('bench-1k'), body(`cm-${i}`)));
  await timed(5000, 20, (i) => client.create(cm('bench-5k'), body(`cm-${i}`)));
  for (const [label, ns] of [['list1k', 'bench-1k'], ['list5k', 'bench-5k']] as const) {
    const lists = await timed(20, 1, () => client.list(cm(ns)));
    result[`${label}_p50_ms`] = percentile(lists, 50);
    result[`${label}_p99_ms`] = percentile(lists, 99);
    console.log(`${label}: p50 ${result[`${label}_p50_ms`]} ms p99 ${result[`${label}_p99_ms`]} ms`);
  }

  // watch delivery: time from sending a create to its ADDED event at each watcher
  const watchers = 20;
  const sent = new Map<string, number>();
  const delays: number[] = [];
  const handles = Array.from({ length: watchers }, () =>
    client.watch(cm('bench-watch'), { resourceVersion: '0' }, (e) => {
      const t = sent.get(e.object.metadata.name ?? '');
      if (e.type === 'ADDED' && t !== undefined) delays.push(performance.now() - t);
    }),
  );
  await client.create({ group: '', version: 'v1', resource: 'namespaces' }, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'bench-watch' } });
  await new Promise((r) => setTimeout(r, 300));
  await timed(500, 10, async (i) => {
    sent.set(`w-${i}`, performance.now());
    await client.create(cm('bench-watch'), body(`w-${i}`));
  });
  await new Promise((r) => setTimeout(r, 500));
  for (const h of handles) h.stop();
  result.watch_p50_ms = percentile(delays, 50);
  result.watch_p99_ms = percentile(delays, 99);
  result.watch_events = delays.length;
  result.watchers = watchers;
  console.log(`watch delivery to ${watchers} watchers: p50 ${result.watch_p50_ms} ms p99 ${result.watch_p99_ms} ms (${delays.length} events)`);

  client.close();
  return result;
}
