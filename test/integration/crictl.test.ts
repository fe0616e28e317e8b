// The crictl-style CLI (agent/cli, bundled as the build bundles it for Node 18) against
// a real containerd 1.6 whose registry is ours (the lab images, or busybox built from
// the host when they are not built): pull, runp/create/start of a host-network pod,
// then pods / ps -a / images / logs / inspect* / exec (sync, SPDY -i, -it on a pty) /
// stats / info / version checked against what CRI itself answers, then stop/rm/rmp.
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectCri } from '../../agent/cri/cri-client.js';
import type { CriClient } from '../../agent/cri/cri-client.js';
import { projectRoot } from '../../main/assets.js';
import { startRegistry } from '../../main/registry/registry.js';
import type { RegistryHandle } from '../../main/registry/registry.js';
import { startContainerd } from '../../main/vm/host/containerd.js';
import type { ContainerdHandle } from '../../main/vm/host/containerd.js';
import { buildBusyboxLayout, labImagesLayout, requireContainerdTools } from './support/containerd.js';
import { requireTool } from './support/tools.js';

const PAUSE = 'registry.k8s.io/pause:3.6';
const BUSYBOX = 'docker.io/library/busybox:latest';
const POD = 'web-pod';
const NS = 'lab';

let dir: string;
let cliPath: string;
let registry: RegistryHandle | undefined;
let containerd: ContainerdHandle | undefined;
let cri: CriClient;
let podId = '';
let webId = '';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** the CLI as a child process (async: the registry lives in this event loop) */
function crictl(args: string[], opts: { input?: string; env?: Record<string, string>; timeoutMs?: number } = {}): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cliPath, ...args], {
      env: { ...process.env, CONTAINER_RUNTIME_ENDPOINT: `unix://${containerd?.socket ?? ''}`, ...opts.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 60_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(opts.input ?? '');
  });
}

async function ok(args: string[], input?: string): Promise<string> {
  const r = await crictl(args, { input });
  if (r.code !== 0) throw new Error(`crictl ${args.join(' ')} exited ${r.code}: ${r.stderr}`);
  return r.stdout;
}

/** a crictl table as records: each row cut at the header's column starts (tabwriter aligns them) */
function table(text: string): Record<string, string>[] {
  const [header = '', ...rows] = text.split('\n').filter(Boolean);
  const names = header.split(/ {2,}/);
  let from = 0;
  const starts = names.map((n) => {
    const at = header.indexOf(n, from);
    from = at + n.length;
    return at;
  });
  return rows.map((row) => Object.fromEntries(names.map((n, i) => [n, row.slice(starts[i], starts[i + 1] ?? row.length).trim()])));
}

async function waitFor<T>(what: string, get: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await get();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

beforeAll(async () => {
  requireContainerdTools();
  dir = mkdtempSync(join(tmpdir(), `k8slab-crictl-${process.pid}-`));
  // The CLI as scripts/build.mjs bundles it (Node 18, dependencies inside, the proto beside it).
  const out = join(dir, 'dist', 'agent');
  await build({
    entryPoints: { crictl: join(projectRoot(), 'agent/cli/main.ts') }, bundle: true, platform: 'node', format: 'esm', target: 'node18',
    outdir: out, outExtension: { '.js': '.mjs' }, logLevel: 'warning',
    banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  });
  mkdirSync(join(out, 'cri'), { recursive: true });
  cpSync(join(projectRoot(), 'agent/cri/api.proto'), join(out, 'cri', 'api.proto'));
  cliPath = join(out, 'crictl.mjs');

  const layout = labImagesLayout(projectRoot()) ?? buildBusyboxLayout(join(dir, 'image-work'), [
    { ref: PAUSE, cmd: ['/bin/sleep', '2147483647'] },
    { ref: BUSYBOX, cmd: ['sh'] },
  ]);
  registry = await startRegistry({ layoutDir: layout });
  containerd = await startContainerd({ dir: join(dir, 'node'), registryUrl: registry.url });
  cri = connectCri(containerd.socket);
});

afterAll(async () => {
  cri?.close();
  try {
    await containerd?.stop();
  } finally {
    await registry?.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

describe('crictl against containerd', () => {
  it('prints the runtime version', async () => {
    const v = await cri.version({ version: 'v1' });
    expect(await ok(['version'])).toBe(`Version:  ${v.version}\nRuntimeName:  containerd\nRuntimeVersion:  ${v.runtimeVersion}\nRuntimeApiVersion:  v1\n`);
  });

  it('pulls through the lab registry and lists the images CRI lists', async () => {
    const pause = await ok(['pull', PAUSE]);
    const pauseId = (await cri.imageStatus({ image: { image: PAUSE } })).image?.id ?? '?';
    expect(pause).toBe(`Image is up to date for ${pauseId}\n`);
    expect(await ok(['pull', 'busybox'])).toMatch(/^Image is up to date for sha256:[0-9a-f]{64}\n$/);

    const rows = table(await ok(['images']));
    const { images } = await cri.listImages({});
    const expected = images.flatMap((i) => i.repoTags.map((t) => ({ tag: t, id: i.id, size: i.size })));
    expect(rows).toHaveLength(expected.length);
    for (const e of expected) {
      const i = e.tag.lastIndexOf(':');
      const row = rows.find((r) => r.IMAGE === e.tag.slice(0, i) && r.TAG === e.tag.slice(i + 1));
      expect(row?.['IMAGE ID']).toBe(e.id.slice('sha256:'.length, 'sha256:'.length + 13));
      expect(row?.SIZE).toMatch(/^\d+(\.\d+)?(B|kB|MB)$/);
    }
    expect((await ok(['images', '-q'])).split('\n').filter(Boolean).sort()).toEqual(images.map((i) => i.id).sort());
    const inspected = JSON.parse(await ok(['inspecti', BUSYBOX])) as { status: { repoTags: string[]; size: string }; info?: unknown };
    expect(inspected.status.repoTags).toContain(BUSYBOX);
    expect(inspected.status.size).toBe(String((await cri.imageStatus({ image: { image: BUSYBOX } })).image?.size));

    const missing = await crictl(['pull', 'docker.io/library/busybox777:latest']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/level=fatal msg="pulling image: rpc error: code = NotFound desc = .*busybox777/);
  });

  it('runs a pod with runp, create and start', async () => {
    const podJson = join(dir, 'pod.json');
    writeFileSync(podJson, JSON.stringify({
      metadata: { name: POD, namespace: NS, uid: `uid-${process.pid}`, attempt: 0 },
      log_directory: join(dir, 'pods', POD),
      labels: { app: 'web' },
      linux: { security_context: { namespace_options: { network: 2, pid: 1 } } },
    }));
    podId = (await ok(['runp', podJson])).trim();
    expect(podId).toMatch(/^[0-9a-f]{64}$/);

    const container = (name: string, script: string): string => {
      const path = join(dir, `${name}.yaml`);
      // the labels the kubelet puts on its containers: crictl ps shows POD and NAMESPACE from them
      writeFileSync(path, [
        `metadata: {name: ${name}}`, `image: {image: ${BUSYBOX}}`, `command: [sh, -c, ${JSON.stringify(script)}]`, `log_path: ${name}/0.log`,
        `labels: {io.kubernetes.pod.name: ${POD}, io.kubernetes.pod.namespace: ${NS}, io.kubernetes.container.name: ${name}}`,
      ].join('\n'));
      return path;
    };
    webId = (await ok(['create', podId.slice(0, 12), container('web', 'echo hello; echo oops >&2; echo bye; exec sleep 3600'), podJson])).trim();
    expect(await ok(['start', webId])).toBe(`${webId}\n`);
    const shortId = (await ok(['create', podId, container('short', 'for i in 1 2 3; do echo tick $i; sleep 0.8; done'), podJson])).trim();
    await waitFor('web to run', async () => ((await cri.containerStatus({ containerId: webId })).status?.state === 'CONTAINER_RUNNING' ? true : undefined));

    // logs -f follows the running container to its end (a log that does not exist yet is an error, as in crictl)
    const early = await crictl(['logs', shortId]);
    expect(early.code).toBe(1);
    expect(early.stderr).toContain('failed to open log file');
    await ok(['start', shortId]);
    const followed = await crictl(['logs', '-f', shortId]);
    expect(followed.code).toBe(0);
    expect(followed.stdout).toBe('tick 1\ntick 2\ntick 3\n');
  });

  it('lists the pod as CRI has it (crictl pods)', async () => {
    const out = await ok(['pods']);
    // CREATED is as wide as its widest value (+3), at least 20: text/tabwriter
    const header = (created: string): string =>
      `POD ID${' '.repeat(14)}CREATED${' '.repeat(Math.max(20, created.length + 3) - 7)}STATE${' '.repeat(15)}NAME${' '.repeat(16)}NAMESPACE${' '.repeat(11)}ATTEMPT${' '.repeat(13)}RUNTIME`;
    expect(out.split('\n')[0]).toBe(header(table(out)[0]?.CREATED ?? ''));
    const { items } = await cri.listPodSandbox({});
    const rows = table(out);
    expect(rows).toEqual(items.map((p) => ({
      'POD ID': p.id.slice(0, 13), CREATED: expect.stringMatching(/^(Less than a second|\d+ seconds?|About a minute) ago$/) as unknown,
      STATE: 'Ready', NAME: POD, NAMESPACE: NS, ATTEMPT: '0', RUNTIME: '(default)',
    })));
    expect(await ok(['pods', '-q'])).toBe(`${podId}\n`);
    expect(await ok(['pods', '--namespace', 'nope'])).toBe(`${header('')}\n`);
    const json = JSON.parse(await ok(['pods', '--label', 'app=web', '-o', 'json'])) as { items: { id: string; createdAt: string; state: string }[] };
    expect(json.items.map((p) => [p.id, p.createdAt, p.state])).toEqual(items.map((p) => [p.id, String(p.createdAt), 'SANDBOX_READY']));
  });

  it('lists the containers as CRI has them (crictl ps -a)', async () => {
    const { containers } = await cri.listContainers({});
    const rows = table(await ok(['ps', '-a']));
    expect(rows).toHaveLength(2);
    for (const c of containers) {
      const row = rows.find((r) => r.CONTAINER === c.id.slice(0, 13));
      const image = c.image?.image ?? '';
      expect(row).toEqual({
        CONTAINER: c.id.slice(0, 13), IMAGE: image.startsWith('sha256:') ? image.slice(7, 20) : image,
        CREATED: expect.stringMatching(/ ago$/) as unknown, STATE: c.state === 'CONTAINER_RUNNING' ? 'Running' : 'Exited',
        NAME: c.metadata?.name, ATTEMPT: '0', 'POD ID': podId.slice(0, 13), POD: POD, NAMESPACE: NS,
      });
    }
    expect(table(await ok(['ps'])).map((r) => r.NAME)).toEqual(['web']);
    expect(table(await ok(['ps', '--state', 'exited'])).map((r) => r.NAME)).toEqual(['short']);
    expect(await ok(['ps', '-q', '--name', '^web$'])).toBe(`${webId}\n`);
  });

  it('shows logs and status (crictl logs, inspect, inspectp)', async () => {
    const logs = await crictl(['logs', webId.slice(0, 10)]);
    expect(logs).toEqual({ code: 0, stdout: 'hello\nbye\n', stderr: 'oops\n' });
    // --tail counts the lines of both streams, in the file's order
    const status = (await cri.containerStatus({ containerId: webId })).status;
    const lastRecord = readFileSync(status?.logPath ?? '', 'utf8').trimEnd().split('\n').pop() ?? '';
    const tail = await crictl(['logs', '--tail', '1', webId]);
    expect(tail.stdout + tail.stderr).toBe(`${lastRecord.split(' ').slice(3).join(' ')}\n`);
    expect(lastRecord.includes(' stdout ') ? tail.stdout : tail.stderr).not.toBe('');
    expect(await ok(['logs', '-t', '--stream', 'stdout', webId])).toMatch(/^\d{4}-\d\d-\d\dT[\d:.]+(Z|[+-]\d\d:\d\d) hello\n\S+ bye\n$/);

    const doc = JSON.parse(await ok(['inspect', webId.slice(0, 12)])) as { status: Record<string, unknown> & { metadata: { name: string } }; info: { pid: number; sandboxID: string } };
    expect(doc.status.id).toBe(webId);
    expect(doc.status.state).toBe('CONTAINER_RUNNING');
    expect(doc.status.metadata.name).toBe('web');
    expect(doc.status.logPath).toBe(status?.logPath);
    expect(Date.parse(String(doc.status.createdAt))).toBe(Math.floor((status?.createdAt ?? 0) / 1e6));
    expect(doc.status.finishedAt).toBe('0001-01-01T00:00:00Z');
    expect(doc.info.sandboxID).toBe(podId);
    expect(doc.info.pid).toBeGreaterThan(1);
    expect(Object.keys(doc)).toEqual(['info', 'status']);

    const pod = JSON.parse(await ok(['inspectp', podId])) as { status: { id: string; state: string; linux: { namespaces: { options: { network: string } } } } };
    expect(pod.status).toMatchObject({ id: podId, state: 'SANDBOX_READY', linux: { namespaces: { options: { network: 'NODE' } } } });

    const missing = await crictl(['inspect', 'f00d']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^time="[^"]+" level=fatal msg="get the status of containers: get container status: rpc error: code = NotFound desc = /);
  });

  it('runs commands in the container (crictl exec)', async () => {
    expect(await crictl(['exec', webId, 'echo', 'hi'])).toEqual({ code: 0, stdout: 'hi\n', stderr: '' });
    const failing = await crictl(['exec', webId, 'sh', '-c', 'echo out; echo err >&2; exit 3']);
    expect(failing.code).toBe(3);
    expect(failing.stdout).toBe('out\n');
    expect(failing.stderr).toMatch(/^err\ntime="[^"]+" level=fatal msg="execing command in container [0-9a-f]+: command terminated with exit code 3"\n$/);
    // -i: the streaming server (SPDY), stdin to EOF
    expect(await crictl(['exec', '-i', webId, 'sh', '-c', 'read a; read b; echo "got $a $b"; cat; exit 5'], { input: 'one\ntwo\nrest\n' })).toEqual({ code: 5, stdout: 'got one two\nrest\n', stderr: expect.stringContaining('command terminated with exit code 5') as unknown });
    // -it needs a terminal: script(1) gives it one
    requireTool('script');
    const tty = await new Promise<Run>((resolve) => {
      // a 100x30 terminal: its size reaches the container over the resize stream (applied
      // asynchronously by the runtime, hence the pause before stty)
      const child = spawn('script', ['-qec', `stty cols 100 rows 30; ${process.execPath} ${cliPath} exec -it ${webId} sh -c 'tty; sleep 0.5; stty size; exit 4'`, '/dev/null'], {
        env: { ...process.env, CONTAINER_RUNTIME_ENDPOINT: `unix://${containerd?.socket ?? ''}` }, stdio: ['pipe', 'pipe', 'pipe'],
      });
      let stdout = '';
      child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
      // stdin stays open: script(1) passes its EOF on to the terminal
      child.on('close', (code) => resolve({ code, stdout, stderr: '' }));
    });
    expect(tty.stdout).toMatch(/^\/dev\/pts\/\d+\r+\n30 100\r+\n/);
    expect(tty.code).toBe(4);
    expect(tty.stdout).toContain('FATA');
  });

  it('shows stats and runtime info', async () => {
    const rows = table(await ok(['stats']));
    expect(rows.map((r) => [r.CONTAINER, r.NAME])).toEqual([[webId.slice(0, 13), 'web']]);
    expect(rows[0]?.['CPU %']).toMatch(/^\d+\.\d\d$/);
    expect(rows[0]?.MEM).toMatch(/^\d+(\.\d+)?(B|kB|MB)$/);
    const info = JSON.parse(await ok(['info'])) as { status: { conditions: { type: string; status: boolean }[] }; config?: { containerd?: unknown } };
    expect(info.status.conditions.find((c) => c.type === 'RuntimeReady')?.status).toBe(true);
    expect(info.config?.containerd).toBeDefined();
  });

  it('stops and removes the containers and the pod', async () => {
    const logFile = (await cri.containerStatus({ containerId: webId })).status?.logPath ?? '';
    expect(existsSync(logFile)).toBe(true);
    expect(await ok(['stop', '-t', '1', webId])).toBe(`${webId}\n`);
    expect((await cri.containerStatus({ containerId: webId })).status?.state).toBe('CONTAINER_EXITED');
    expect(await ok(['rm', webId])).toBe(`${webId}\n`);
    expect(existsSync(logFile)).toBe(false);
    const running = await crictl(['rmp', podId]);
    expect(running.code).toBe(1);
    expect(running.stderr).toContain(`pod sandbox \\"${podId}\\" is running, please stop it first`);
    expect(await ok(['stopp', podId])).toBe(`Stopped sandbox ${podId}\n`);
    expect(await ok(['rmp', '-f', podId])).toBe(`Removed sandbox ${podId}\n`);
    expect((await cri.listPodSandbox({})).items).toEqual([]);
    expect((await cri.listContainers({})).containers).toEqual([]);
    expect(await ok(['ps', '-a', '-q'])).toBe('');
  });

  it('reports a runtime it cannot reach the way crictl does', async () => {
    const r = await crictl(['ps'], { env: { CONTAINER_RUNTIME_ENDPOINT: `unix://${dir}/nothing.sock` } });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`validate service connection: validate CRI v1 runtime API for endpoint \\"unix://${dir}/nothing.sock\\": rpc error: code = Unavailable`);
  });
});
