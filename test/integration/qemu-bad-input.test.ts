// Issue 5's bad input on VM nodes, against the real QEMU and the built node image: a
// missing or corrupt node image, no QEMU, a port already in use, a VM that never boots.
// Each must fail with a message naming the cause and the fix, and leave no QEMU
// process, listening port or QMP socket behind.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import type { Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Cidr } from '../../main/common/cidr.js';
import { startApiHarness } from '../../main/control-plane/testing/api-harness.js';
import { ensureLabKey } from '../../main/provision/keys.js';
import { KnownHosts } from '../../main/provision/known-hosts.js';
import type { VmSpec } from '../../main/vm/qemu/qemu-args.js';
import { nodeMacs } from '../../main/vm/qemu/qemu-args.js';
import { QemuNodeProvider, freePort } from '../../main/vm/qemu/qemu-provider.js';
import { QemuVm, VmError } from '../../main/vm/qemu/qemu-vm.js';
import { EthernetSwitch } from '../../main/vm/qemu/switch.js';
import { NodeImageError, readNodeImage } from '../../vm-images/node/manifest.js';
import type { NodeImage } from '../../vm-images/node/manifest.js';
import { ROOT } from './support/lab.js';
import { ensureBuiltNodeImage, NODE_IMAGE_BUILD_TIMEOUT_MS } from './support/node-image.js';
import { requireTool } from './support/tools.js';

let tmp: string;
let image: NodeImage;
let sw: EthernetSwitch;

/** QEMU processes started on files under `dir` (their command lines name it) */
function qemuUnder(dir: string): string {
  return spawnSync('pgrep', ['-af', `qemu-system.*${dir}`], { encoding: 'utf8' }).stdout.trim();
}

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.once('error', () => resolve(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
  });
}

function randomFile(path: string, bytes: number): string {
  writeFileSync(path, randomBytes(bytes));
  return path;
}

/** a fresh qcow2 overlay on the real base image, as the provider makes per node */
function overlay(path: string): string {
  const r = spawnSync('qemu-img', ['create', '-q', '-f', 'qcow2', '-F', 'qcow2', '-b', image.disk, path], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`qemu-img create: ${r.stderr}`);
  return path;
}

/** a node's files in its own dir under tmp: the real kernel and initrd unless replaced */
async function vmSpec(name: string, over: Partial<VmSpec> = {}): Promise<VmSpec> {
  const dir = join(tmp, name);
  mkdirSync(dir, { recursive: true });
  // an empty tar (two zero blocks): enough for QEMU's fw_cfg, which only reads the file
  writeFileSync(join(dir, 'config.tar'), Buffer.alloc(10_240));
  return {
    name,
    accel: 'tcg',
    cpus: 1,
    memoryMiB: 256,
    kernel: image.kernel,
    initrd: image.initrd,
    disk: over.disk ?? overlay(join(dir, 'disk.qcow2')),
    configTar: join(dir, 'config.tar'),
    serialLog: join(dir, 'serial.log'),
    qmpSocket: join(dir, 'qmp.sock'),
    pidFile: join(dir, 'qemu.pid'),
    switchSocket: sw.socketPath,
    macs: nodeMacs('beef', 1),
    sshPort: await freePort(),
    kubeletPort: await freePort(),
    services: { apiServer: 1, registry: 2 },
    connectCommand: (port) => `socat - TCP:127.0.0.1:${port}`,
    ...over,
  };
}

/** QemuVm.start must fail: the VmError it threw (a VM that started anyway is killed) */
async function startFails(spec: VmSpec, qemu?: string): Promise<VmError> {
  const result = await QemuVm.start(spec, qemu).then(
    async (vm) => {
      await vm.kill();
      return new Error(`QEMU started for ${spec.name} although it should have refused`);
    },
    (e: unknown) => e,
  );
  expect(result).toBeInstanceOf(VmError);
  console.log(`${spec.name}: ${(result as Error).message}`);
  return result as VmError;
}

/** what a failed start must not leave: the process, its QMP socket, its forwarded ports */
async function expectNothingLeft(spec: VmSpec): Promise<void> {
  expect(qemuUnder(join(tmp, spec.name))).toBe('');
  expect(existsSync(spec.qmpSocket)).toBe(false);
  expect(existsSync(spec.pidFile)).toBe(false);
  expect(await portFree(spec.kubeletPort)).toBe(true);
}

beforeAll(async () => {
  for (const tool of ['qemu-system-x86_64', 'qemu-img', 'socat']) requireTool(tool);
  // the real node image, built here when no earlier test built it: its kernel boots for real here
  image = await readNodeImage(ensureBuiltNodeImage());
  tmp = mkdtempSync(join(tmpdir(), 'k8s-lab-qbad-'));
  sw = await EthernetSwitch.start(join(tmp, 'switch', 'switch.sock'));
}, NODE_IMAGE_BUILD_TIMEOUT_MS);

afterAll(async () => {
  // a VM this file failed to stop would show up here; kill only those (our temp dir is in their command line)
  const left = tmp ? qemuUnder(tmp) : '';
  for (const line of left.split('\n').filter(Boolean)) process.kill(Number(line.split(' ')[0]), 'SIGKILL');
  await sw?.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
  expect(left).toBe('');
});

describe('a missing or corrupt node image', () => {
  it('no image at all: says so and says to build it', async () => {
    const dir = join(tmp, 'no-image');
    mkdirSync(dir);
    const err = await readNodeImage(dir).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NodeImageError);
    console.log(`missing image: ${(err as Error).message}`);
    expect((err as Error).message).toBe(`no node image at ${dir} (manifest.json missing): build it with \`npm run build:images\``);
  });

  it('a half-written disk: names the file and both sizes, and says to rebuild', async () => {
    const dir = join(tmp, 'half-written');
    mkdirSync(dir);
    const sizes = { vmlinuz: 4096, 'initrd.img': 2048, 'disk.qcow2': 1_000_000 };
    for (const [name, size] of Object.entries(sizes)) randomFile(join(dir, name), name === 'disk.qcow2' ? 65_536 : size);
    const files = Object.fromEntries(Object.entries(sizes).map(([name, size]) => [name, { sha256: '0'.repeat(64), size }]));
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ ...image.manifest, files }));
    const err = await readNodeImage(dir).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NodeImageError);
    console.log(`half-written disk: ${(err as Error).message}`);
    expect((err as Error).message).toBe(`node image file ${join(dir, 'disk.qcow2')} is 65536 bytes, the manifest says 1000000 (corrupt or half-written): rebuild it with \`npm run build:images -- --force\``);
  });

  it('a manifest that is not JSON: says to rebuild', async () => {
    const dir = join(tmp, 'bad-manifest');
    mkdirSync(dir);
    writeFileSync(join(dir, 'manifest.json'), '{"format": 1, "files": {');
    const err = await readNodeImage(dir).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NodeImageError);
    expect((err as Error).message).toMatch(/^node image manifest .*manifest\.json is not valid JSON \(.+\): rebuild it with `npm run build:images -- --force`$/);
  });

  it('a garbage disk reaching QEMU: names the disk, says to delete it (or remove the node) or rebuild the image', async () => {
    const spec = await vmSpec('garbage-disk', { disk: randomFile(join(tmp, 'garbage-disk.qcow2'), 1 << 20) });
    const err = await startFails(spec);
    expect(err.code).toBe('Failed');
    expect(err.message).toContain(`node garbage-disk: its disk ${spec.disk} is corrupt (`);
    expect(err.message).toContain('Image is not in qcow2 format): delete that file and the node starts on a fresh disk');
    expect(err.message).toContain('k8s-lab node remove garbage-disk');
    expect(err.message).toContain('npm run build:images -- --force');
    await expectNothingLeft(spec);
  });

  it('a kernel of random bytes: the kernel is corrupt, rebuild the image', async () => {
    const spec = await vmSpec('garbage-kernel', { kernel: randomFile(join(tmp, 'vmlinuz'), 1 << 20) });
    const err = await startFails(spec);
    expect(err.message).toMatch(/^node garbage-kernel: the node image's kernel is corrupt \(qemu: linux kernel too old to load a ram disk\): rebuild it with npm run build:images -- --force$/);
    await expectNothingLeft(spec);
  });

  it('a kernel file that is gone: QEMU cannot open it, rebuild the image', async () => {
    const spec = await vmSpec('no-kernel', { kernel: join(tmp, 'gone', 'vmlinuz') });
    const err = await startFails(spec);
    expect(err.message).toMatch(/^node no-kernel: QEMU cannot open the node image \(.*could not open kernel file .*gone\/vmlinuz.*\): rebuild it with npm run build:images -- --force$/);
    await expectNothingLeft(spec);
  });
});

describe('no QEMU installed', () => {
  it('QemuVm names the binary and the package that installs it', async () => {
    const spec = await vmSpec('no-qemu');
    const err = await startFails(spec, '/nonexistent/qemu-system-x86_64');
    expect(err.code).toBe('NoQemu');
    expect(err.message).toContain('/nonexistent/qemu-system-x86_64 is not installed');
    expect(err.message).toContain('apt-get install -y qemu-system-x86');
    await expectNothingLeft(spec);
  });

  it('k8s-lab up --provider qemu exits non-zero naming qemu-system-x86_64 and its package, and leaves no run.json', () => {
    // a PATH with the other VM tools but no QEMU: the message must name exactly what is missing
    const bin = join(tmp, 'bin-without-qemu');
    mkdirSync(bin);
    for (const tool of ['qemu-img', 'socat']) symlinkSync(requireTool(tool), join(bin, tool));
    const dataDir = join(tmp, 'cli-data');
    const r = spawnSync(process.execPath, [join(ROOT, 'bin', 'k8s-lab.mjs'), 'up', '--data-dir', dataDir, '--nodes', '1', '--provider', 'qemu', '--port', '0', '--etcd-port', '0'], {
      encoding: 'utf8',
      env: { HOME: process.env.HOME ?? '/root', PATH: bin },
      timeout: 60_000,
    });
    console.log(`no QEMU (CLI, exit ${String(r.status)}): ${r.stderr.trim()}`);
    expect(r.status).not.toBe(0);
    expect(r.status).not.toBeNull();
    expect(r.stderr.trim()).toBe('k8s-lab: VM nodes need qemu-system-x86_64 (apt-get install -y qemu-system-x86)');
    expect(existsSync(join(dataDir, 'run.json'))).toBe(false);
    // checked before anything starts: no certificates, no store were written
    expect(existsSync(join(dataDir, 'pki'))).toBe(false);
    // the control plane it started is gone: nothing of that run is still alive
    expect(spawnSync('pgrep', ['-af', dataDir], { encoding: 'utf8' }).stdout.trim()).toBe('');
  });
});

describe('a port already in use', () => {
  let squatter: Server | undefined;
  afterAll(async () => {
    await new Promise<void>((resolve) => (squatter ? squatter.close(() => resolve()) : resolve()));
  });

  it('names the port and what to do, with code PortInUse so the provider can choose another', async () => {
    squatter = createServer();
    const port = await new Promise<number>((resolve) => {
      squatter!.listen(0, '127.0.0.1', () => {
        const addr = squatter!.address();
        resolve(typeof addr === 'object' && addr ? addr.port : 0);
      });
    });
    const spec = await vmSpec('port-taken', { sshPort: port });
    const err = await startFails(spec);
    expect(err.code).toBe('PortInUse');
    expect(err.message).toMatch(new RegExp(`^node port-taken: port ${port} on 127\\.0\\.0\\.1 \\(the node's SSH forward\\) is already in use by another program: stop that program \\(ss -ltnp 'sport = :${port}' shows which\\) and start the node again`));
    await expectNothingLeft(spec);
    // the program holding the port still has it
    expect(await portFree(port)).toBe(false);
  });
});

describe('a VM that never boots', () => {
  it('the provider reports the VM exited during boot with the console tail, within seconds, not after the SSH retries', async () => {
    const api = await startApiHarness();
    const dataDir = join(tmp, 'provider');
    const sshDir = join(dataDir, 'ssh');
    // the real kernel with an initrd of random bytes: it cannot load the disk driver, panics, and (panic=-1, -no-reboot) QEMU exits
    const badImageDir = join(tmp, 'bad-initrd-image');
    mkdirSync(badImageDir);
    const badImage: NodeImage = { ...image, dir: badImageDir, initrd: randomFile(join(badImageDir, 'initrd.img'), 65_536) };
    const lines: string[] = [];
    const provider = new QemuNodeProvider({
      dataDir,
      labId: 'beef',
      image: badImage,
      accel: 'tcg',
      nodeCidr: new Cidr('10.249.0.0/24'),
      switchSocket: sw.socketPath,
      services: { apiServer: api.server.port, registry: api.server.port },
      pki: api.pki,
      admin: api.admin,
      labKey: await ensureLabKey(sshDir),
      knownHosts: new KnownHosts(sshDir),
      memoryMiB: 256,
      agentBundleDir: join(ROOT, 'dist', 'agent'),
      connectCommand: (port) => `socat - TCP:127.0.0.1:${port}`,
      log: (line) => lines.push(line),
    });
    try {
      const t0 = Date.now();
      await provider.add();
      await provider.ready();
      const seconds = (Date.now() - t0) / 1000;
      const log = lines.join('\n');
      console.log(`never boots (${seconds.toFixed(1)} s):\n${log}`);
      // far below the 180 s a TCG node is given to come up over SSH
      expect(seconds).toBeLessThan(90);
      expect(log).toMatch(/node node-1: provisioning failed: the VM exited during boot \(QEMU exit 0\) before SSH came up; it never booted\. The last lines of its console \(.*nodes\/node-1\/serial\.log\):/);
      expect(log).toContain('Kernel panic - not syncing: VFS: Unable to mount root fs');
      expect(log).toContain('rebuild it with npm run build:images -- --force');
      expect(log).toContain('k8s-lab node remove node-1');
      // the stack dump is left out of the quote
      expect(log).not.toContain('Call Trace');
      expect(provider.list()).toEqual([{ name: 'node-1', ip: '10.249.0.11', state: 'crashed' }]);
      const sshPort = Number(/ssh 127\.0\.0\.1:(\d+)/.exec(log)?.[1]);
      expect(sshPort).toBeGreaterThan(0);
      expect(await portFree(sshPort)).toBe(true);
    } finally {
      await provider.shutdown();
      await api.stop();
    }
    expect(qemuUnder(dataDir)).toBe('');
    expect(existsSync(join(dataDir, 'run', 'node-1.qmp'))).toBe(false);
  });
});
