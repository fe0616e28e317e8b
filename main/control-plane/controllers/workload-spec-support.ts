// Shared by the workload controllers' specs: a real API server (startApiHarness) with
// the controllers under test started in-process, polling with generous deadlines, a
// kwok-style helper that marks pods Ready through pods/status (a real API client: the
// issue allows it while no node agent runs), and the real kubectl (v1.32) run
// asynchronously against the harness (a blocking spawn would stall the in-process server).
import { execFile, execFileSync } from 'node:child_process';
import { join } from 'node:path';
import type { KubeObject } from '../../common/kube-types.js';
import type { ApiClient, ResourcePath } from '../../common/client/api-client.js';
import { Informer } from '../../common/client/informer.js';
import { issueClientCert, writeKubeconfig } from '../pki/index.js';
import type { ApiHarness } from '../testing/api-harness.js';
import { startApiHarness } from '../testing/api-harness.js';
import type { Pod } from './workload-types.js';
import { POD_PATH } from './workload-types.js';
import { isConflict, isNotFound, rfc3339 } from './workload-support.js';

export interface Startable {
  start(): void;
  stop(): void;
}

export interface WorkloadLab {
  harness: ApiHarness;
  admin: ApiClient;
  /** the controllers' own identity */
  controllerClient: ApiClient;
  add<T extends Startable>(c: T): T;
  /** controllers' sync errors (requeued with backoff), for a spec to inspect; WORKLOAD_DEBUG=1 prints them */
  errors: string[];
  onError: (key: string, e: unknown) => void;
  stop(): Promise<void>;
}

export async function startWorkloadLab(): Promise<WorkloadLab> {
  const harness = await startApiHarness();
  const controllerClient = await harness.clientFor('system:kube-controller-manager');
  const started: Startable[] = [];
  const errors: string[] = [];
  return {
    errors,
    onError: (key, e) => {
      const line = `${key}: ${e instanceof Error ? e.message : String(e)}`;
      errors.push(line);
      if (process.env.WORKLOAD_DEBUG) console.error(line);
    },
    harness,
    admin: harness.admin,
    controllerClient,
    add: (c) => {
      c.start();
      started.push(c);
      return c;
    },
    stop: async () => {
      for (const c of started.reverse()) c.stop();
      await harness.stop();
    },
  };
}

/** polls until check returns a value other than undefined/false, or fails with the last observation */
export async function waitFor<T>(what: string, check: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs = 60_000, intervalMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v !== undefined && v !== false) return v;
      last = v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last: ${last instanceof Error ? last.message : JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/**
 * A PATCH retried on 409. The API server here answers a PATCH that loses a race with a
 * controller's status write with a Conflict where kube-apiserver retries it (its patch
 * takes the live resourceVersion as a precondition; reported with these controllers),
 * so a spec must not depend on that timing.
 */
export async function patchRetrying(client: ApiClient, path: ResourcePath, name: string, body: unknown, type: 'merge' | 'strategic' = 'strategic', subresource?: string): Promise<void> {
  await waitFor(`patch ${name}`, async () => {
    try {
      await client.patch(path, name, body, type, subresource);
      return true;
    } catch (e) {
      if (isConflict(e)) return false;
      throw e;
    }
  });
}

export async function listPods(client: ApiClient, namespace: string, labelSelector?: string): Promise<Pod[]> {
  const list = await client.list<Pod>({ ...POD_PATH, namespace }, labelSelector ? { labelSelector } : {});
  return list.items;
}

/** what a kubelet reports for a started pod: Running and Ready */
export async function markPodReady(client: ApiClient, pod: Pod, now = Date.now()): Promise<void> {
  const t = rfc3339(now);
  const conditions = [
    { type: 'Initialized', status: 'True', lastProbeTime: null, lastTransitionTime: t },
    { type: 'Ready', status: 'True', lastProbeTime: null, lastTransitionTime: t },
    { type: 'ContainersReady', status: 'True', lastProbeTime: null, lastTransitionTime: t },
    { type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: t },
  ];
  try {
    await client.patch({ ...POD_PATH, namespace: pod.metadata.namespace }, pod.metadata.name ?? '', { status: { phase: 'Running', conditions } }, 'merge', 'status');
  } catch (e) {
    if (!isNotFound(e)) throw e;
  }
}

/** kwok-style: every new pod in the namespace turns Running+Ready after delayMs */
export function autoReady(client: ApiClient, namespace: string, delayMs: number): Startable {
  const informer = new Informer<Pod>(client, { ...POD_PATH, namespace });
  const timers = new Set<NodeJS.Timeout>();
  informer.on((e) => {
    if (e.type !== 'add' || e.obj.metadata.deletionTimestamp) return;
    if ((e.obj.status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True')) return;
    const t = setTimeout(() => {
      timers.delete(t);
      void markPodReady(client, e.obj).catch(() => undefined);
    }, delayMs);
    timers.add(t);
  });
  return {
    start: () => informer.start(),
    stop: () => {
      informer.stop();
      for (const t of timers) clearTimeout(t);
    },
  };
}

export interface KubectlResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface Kubectl {
  run(args: string[], env?: Record<string, string>, input?: string): Promise<KubectlResult>;
  /** stdout of a command that must succeed */
  ok(args: string[], env?: Record<string, string>): Promise<string>;
  kubeconfig: string;
}

function kubectlPath(): string {
  try {
    return execFileSync('sh', ['-c', 'command -v kubectl'], { encoding: 'utf8' }).trim();
  } catch {
    throw new Error('kubectl (v1.32) is required for this test and is not installed; install it with: apt-get install -y kubectl');
  }
}

/** the real kubectl against the harness, as kubernetes-admin */
export async function kubectlFor(harness: ApiHarness): Promise<Kubectl> {
  const bin = kubectlPath();
  const cert = await issueClientCert(harness.pki, { commonName: 'kubernetes-admin', organizations: ['system:masters'], signer: 'kubernetes' });
  const kubeconfig = join(harness.dir, 'admin.conf');
  await writeKubeconfig(kubeconfig, { clusterName: 'k8s-lab', server: harness.server.url, caPem: harness.pki.ca.certPem, user: 'kubernetes-admin', certPem: cert.certPem, keyPem: cert.keyPem });
  const run = (args: string[], env: Record<string, string> = {}, input?: string): Promise<KubectlResult> =>
    new Promise((resolve) => {
      const child = execFile(bin, args, { env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: harness.dir, KUBECONFIG: kubeconfig, ...env }, timeout: 120_000 }, (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
        resolve({ code, stdout, stderr });
      });
      if (input !== undefined) child.stdin?.end(input);
      else child.stdin?.end();
    });
  return {
    kubeconfig,
    run,
    ok: async (args, env) => {
      for (let attempt = 0; ; attempt++) {
        const r = await run(args, env);
        if (r.code === 0) return r.stdout;
        // a 409 means nothing was written: retry it, see patchRetrying for why it happens here
        if (attempt < 5 && r.stderr.includes('Operation cannot be fulfilled')) continue;
        throw new Error(`kubectl ${args.join(' ')} failed (${r.code}):\n${r.stderr}\n${r.stdout}`);
      }
    },
  };
}

/** kubectl's column output as rows of cells (columns are separated by 2+ spaces) */
export function table(text: string): string[][] {
  return text
    .trim()
    .split('\n')
    .map((l) => l.trim().split(/\s{2,}/));
}

export function ownerUids(obj: KubeObject): string[] {
  return (obj.metadata.ownerReferences ?? []).map((r) => r.uid);
}
