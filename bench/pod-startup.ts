// Pod startup latency on a real host node (own containerd, real CNI, the agent over CRI):
// `k8s-lab up --nodes 1 --provider host`, images preloaded by a warm-up pod, then 100
// pods created at BENCH_RATE pods/s; each one's create→Running time is observed through
// a watch (all containers started: the pod startup SLI; measured from the moment its
// POST returned, since creationTimestamp has only one-second resolution). Next to it,
// the floor on the same containerd in the same run: `ctr run --rm` of the same image.
// Last line: one JSON object (p50_s, p99_s, ctr_floor_p50_s, ratio_p50).
import { execFileSync, spawn } from 'node:child_process';
import { join } from 'node:path';
import { ApiClient } from '../main/common/client/api-client.js';
import type { KubeObject } from '../main/common/kube-types.js';
import { readKubeconfig } from '../main/control-plane/pki/index.js';
import { containerdPaths } from '../main/vm/host/containerd-config.js';

const PODS = Number(process.env.BENCH_PODS ?? 100);
const RATE = Number(process.env.BENCH_RATE ?? 5);
const IMAGE = 'docker.io/library/busybox:latest';
const tmp = process.env.BENCH_TMP ?? '/tmp';
const dataDir = join(tmp, 'lab');
const PODS_PATH = { group: '', version: 'v1', resource: 'pods', namespace: 'default' };

const pct = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] ?? NaN;
};
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

const lab = spawn(process.execPath, [join(process.cwd(), 'bin', 'k8s-lab.mjs'), 'up', '--data-dir', dataDir, '--nodes', '1', '--provider', 'host', '--port', '0', '--etcd-port', '0', '--node-cidr', '10.242.0.0/24', '--cluster-cidr', '10.246.0.0/16'], { stdio: ['ignore', 'pipe', 'inherit'] });
await new Promise<void>((resolve, reject) => {
  let buf = '';
  lab.stdout.on('data', (d: Buffer) => {
    buf += d.toString();
    if (buf.includes('ready kubeconfig=')) resolve();
  });
  lab.on('exit', (c) => reject(new Error(`k8s-lab up exited (${String(c)})`)));
});
const stopLab = async (): Promise<void> => {
  lab.kill('SIGTERM');
  await new Promise((r) => lab.once('exit', r));
};

try {
  const kc = await readKubeconfig(join(dataDir, 'kubeconfig'));
  const client = new ApiClient({ server: kc.server, caPem: kc.caPem, certPem: kc.certPem, keyPem: kc.keyPem, userAgent: 'bench-pod-startup' });
  const pod = (name: string): KubeObject => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, labels: { bench: 'pod-startup' } },
    spec: { terminationGracePeriodSeconds: 0, containers: [{ name: 'c', image: IMAGE, imagePullPolicy: 'IfNotPresent', command: ['sleep', '3600'] }] },
  });
  const started = new Map<string, number>();
  const running = new Map<string, number>();
  const isRunning = (o: KubeObject): boolean => {
    const st = o.status as { phase?: string; containerStatuses?: { state?: { running?: unknown } }[] } | undefined;
    return st?.phase === 'Running' && (st.containerStatuses ?? []).every((c) => c.state?.running);
  };
  const watch = client.watch(PODS_PATH, { labelSelector: 'bench=pod-startup' }, (e) => {
    const name = e.object.metadata.name ?? '';
    if (!running.has(name) && isRunning(e.object)) running.set(name, performance.now());
  });
  // warm-up: node Ready, pause and busybox pulled once (the pods below find them preloaded)
  for (;;) {
    try {
      await client.create(PODS_PATH, pod('warmup'));
      break;
    } catch {
      await sleep(500);
    }
  }
  while (!running.has('warmup')) await sleep(100);
  console.error('pod-startup: warm-up pod running; creating pods');
  for (let i = 0; i < PODS; i++) {
    const name = `p-${i}`;
    await client.create(PODS_PATH, pod(name));
    started.set(name, performance.now());
    await sleep(1000 / RATE);
  }
  const deadline = Date.now() + 300_000;
  while (running.size < PODS + 1 && Date.now() < deadline) await sleep(200);
  watch.stop();
  const latencies = [...started].map(([n, t]) => ((running.get(n) ?? NaN) - t) / 1000).filter((x) => !Number.isNaN(x));
  // the floor: ctr run of the same image on the node's containerd
  const sock = containerdPaths(join(dataDir, 'nodes', 'node-1')).socket;
  const floor: number[] = [];
  for (let i = 0; i < 20; i++) {
    const t = performance.now();
    execFileSync('ctr', ['-a', sock, '-n', 'k8s.io', 'run', '--rm', '--net-host', IMAGE, `floor-${i}`, 'true']);
    floor.push((performance.now() - t) / 1000);
  }
  await client.deleteCollection(PODS_PATH, { labelSelector: 'bench=pod-startup' });
  client.close();
  const result = {
    pods: PODS,
    created_per_s: RATE,
    running: latencies.length,
    p50_s: Number(pct(latencies, 50).toFixed(3)),
    p99_s: Number(pct(latencies, 99).toFixed(3)),
    ctr_floor_p50_s: Number(pct(floor, 50).toFixed(3)),
    ratio_p50: Number((pct(latencies, 50) / pct(floor, 50)).toFixed(2)),
  };
  await stopLab();
  console.log(JSON.stringify(result));
} catch (e) {
  await stopLab();
  throw e;
}
