// kubectl logs / exec / attach / port-forward end to end, as on a real cluster:
// real kubectl 1.32 → our API server (upgrade proxy) → our kubelet server on TLS with
// client certificates → a real containerd 1.6's CRI streaming server → a busybox pod
// (host network, so no CNI). Both of kubectl's transports are driven: WebSocket
// (v5.channel.k8s.io; SPDY tunnelled in WebSocket for port-forward) and its SPDY
// fallback (KUBECTL_REMOTE_COMMAND_WEBSOCKETS / KUBECTL_PORT_FORWARD_WEBSOCKETS=false).
import { spawn } from 'node:child_process';
import { request as httpsRequest } from 'node:https';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectCri } from '../../agent/cri/cri-client.js';
import type { CriClient } from '../../agent/cri/cri-client.js';
import type { CriInput, PodSandboxConfig } from '../../agent/cri/types.js';
import { kubeletErrors, startKubeletServer } from '../../agent/server/index.js';
import type { KubeletRuntime, KubeletServer } from '../../agent/server/index.js';
import type { ApiClientError } from '../../main/common/client/api-client.js';
import { projectRoot } from '../../main/assets.js';
import { startApiHarness } from '../../main/control-plane/testing/api-harness.js';
import type { ApiHarness } from '../../main/control-plane/testing/api-harness.js';
import { issueClientCert, issueServerCert, writeKubeconfig } from '../../main/control-plane/pki/index.js';
import { startContainerd } from '../../main/vm/host/containerd.js';
import type { ContainerdHandle } from '../../main/vm/host/containerd.js';
import { buildBusyboxLayout, importLayout, labImagesLayout, requireContainerdTools, startRecordingRegistry } from './support/containerd.js';
import type { RecordingRegistry } from './support/containerd.js';
import { requireTool } from './support/tools.js';

const PAUSE = 'registry.k8s.io/pause:3.6';
const BUSYBOX = 'docker.io/library/busybox:latest';
const NS = 'default';
const POD = 'web';
const NODE = `node-${process.pid}`;
/** host network: a port of this machine, picked at random (other tests run beside us) */
const HTTP_PORT = 20_000 + Math.floor(Math.random() * 20_000);

const CONTAINERS: { name: string; script: string; stdin?: boolean; later?: boolean }[] = [
  { name: 'main', script: `mkdir -p /tmp/www; echo hello-through-the-tunnel > /tmp/www/index.html; echo started; exec busybox httpd -f -p ${HTTP_PORT} -h /tmp/www` },
  { name: 'logger', script: 'echo line1; echo line2; sleep 0.3; echo oops >&2; sleep 0.3; echo line3; exec sleep 3600' },
  // started by the follow test: writes for a few seconds, then ends, and follow with it
  { name: 'short', script: 'sleep 1; for i in 1 2 3; do echo tick $i; sleep 1; done', later: true },
  { name: 'reader', script: 'read line; echo "got $line"', stdin: true },
];

let dir: string;
let registry: RecordingRegistry;
let containerd: ContainerdHandle | undefined;
let cri: CriClient;
let api: ApiHarness | undefined;
let kubelet: KubeletServer | undefined;
let kubeconfig: string;
let kubectlPath: string;
let podSandboxId = '';
const ids = new Map<string, string>();
const serverLog: string[] = [];

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** kubectl runs as a child process: async, since our servers live in this event loop */
function run(cmd: string, args: string[], opts: { input?: string; env?: Record<string, string>; timeoutMs?: number } = {}): Promise<Run> {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { env: { ...process.env, ...opts.env }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 30_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, ms: Date.now() - started });
    });
    if (opts.input !== undefined) child.stdin.end(opts.input);
  });
}

function kubectl(args: string[], opts: { input?: string; env?: Record<string, string>; timeoutMs?: number } = {}): Promise<Run> {
  return run(kubectlPath, ['--kubeconfig', kubeconfig, '-n', NS, ...args], opts);
}

const SPDY_ONLY = { KUBECTL_REMOTE_COMMAND_WEBSOCKETS: 'false', KUBECTL_PORT_FORWARD_WEBSOCKETS: 'false' };

/** the upgrades the kubelet server received while fn ran: "exec websocket v5.channel.k8s.io", "exec SPDY/3.1" */
async function upgradesDuring<T>(fn: () => Promise<T>): Promise<{ result: T; upgrades: string[] }> {
  const from = serverLog.length;
  const result = await fn();
  const upgrades = serverLog.slice(from).flatMap((l) => {
    const m = /^kubelet server: (exec|attach|portForward) \S+ \((\S+) ?(.*)\)$/.exec(l);
    return m ? [`${m[1] ?? ''} ${m[2] ?? ''}${m[3] ? ` ${m[3]}` : ''}`] : [];
  });
  return { result, upgrades };
}

function expectedUpgrade(kind: string, env: Record<string, string>): string {
  if (kind === 'portForward') return env === SPDY_ONLY ? 'portForward SPDY/3.1' : 'portForward websocket SPDY/3.1+portforward.k8s.io';
  return env === SPDY_ONLY ? `${kind} SPDY/3.1` : `${kind} websocket v5.channel.k8s.io`;
}

/** the kubelet's view of the pod, over CRI — what the agent's kubelet will do with its pod cache */
const runtime: KubeletRuntime = {
  async resolveContainer(namespace, pod, container) {
    if (namespace !== NS || pod !== POD) throw kubeletErrors.podNotFound(pod);
    const id = ids.get(container);
    if (!id) throw kubeletErrors.containerNotInPod(container, pod);
    const { status } = await cri.containerStatus({ containerId: id });
    return { containerId: id, podSandboxId, logPath: status?.logPath ?? '', running: status?.state === 'CONTAINER_RUNNING' };
  },
  resolvePod(namespace, pod) {
    if (namespace !== NS || pod !== POD) return Promise.reject(kubeletErrors.podDoesNotExist());
    return Promise.resolve({ podSandboxId });
  },
  async isRunning(containerId) {
    const { status } = await cri.containerStatus({ containerId });
    return status?.state === 'CONTAINER_RUNNING';
  },
  exec: (containerId, cmd, f) => cri.exec({ containerId, cmd, tty: f.tty, stdin: f.stdin, stdout: f.stdout, stderr: f.stderr }),
  attach: (containerId, f) => cri.attach({ containerId, tty: f.tty, stdin: f.stdin, stdout: f.stdout, stderr: f.stderr }),
  portForward: (id, port) => cri.portForward({ podSandboxId: id, port }),
};

async function startContainer(name: string): Promise<void> {
  const c = CONTAINERS.find((x) => x.name === name);
  if (!c) throw new Error(`no container ${name}`);
  const { containerId } = await cri.createContainer({
    podSandboxId,
    sandboxConfig: sandboxConfig(),
    config: {
      metadata: { name: c.name, attempt: 0 },
      image: { image: BUSYBOX },
      command: ['/bin/busybox', 'sh', '-c', c.script],
      logPath: `${c.name}/0.log`,
      stdin: c.stdin ?? false,
      stdinOnce: c.stdin ?? false,
    },
  });
  await cri.startContainer({ containerId });
  ids.set(c.name, containerId);
}

function sandboxConfig(): CriInput<PodSandboxConfig> {
  return {
    metadata: { name: POD, uid: `uid-${process.pid}`, namespace: NS, attempt: 0 },
    logDirectory: join(dir, 'pods', POD),
    linux: { securityContext: { namespaceOptions: { network: 'NODE', pid: 'CONTAINER', ipc: 'POD' } } },
  };
}

beforeAll(async () => {
  requireContainerdTools();
  kubectlPath = requireTool('kubectl');
  requireTool('script');
  requireTool('curl');
  dir = mkdtempSync(join(tmpdir(), `k8slab-streaming-${process.pid}-`));
  registry = await startRecordingRegistry(); // pulls go nowhere else; images are imported
  containerd = await startContainerd({ dir: join(dir, 'node'), registryUrl: registry.url, log: (l) => serverLog.push(`containerd: ${l}`) });
  cri = connectCri(containerd.socket);
  const layout =
    labImagesLayout(projectRoot()) ??
    buildBusyboxLayout(join(dir, 'image-work'), [
      { ref: PAUSE, cmd: ['/bin/sleep', '2147483647'] },
      { ref: BUSYBOX, cmd: ['sh'] },
    ]);
  importLayout(containerd.socket, layout, dir);

  podSandboxId = (await cri.runPodSandbox({ config: sandboxConfig() })).podSandboxId;
  for (const c of CONTAINERS) if (!c.later) await startContainer(c.name);

  api = await startApiHarness();
  const pki = api.pki;
  const serving = await issueServerCert(pki, { commonName: `system:node:${NODE}`, dns: ['localhost'], ips: ['127.0.0.1'], signer: 'kubernetes' });
  kubelet = await startKubeletServer({
    host: '127.0.0.1',
    port: 0,
    tls: { cert: serving.certPem, key: serving.keyPem, clientCa: pki.ca.certPem },
    runtime,
    followPollMs: 100,
    log: (l) => serverLog.push(l),
  });
  const admin = await issueClientCert(pki, { commonName: 'kubernetes-admin', organizations: ['system:masters'], signer: 'kubernetes' });
  kubeconfig = join(dir, 'admin.conf');
  await writeKubeconfig(kubeconfig, { clusterName: 'k8s-lab', server: api.server.url, caPem: pki.ca.certPem, user: 'kubernetes-admin', certPem: admin.certPem, keyPem: admin.keyPem });

  const nodes = { group: '', version: 'v1', resource: 'nodes' };
  await api.admin.create(nodes, {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name: NODE },
    status: {
      addresses: [{ type: 'InternalIP', address: '127.0.0.1' }, { type: 'Hostname', address: NODE }],
      daemonEndpoints: { kubeletEndpoint: { Port: kubelet.port } },
    },
  });
  const node = await api.admin.get(nodes, NODE);
  if (!(node.status as { daemonEndpoints?: unknown } | undefined)?.daemonEndpoints) {
    await api.admin.update(nodes, { ...node, status: { addresses: [{ type: 'InternalIP', address: '127.0.0.1' }], daemonEndpoints: { kubeletEndpoint: { Port: kubelet.port } } } }, 'status');
  }
  const pods = { group: '', version: 'v1', resource: 'pods', namespace: NS };
  await api.admin.create(pods, {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: POD, namespace: NS },
    spec: { nodeName: NODE, containers: CONTAINERS.map((c) => ({ name: c.name, image: 'busybox', stdin: c.stdin ?? false, stdinOnce: c.stdin ?? false })) },
  });
  const pod = await api.admin.get(pods, POD);
  await api.admin.update(pods, { ...pod, status: { phase: 'Running', hostIP: '127.0.0.1', podIP: '127.0.0.1' } }, 'status');
  // the logger has written its lines and the web server listens
  await waitFor(async () => (await kubectl(['logs', POD, '-c', 'logger'])).stdout.includes('line3'));
}, 180_000);

afterAll(async () => {
  try {
    await kubelet?.close();
    await api?.stop();
    cri?.close();
    await containerd?.stop();
  } finally {
    await registry?.close();
    rmSync(dir, { recursive: true, force: true });
  }
}, 120_000);

async function waitFor(cond: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error(`condition not met in ${timeoutMs} ms; server log:\n${serverLog.slice(-30).join('\n')}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('kubectl logs through the API server and the kubelet server', () => {
  it('prints the container log, stdout and stderr interleaved', async () => {
    const r = await kubectl(['logs', POD, '-c', 'logger']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('line1\nline2\noops\nline3\n');
  });

  it('honours --tail, --timestamps, --limit-bytes and --since', async () => {
    expect((await kubectl(['logs', POD, '-c', 'logger', '--tail=2'])).stdout).toBe('oops\nline3\n');
    const ts = (await kubectl(['logs', POD, '-c', 'logger', '--timestamps'])).stdout.trim().split('\n');
    expect(ts).toHaveLength(4);
    for (const line of ts) expect(line).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d) (line\d|oops)$/);
    expect((await kubectl(['logs', POD, '-c', 'logger', '--limit-bytes=8'])).stdout).toBe('line1\nli');
    expect((await kubectl(['logs', POD, '-c', 'logger', '--since-time=2999-01-01T00:00:00Z'])).stdout).toBe('');
    expect((await kubectl(['logs', POD, '-c', 'logger', '--since=1h'])).stdout).toBe('line1\nline2\noops\nline3\n');
  });

  it('follows a log with -f until the container exits', async () => {
    await startContainer('short');
    const r = await kubectl(['logs', '-f', POD, '-c', 'short'], { timeoutMs: 30_000 });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('tick 1\ntick 2\ntick 3\n');
    // it waited for the lines written after it started, then ended with the container
    expect(r.ms).toBeGreaterThan(2000);
    expect(await runtime.isRunning(ids.get('short') ?? '')).toBe(false);
  });

  it('answers --previous as the kubelet does when there is no previous instance', async () => {
    const r = await kubectl(['logs', POD, '-c', 'logger', '--previous']);
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toBe(`Error from server (BadRequest): previous terminated container "logger" in pod "${POD}" not found`);
  });

  it('refuses a container the pod does not have (kubectl checks first, the API server too)', async () => {
    const r = await kubectl(['logs', POD, '-c', 'nope']);
    expect(r.stderr.trim()).toBe(`error: container nope is not valid for pod ${POD}`);
    const raw = await api?.admin.request('GET', `/api/v1/namespaces/${NS}/pods/${POD}/log?container=nope`).then(() => undefined, (e: unknown) => e);
    expect((raw as ApiClientError).status).toMatchObject({ code: 400, reason: 'BadRequest', message: `container nope is not valid for pod ${POD}` });
  });
});

describe.each([
  ['WebSocket (v5.channel.k8s.io)', {}],
  ['SPDY (fallback)', SPDY_ONLY],
])('kubectl exec over %s', (_name, env: Record<string, string>) => {
  it('runs a command and prints its output', async () => {
    const { result: r, upgrades } = await upgradesDuring(() => kubectl(['exec', POD, '-c', 'main', '--', 'echo', 'hi'], { env }));
    // one upgrade, in the protocol asked for: no silent fallback
    expect(upgrades).toEqual([expectedUpgrade('exec', env)]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('hi\n');
  });

  it('keeps stdout and stderr apart', async () => {
    const r = await kubectl(['exec', POD, '-c', 'main', '--', 'sh', '-c', 'echo out; echo err >&2'], { env });
    expect(r.stdout).toBe('out\n');
    expect(r.stderr).toBe('err\n');
  });

  it('exits with the command exit code', async () => {
    const r = await kubectl(['exec', POD, '-c', 'main', '--', 'sh', '-c', 'exit 3'], { env });
    expect(r.code).toBe(3);
    expect(r.stderr).toBe('command terminated with exit code 3\n');
  });

  it('passes piped stdin through and closes it at EOF (-i)', async () => {
    const { result: r, upgrades } = await upgradesDuring(() => kubectl(['exec', '-i', POD, '-c', 'main', '--', 'sh', '-c', 'cat; echo "<eof>"'], { env, input: 'piped\ndata\n', timeoutMs: 20_000 }));
    expect(upgrades).toEqual([expectedUpgrade('exec', env)]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('piped\ndata\n<eof>\n');
  });

  it('drives an interactive shell on a terminal (-it)', async () => {
    const { result: r, upgrades } = await upgradesDuring(() => interactive(['exec', '-it', POD, '-c', 'main', '--', 'sh'], env, ['stty size; echo $((6*7))', 'exit']));
    expect(upgrades).toEqual([expectedUpgrade('exec', env)]);
    expect(r.code, `${r.stdout}\n${r.stderr}`).toBe(0);
    expect(r.stdout).toContain('42');
    // the terminal size kubectl sent on the resize channel reached the container's tty
    expect(r.stdout).toMatch(/\b33 101\b/);
  });

  it('reports a container that does not run as the kubelet does', async () => {
    await waitFor(async () => !(await runtime.isRunning(ids.get('short') ?? '')), 30_000);
    const r = await kubectl(['exec', POD, '-c', 'short', '--', 'true'], { env });
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toBe('error: unable to upgrade connection: container not found ("short")');
  });
});

describe('kubectl attach', () => {
  it('sends stdin to the container and prints what it writes', async () => {
    const { result: r, upgrades } = await upgradesDuring(() => kubectl(['attach', '-i', POD, '-c', 'reader'], { input: 'hello\n', timeoutMs: 20_000 }));
    expect(upgrades).toEqual([expectedUpgrade('attach', {})]);
    expect(r.stdout).toContain('got hello');
  });
});

describe.each([
  ['SPDY tunnelled in WebSocket', {}],
  ['SPDY (fallback)', SPDY_ONLY],
])('kubectl port-forward over %s', (_name, env: Record<string, string>) => {
  it('forwards a local port to the pod', async () => {
    const from = serverLog.length;
    const child = spawn(kubectlPath, ['--kubeconfig', kubeconfig, '-n', NS, 'port-forward', `pod/${POD}`, `:${HTTP_PORT}`], { env: { ...process.env, ...env } });
    try {
      let out = '';
      child.stdout.on('data', (c: Buffer) => (out += c.toString()));
      child.stderr.on('data', (c: Buffer) => (out += c.toString()));
      await waitFor(() => Promise.resolve(/Forwarding from 127\.0\.0\.1:\d+/.test(out)));
      const local = /Forwarding from 127\.0\.0\.1:(\d+) -> (\d+)/.exec(out);
      expect(local?.[2]).toBe(String(HTTP_PORT));
      for (let i = 0; i < 3; i++) {
        // a new stream pair per connection, on the same session
        const r = await run('curl', ['-sS', '--max-time', '10', `http://127.0.0.1:${local?.[1] ?? ''}/`]);
        expect(r.stderr).toBe('');
        expect(r.stdout).toBe('hello-through-the-tunnel\n');
      }
      expect(out).toContain(`Handling connection for ${local?.[1] ?? ''}`);
      expect(serverLog.slice(from).filter((l) => l.startsWith('kubelet server: portForward'))).toEqual([`kubelet server: portForward ${NS}/${POD} (${expectedUpgrade('portForward', env).replace('portForward ', '')})`]);
    } finally {
      child.kill('SIGTERM');
    }
  });
});

/** a request straight to the kubelet server, with a client certificate for `user` (or none) */
async function kubeletGet(path: string, user?: { name: string; groups: string[] }): Promise<{ code: number; body: string }> {
  const pki = api?.pki;
  if (!pki || !kubelet) throw new Error('not started');
  const cert = user ? await issueClientCert(pki, { commonName: user.name, organizations: user.groups, signer: 'kubernetes' }) : undefined;
  return new Promise((resolve, reject) => {
    const req = httpsRequest({ host: '127.0.0.1', port: kubelet?.port, path, ca: pki.ca.certPem, cert: cert?.certPem, key: cert?.keyPem, agent: false }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ code: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('the kubelet server itself', () => {
  it('serves the API server\'s kubelet client and refuses other users and anonymous clients', async () => {
    const apiserver = { name: 'kube-apiserver-kubelet-client', groups: ['system:masters'] };
    expect(await kubeletGet('/healthz', apiserver)).toEqual({ code: 200, body: 'ok' });
    const logs = await kubeletGet(`/containerLogs/${NS}/${POD}/logger?tailLines=1`, apiserver);
    expect(logs).toEqual({ code: 200, body: 'line3\n' });
    expect(await kubeletGet(`/containerLogs/${NS}/${POD}/logger`, { name: 'system:node:other', groups: ['system:nodes'] })).toEqual({
      code: 403,
      body: 'Forbidden (user=system:node:other, verb=get, resource=nodes, subresource=proxy)',
    });
    // no client certificate: the TLS handshake itself fails (requestCert + rejectUnauthorized)
    await expect(kubeletGet('/healthz')).rejects.toThrow();
  });

  it('answers unknown pods, containers and paths as the kubelet does', async () => {
    const apiserver = { name: 'kube-apiserver-kubelet-client', groups: ['system:masters'] };
    expect(await kubeletGet(`/containerLogs/${NS}/nope/c`, apiserver)).toEqual({ code: 404, body: 'pod "nope" does not exist' });
    expect(await kubeletGet(`/containerLogs/${NS}/${POD}/nope`, apiserver)).toEqual({ code: 404, body: `container "nope" not found in pod "${POD}"` });
    expect(await kubeletGet(`/containerLogs/${NS}/${POD}/logger?tailLines=-1`, apiserver)).toEqual({ code: 400, body: 'tailLines: Invalid value: -1: must be greater than or equal to 0' });
    expect(await kubeletGet(`/exec/${NS}/${POD}/main?command=true&output=1`, apiserver)).toEqual({ code: 400, body: 'Upgrade request required' });
    expect(await kubeletGet('/metrics', apiserver)).toEqual({ code: 404, body: '404 page not found' });
  });
});

describe('a node whose kubelet cannot be reached', () => {
  it('answers logs and exec with the API server\'s dial error, as a Status', async () => {
    // a port nothing listens on
    const probe = createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const port = (probe.address() as AddressInfo).port;
    await new Promise((r) => probe.close(r));
    const admin = api?.admin;
    if (!admin) throw new Error('no API server');
    const nodes = { group: '', version: 'v1', resource: 'nodes' };
    const node = await admin.create(nodes, { apiVersion: 'v1', kind: 'Node', metadata: { name: `${NODE}-gone` } });
    await admin.update(nodes, { ...node, status: { addresses: [{ type: 'InternalIP', address: '127.0.0.1' }], daemonEndpoints: { kubeletEndpoint: { Port: port } } } }, 'status');
    const pods = { group: '', version: 'v1', resource: 'pods', namespace: NS };
    await admin.create(pods, { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'orphan', namespace: NS }, spec: { nodeName: `${NODE}-gone`, containers: [{ name: 'c', image: 'busybox' }] } });
    const pod = await admin.get(pods, 'orphan');
    await admin.update(pods, { ...pod, status: { phase: 'Running' } }, 'status');
    const dial = `dial tcp 127.0.0.1:${port}: connect: connection refused`;
    const logs = await kubectl(['logs', 'orphan']);
    expect(logs.code).toBe(1);
    expect(logs.stderr.trim()).toBe(`Error from server (InternalError): Internal error occurred: Get "https://127.0.0.1:${port}/containerLogs/${NS}/orphan/c?": ${dial}`);
    const exec = await kubectl(['exec', 'orphan', '--', 'true']);
    expect(exec.code).toBe(1);
    expect(exec.stderr.trim()).toBe(`Error from server (InternalError): Internal error occurred: error dialing backend: ${dial}`);
  });
});

/** kubectl on a pseudo-terminal (util-linux script), fed one line at a time */
function interactive(args: string[], env: Record<string, string>, lines: string[]): Promise<Run> {
  const cmd = [kubectlPath, '--kubeconfig', kubeconfig, '-n', NS, ...args].map((a) => `'${a}'`).join(' ');
  const started = Date.now();
  return new Promise((resolve) => {
    // stty sets the terminal size kubectl reads and sends as the first resize
    const child = spawn('script', ['-qfc', `stty rows 33 cols 101; ${cmd}`, '/dev/null'], { env: { ...process.env, ...env, TERM: 'dumb' }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    let sent = 0;
    const feed = setInterval(() => {
      // wait for the shell's prompt before each line
      // (busybox ash asks for the cursor position, ESC[6n, after its prompt)
      const last = stdout.replace(/\x1b\[[0-9;]*[A-Za-z]/g, '').split('\n').pop() ?? '';
      if (sent < lines.length && /[#$] $/.test(last)) child.stdin.write(`${lines[sent++] ?? ''}\n`);
    }, 200);
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('close', (code) => {
      clearInterval(feed);
      clearTimeout(timer);
      resolve({ code, stdout, stderr, ms: Date.now() - started });
    });
  });
}
