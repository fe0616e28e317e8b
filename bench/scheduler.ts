// Scheduler throughput end to end through the API: 500 nodes (kwok-style Node objects
// with status set through the API) and 5,000 pods created through the API, scheduled
// and bound through pods/binding by the real scheduler. The API server and the scheduler
// run in this process, as in the product's main process; the pod creator and the watch
// that observes bindings run in a child process, like kubectl. Reports pods/s from the
// first create to the last binding seen by the watch, and create→bound latency, next to
// kube-scheduler's published SchedulingBasic floor. Last line: one JSON object.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { KubeObject } from '../main/common/kube-types.js';
import { ApiClient } from '../main/common/client/api-client.js';
import { issueClientCert } from '../main/control-plane/pki/index.js';
import { startApiHarness } from '../main/control-plane/testing/api-harness.js';
import { startScheduler } from '../main/control-plane/scheduler/index.js';

const NODES = Number(process.env.BENCH_NODES ?? 500);
const PODS = Number(process.env.BENCH_PODS ?? 5000);
const CREATE_CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 32);

interface Conn {
  server: string;
  caPem: string;
  certPem: string;
  keyPem: string;
}

if (process.env.BENCH_ROLE === 'client') {
  const conn = JSON.parse(process.env.BENCH_CONN ?? '{}') as Conn;
  const result = await runClient(new ApiClient({ ...conn, userAgent: 'bench-client' }));
  console.log(JSON.stringify(result));
  process.exit(0);
} else {
  await runParent();
}

async function runParent(): Promise<void> {
  const h = await startApiHarness();
  const { pki, server } = h;
  const schedCert = await issueClientCert(pki, { commonName: 'system:kube-scheduler', organizations: [], signer: 'kubernetes' });
  const schedClient = new ApiClient({ server: server.url, caPem: pki.ca.certPem, certPem: schedCert.certPem, keyPem: schedCert.keyPem, userAgent: 'kube-scheduler/v1.32 (k8s-lab bench)' });
  const errors: string[] = [];
  const scheduler = startScheduler(schedClient, { onError: (ctx, e) => errors.push(`${ctx}: ${e instanceof Error ? e.message : String(e)}`) });
  await scheduler.synced();
  const admin = await issueClientCert(pki, { commonName: 'bench', organizations: ['system:masters'], signer: 'kubernetes' });
  const conn: Conn = { server: server.url, caPem: pki.ca.certPem, certPem: admin.certPem, keyPem: admin.keyPem };
  const child = spawn(process.execPath, [process.argv[1] ?? ''], {
    env: { ...process.env, BENCH_ROLE: 'client', BENCH_CONN: JSON.stringify(conn) },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  let last = '';
  let cpuAtGo: NodeJS.CpuUsage | undefined;
  const lines = createInterface({ input: child.stdout });
  lines.on('line', (line) => {
    if (line.startsWith('{')) last = line;
    else if (line === 'NODES_CREATED') {
      // the pods start once the scheduler has every node with its allocatable, as scheduler_perf waits for its nodes
      void (async () => {
        while (scheduler.nodes().filter((n) => n.ready && n.allocatable.pods > 0).length < NODES) await new Promise((r) => setTimeout(r, 50));
        console.log(`scheduler sees ${NODES} ready nodes`);
        // open the scheduler client's connections first: a TLS connection setup is not scheduling work
        await Promise.all(Array.from({ length: 64 }, () => schedClient.list({ group: '', version: 'v1', resource: 'pods', namespace: 'bench' }, { limit: '1' })));
        cpuAtGo = process.cpuUsage();
        child.stdin.write('GO\n');
      })();
    } else console.log(line);
  });
  const code = await new Promise<number | null>((r) => child.on('exit', r));
  const cpu = process.cpuUsage(cpuAtGo);
  const stats = scheduler.stats();
  scheduler.stop();
  await scheduler.drain();
  // every binding also wrote its Scheduled event (events trail the bindings; drain waited for them)
  const events = await schedClient.list({ group: '', version: 'v1', resource: 'events', namespace: 'bench' });
  const scheduledEvents = events.items.filter((e) => e.reason === 'Scheduled').length;
  schedClient.close();
  await h.stop();
  if (code !== 0 || !last) {
    console.error(`bench client failed (exit ${String(code)})`);
    process.exit(1);
  }
  if (errors.length) console.log(`scheduler errors: ${errors.length} (first: ${errors[0] ?? ''})`);
  console.log(`scheduler queues at the end: ${JSON.stringify(stats)}`);
  const result = JSON.parse(last) as Record<string, number>;
  // CPU per pod in this process (API server + scheduler) and in the client, to see where the 2 cores go
  result.server_and_scheduler_cpu_ms_per_pod = Number(((cpu.user + cpu.system) / 1000 / PODS).toFixed(2));
  console.log(`Scheduled events written: ${scheduledEvents}`);
  console.log(JSON.stringify({ ...result, scheduled_events: scheduledEvents, scheduler_errors: errors.length, nodes: NODES, pods: PODS, kube_scheduler_perf_floor_pods_per_s: 680 }));
}

function percentile(samples: number[], p: number): number {
  const s = [...samples].sort((a, b) => a - b);
  return s.length ? Number((s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] ?? 0).toFixed(1)) : 0;
}

async function pool(n: number, concurrency: number, op: (i: number) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < n) await op(next++);
    }),
  );
}

function nodeObject(i: number): KubeObject {
  const name = `node-${i}`;
  return { apiVersion: 'v1', kind: 'Node', metadata: { name, labels: { 'kubernetes.io/hostname': name, 'kubernetes.io/os': 'linux' } }, spec: {} };
}

/** scheduler_perf's pod-default.yaml: one pause container requesting 100m cpu and 500Mi */
function podObject(i: number): KubeObject {
  const resources = { cpu: '100m', memory: '500Mi' };
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: `pod-${i}`, namespace: 'bench' },
    spec: { containers: [{ name: 'pause', image: 'registry.k8s.io/pause:3.10', ports: [{ containerPort: 80 }], resources: { requests: resources, limits: resources } }] },
  };
}

async function runClient(client: ApiClient): Promise<Record<string, number>> {
  const nodes = { group: '', version: 'v1', resource: 'nodes' };
  const pods = { group: '', version: 'v1', resource: 'pods', namespace: 'bench' };
  await client.create({ group: '', version: 'v1', resource: 'namespaces' }, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'bench' } });

  // node-default.yaml: 4 cpus, 32Gi, 110 pods
  const resources = { cpu: '4', memory: '32Gi', pods: '110' };
  const t0 = performance.now();
  await pool(NODES, 16, async (i) => {
    await client.create(nodes, nodeObject(i));
    const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
    await client.patch(nodes, `node-${i}`, { status: { capacity: resources, allocatable: resources, conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady', lastHeartbeatTime: now, lastTransitionTime: now }] } }, 'strategic', 'status');
  });
  console.log(`${NODES} nodes created in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  console.log('NODES_CREATED');
  await new Promise<void>((resolve) => {
    const rl = createInterface({ input: process.stdin });
    rl.on('line', (l) => {
      if (l === 'GO') {
        rl.close();
        resolve();
      }
    });
  });

  const sent = new Map<string, number>();
  const latencies: number[] = [];
  let lastBound = 0;
  let done!: () => void;
  const allBound = new Promise<void>((r) => (done = r));
  // only bound pods: a pod enters this watch when its binding lands
  const bound = { fieldSelector: 'spec.nodeName!=' };
  const list = await client.list(pods, bound);
  const watch = client.watch(pods, { ...bound, resourceVersion: list.metadata.resourceVersion ?? '0' }, (e) => {
    if (e.type !== 'ADDED' && e.type !== 'MODIFIED') return;
    const name = e.object.metadata.name ?? '';
    const start = sent.get(name);
    if (start === undefined || !((e.object.spec ?? {}) as { nodeName?: string }).nodeName) return;
    sent.delete(name);
    lastBound = performance.now();
    latencies.push(lastBound - start);
    if (latencies.length === PODS) done();
  });
  // the same for this client's connections, before the clock starts
  await Promise.all(Array.from({ length: CREATE_CONCURRENCY }, () => client.list(pods, { limit: '1' })));
  await new Promise((r) => setTimeout(r, 200));

  const first = performance.now();
  const cpuAtFirst = process.cpuUsage();
  const progress = setInterval(() => {
    const s = (performance.now() - first) / 1000;
    console.log(`${s.toFixed(0)} s: ${latencies.length}/${PODS} bound (${(latencies.length / s).toFixed(0)} pods/s)`);
  }, 2000);
  await pool(PODS, CREATE_CONCURRENCY, async (i) => {
    sent.set(`pod-${i}`, performance.now());
    await client.create(pods, podObject(i));
  });
  const created = performance.now();
  console.log(`${PODS} pods created in ${((created - first) / 1000).toFixed(1)} s (${(PODS / ((created - first) / 1000)).toFixed(0)} creates/s)`);
  const timeout = setTimeout(() => {
    console.log(`giving up: ${latencies.length}/${PODS} bound after 600 s`);
    done();
  }, 600_000);
  await allBound;
  clearTimeout(timeout);
  clearInterval(progress);
  watch.stop();
  client.close();
  const seconds = (lastBound - first) / 1000;
  const cpu = process.cpuUsage(cpuAtFirst);
  console.log(`${latencies.length} pods bound in ${seconds.toFixed(1)} s`);
  return {
    pods_per_s: Number((latencies.length / seconds).toFixed(1)),
    bound: latencies.length,
    seconds: Number(seconds.toFixed(2)),
    create_to_bound_p50_ms: percentile(latencies, 50),
    create_to_bound_p99_ms: percentile(latencies, 99),
    client_cpu_ms_per_pod: Number(((cpu.user + cpu.system) / 1000 / PODS).toFixed(2)),
  };
}
