// The CRI client and the host-node containerd launcher against a real containerd
// 1.6: version/status/images, pulls routed only to the lab registry (hosts.toml), a
// clear failure when the sandbox image is missing, a whole pod through CRI with host
// networking, and nothing left running or mounted after stop().
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CriError, connectCri } from '../../agent/cri/cri-client.js';
import type { CriClient } from '../../agent/cri/cri-client.js';
import type { PodSandboxConfig } from '../../agent/cri/types.js';
import type { CriInput } from '../../agent/cri/types.js';
import { projectRoot } from '../../main/assets.js';
import { cleanupContainerdLeftovers, containerdPaths, startContainerd } from '../../main/vm/host/containerd.js';
import { cgroupDirs, descendants, isAlive, listProcesses } from '../../main/vm/host/containerd-proc.js';
import type { ContainerdHandle } from '../../main/vm/host/containerd.js';
import {
  buildBusyboxLayout, importLayout, labImagesLayout, mountsOf, processesOf, requireContainerdTools, startRecordingRegistry,
} from './support/containerd.js';
import type { RecordingRegistry } from './support/containerd.js';
import { requireTool } from './support/tools.js';

const PAUSE = 'registry.k8s.io/pause:3.6';
const BUSYBOX = 'docker.io/library/busybox:latest';

let dir: string;
let registry: RecordingRegistry;
let handle: ContainerdHandle | undefined;
let cri: CriClient;
const logs: string[] = [];

beforeAll(async () => {
  requireContainerdTools();
  dir = mkdtempSync(join(tmpdir(), `k8slab-cri-${process.pid}-`));
  // Every pull goes to this stand-in (it has no images): nothing can reach a public
  // registry, not even a DNS query, whatever the test pulls.
  registry = await startRecordingRegistry();
  handle = await startContainerd({ dir, registryUrl: registry.url, log: (line) => logs.push(line) });
  cri = connectCri(handle.socket);
});

afterAll(async () => {
  cri?.close();
  try {
    await handle?.stop();
  } finally {
    await registry?.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

describe('CRI v1 against containerd 1.6', () => {
  it('answers Version as containerd speaking CRI v1', async () => {
    const version = await cri.version({ version: 'v1' });
    expect(version.runtimeName).toBe('containerd');
    expect(version.runtimeApiVersion).toBe('v1');
    expect(version.runtimeVersion).toMatch(/^v?1\.6\./);
  });

  it('reports RuntimeReady, and NetworkReady false while no CNI config exists', async () => {
    const { status } = await cri.status({});
    const conditions = new Map(status?.conditions.map((c) => [c.type, c]));
    expect(conditions.get('RuntimeReady')?.status).toBe(true);
    expect(conditions.get('NetworkReady')?.status).toBe(false);
    expect(conditions.get('NetworkReady')?.reason).toBe('NetworkPluginNotReady');
  });

  it('starts with no images and reports the image filesystem under its root', async () => {
    expect((await cri.listImages({})).images).toEqual([]);
    const { imageFilesystems } = await cri.imageFsInfo({});
    expect(imageFilesystems.length).toBeGreaterThan(0);
    expect(imageFilesystems[0]?.fsId?.mountpoint.startsWith(handle?.root ?? '?')).toBe(true);
    expect(imageFilesystems[0]?.usedBytes?.value).toBeTypeOf('number');
    expect(imageFilesystems[0]?.timestamp).toBeGreaterThan(Date.UTC(2020, 0) * 1e6);
  });

  it('sends pulls of every registry host to the lab registry only, and fails them with the image name', async () => {
    const images = ['docker.io/library/busybox777:latest', 'ghcr.io/k8slab/echo:v1', 'quay.io/k8slab/x:1', 'example.org/k8slab/y:2'];
    for (const image of images) {
      const error = await cri.pullImage({ image: { image } }).then(() => undefined, (e: unknown) => e);
      expect(error).toBeInstanceOf(CriError);
      expect((error as CriError).message).toContain(image);
      expect((error as CriError).message).toContain('not found');
    }
    const asked = registry.requests.join('\n');
    expect(asked).toContain('/v2/library/busybox777/manifests/latest');
    expect(asked).toContain('/v2/k8slab/echo/manifests/v1');
    expect(asked).toContain('/v2/k8slab/x/manifests/1');
    expect(asked).toContain('/v2/k8slab/y/manifests/2'); // example.org: the _default hosts.toml
    // No lookup of a public host was even attempted.
    expect(logs.join('\n')).not.toMatch(/registry-1\.docker\.io|ghcr\.io\/v2|no such host|dial tcp/);
  });

  it('fails RunPodSandbox clearly while the sandbox image is missing', async () => {
    const error = await cri.runPodSandbox({ config: podConfig('no-pause') }).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(CriError);
    expect((error as CriError).message).toContain(PAUSE);
    expect((await cri.listPodSandbox({})).items).toEqual([]);
  });
});

function podConfig(name: string): CriInput<PodSandboxConfig> {
  return {
    metadata: { name, uid: `uid-${name}-${process.pid}`, namespace: 'default', attempt: 0 },
    logDirectory: join(dir, 'pods', name),
    // Host network: no CNI needed (the node's own network namespace).
    linux: { securityContext: { namespaceOptions: { network: 'NODE', pid: 'CONTAINER', ipc: 'POD' } } },
  };
}

describe('a pod through CRI (host network)', () => {
  it('runs, execs, logs, stops and removes a busybox container', async () => {
    const lab = labImagesLayout(projectRoot());
    // The lab images when built (npm run build:images); otherwise the same two names
    // built here from the host's static busybox.
    const layout = lab ?? buildBusyboxLayout(join(dir, 'image-work'), [
      { ref: PAUSE, cmd: ['/bin/sleep', '2147483647'] },
      { ref: BUSYBOX, cmd: ['sh'] },
    ]);
    importLayout(handle?.socket ?? '', layout, dir);
    const names = (await cri.listImages({})).images.flatMap((image) => image.repoTags);
    expect(names).toEqual(expect.arrayContaining([PAUSE, BUSYBOX]));
    const busybox = await cri.imageStatus({ image: { image: BUSYBOX } });
    expect(busybox.image?.repoTags).toContain(BUSYBOX);
    expect(busybox.image?.size).toBeGreaterThan(0);
    expect((await cri.imageStatus({ image: { image: 'docker.io/library/nope:1' } })).image).toBeNull();

    const sandboxConfig = podConfig('hello');
    const { podSandboxId } = await cri.runPodSandbox({ config: sandboxConfig });
    const sandbox = await cri.podSandboxStatus({ podSandboxId });
    expect(sandbox.status?.state).toBe('SANDBOX_READY');
    expect(sandbox.status?.linux?.namespaces?.options?.network).toBe('NODE');

    const { containerId } = await cri.createContainer({
      podSandboxId,
      sandboxConfig,
      config: {
        metadata: { name: 'hello', attempt: 0 },
        image: { image: BUSYBOX },
        command: ['sh', '-c', 'echo hello; sleep 30'],
        logPath: 'hello/0.log',
      },
    });
    await cri.startContainer({ containerId });
    const running = await cri.containerStatus({ containerId });
    expect(running.status?.state).toBe('CONTAINER_RUNNING');
    expect(running.status?.startedAt).toBeGreaterThan(0);

    const exec = await cri.execSync({ containerId, cmd: ['echo', 'hi'], timeout: 10 });
    expect(exec.stdout.toString()).toBe('hi\n');
    expect(exec.exitCode).toBe(0);
    const failing = await cri.execSync({ containerId, cmd: ['sh', '-c', 'echo oops >&2; exit 3'], timeout: 10 });
    expect(failing.stderr.toString()).toBe('oops\n');
    expect(failing.exitCode).toBe(3);
    // Streaming exec: a URL on the stream server (loopback, random port).
    const { url } = await cri.exec({ containerId, cmd: ['sh'], stdin: true, stdout: true });
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/exec\//);
    const listed = await cri.listContainers({ filter: { podSandboxId, state: { state: 'CONTAINER_RUNNING' } } });
    expect(listed.containers.map((c) => c.id)).toEqual([containerId]);
    const stats = await cri.listContainerStats({ filter: { podSandboxId } });
    expect(stats.stats.map((s) => s.attributes?.id)).toEqual([containerId]);
    await cri.reopenContainerLog({ containerId });

    // CRI log format: <RFC3339Nano> <stream> <P|F> <line> (kubelet pkg/kubelet/kuberuntime/logs).
    const logFile = join(dir, 'pods', 'hello', 'hello', '0.log');
    const logText = await waitForText(logFile, 'hello');
    expect(logText).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+(Z|[+-]\d\d:\d\d) stdout F hello$/m);

    await cri.stopContainer({ containerId, timeout: 1 });
    const exited = await cri.containerStatus({ containerId });
    expect(exited.status?.state).toBe('CONTAINER_EXITED');
    await cri.removeContainer({ containerId });
    expect((await cri.listContainers({})).containers).toEqual([]);
    await cri.stopPodSandbox({ podSandboxId });
    await cri.removePodSandbox({ podSandboxId });
    expect((await cri.listPodSandbox({})).items).toEqual([]);
  });

  it('stop() removes remaining pods, ends containerd and its shims, and unmounts everything', async () => {
    if (!handle) throw new Error('containerd did not start');
    // A pod left running, as a node being deleted would have.
    const { podSandboxId } = await cri.runPodSandbox({ config: podConfig('left-running') });
    expect(podSandboxId).not.toBe('');
    const { socket, root, stateDir } = handle;
    const configFile = containerdPaths(dir).configFile;
    expect(processesOf(socket, configFile).length).toBeGreaterThanOrEqual(2); // containerd + one shim
    expect(mountsOf([root, stateDir]).length).toBeGreaterThan(0);
    cri.close();
    await handle.stop();
    handle = undefined;
    expect(processesOf(socket, configFile)).toEqual([]);
    expect(mountsOf([root, stateDir])).toEqual([]);
  });
});

describe('a node containerd in a network namespace, after a crash', () => {
  const netns = `k8slab-cri-${process.pid}`;
  const netnsPath = `/run/netns/${netns}`;

  afterAll(() => {
    if (existsSync(netnsPath)) execFileSync('ip', ['netns', 'delete', netns]);
  });

  it('runs pods in the namespace; kill() leaves shims and pods that cleanupContainerdLeftovers removes', async () => {
    requireTool('ip');
    execFileSync('ip', ['netns', 'add', netns]);
    execFileSync('ip', ['-n', netns, 'link', 'set', 'lo', 'up']);
    // Same dir as above: the images imported there are still in the root.
    const node = await startContainerd({ dir, netnsPath, registryUrl: registry.url, log: (line) => logs.push(line) });
    handle = node;
    const client = connectCri(node.socket);
    try {
      expect(statSync(`/proc/${node.pid}/ns/net`).ino).toBe(statSync(netnsPath).ino);
      const sandboxConfig = podConfig('crash');
      const { podSandboxId } = await client.runPodSandbox({ config: sandboxConfig });
      const { containerId } = await client.createContainer({
        podSandboxId,
        sandboxConfig,
        config: { metadata: { name: 'sleeper' }, image: { image: BUSYBOX }, command: ['sleep', '300'], logPath: 'sleeper/0.log' },
      });
      await client.startContainer({ containerId });
      // A host-network container shares the node's namespace: it sees only its lo.
      const netDev = await client.execSync({ containerId, cmd: ['cat', '/proc/net/dev'], timeout: 10 });
      const interfaces = netDev.stdout.toString().split('\n').slice(2).map((l) => l.split(':')[0]?.trim()).filter(Boolean);
      expect(interfaces).toEqual(['lo']);
    } finally {
      client.close();
    }

    const { socket, root, stateDir } = node;
    const configFile = containerdPaths(dir).configFile;
    const shims = listProcesses().filter((p) => p.argv.includes(socket));
    expect(shims.length).toBe(1);
    const podPids = shims.flatMap((shim) => descendants(shim.pid, listProcesses())).map((p) => p.pid);
    expect(podPids.length).toBeGreaterThanOrEqual(2); // pause + sleep
    const podCgroups = podPids.flatMap(cgroupDirs).filter((path) => existsSync(path));
    expect(podCgroups.length).toBeGreaterThan(0);

    node.kill();
    await waitFor(() => !isAlive(node.pid));
    // A crash: the shim and the pod's processes outlive containerd.
    expect(shims.every((shim) => isAlive(shim.pid))).toBe(true);
    expect(podPids.every(isAlive)).toBe(true);
    expect(mountsOf([root, stateDir]).length).toBeGreaterThan(0);

    await cleanupContainerdLeftovers(dir);
    expect(processesOf(socket, configFile)).toEqual([]);
    expect(podPids.filter(isAlive)).toEqual([]);
    expect(mountsOf([root, stateDir])).toEqual([]);
    expect(podCgroups.filter((path) => existsSync(path))).toEqual([]);
    expect(existsSync(stateDir)).toBe(false);
    expect(existsSync(netnsPath)).toBe(true); // the node's namespace is not containerd's to remove
    await node.stop(); // nothing left to do, and no error
    handle = undefined;
  });
});

async function waitFor(check: () => boolean): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 25));
  }
}

async function waitForText(path: string, text: string): Promise<string> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    let content = '';
    try {
      content = readFileSync(path, 'utf8');
    } catch {
      // not written yet
    }
    if (content.includes(text) || Date.now() > deadline) return content;
    await new Promise((r) => setTimeout(r, 50));
  }
}
