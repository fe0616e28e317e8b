// Builds the node VM image: mmdebstrap a Debian root with the node packages, write
// k8s-lab's files over it, rebuild a small initrd, preload the lab images into
// containerd's k8s.io namespace (a containerd on the build host whose root is the
// image's /var/lib/containerd), then make the ext4 root with `mkfs.ext4 -d` (no loop
// mounts) and convert it to qcow2. Kernel, initrd, disk and manifest.json go to
// vm-images/out/node/. Unchanged inputs reuse the previous result.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { chmod, copyFile, mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { startContainerd } from '../../main/vm/host/containerd.js';
import { withBuildLock } from '../images/lock.js';
import { GUEST } from '../../main/vm/qemu/guest-layout.js';
import { buildInitramfs } from './initramfs.js';
import { DISK_SIZE_BYTES, DPKG_OPTIONS, imageFiles, PACKAGES, REMOVE, SUITE } from './recipe.js';
import { readNodeImage, NODE_IMAGE_FORMAT } from './manifest.js';
import type { NodeImageManifest } from './manifest.js';

export class NodeImageBuildError extends Error {
  override readonly name = 'NodeImageBuildError';
}

export interface NodeImageOptions {
  sourceDir: string;
  /** vm-images/out/node */
  outDir: string;
  /** the lab images' OCI layout to preload (vm-images/out/images) */
  labImagesDir: string;
  /** dist/agent: installed at /opt/k8s-lab/agent (provisioning upgrades it over SSH) */
  agentDir: string;
  /** the Debian sources given to mmdebstrap (default: the build host's) */
  sources?: string;
  force?: boolean;
  log?: (line: string) => void;
}

export interface NodeImageResult {
  manifest: NodeImageManifest;
  reused: boolean;
  outDir: string;
}

const REQUIRED_TOOLS: [string, string][] = [
  ['mmdebstrap', 'mmdebstrap'],
  ['mkfs.ext4', 'e2fsprogs'],
  ['qemu-img', 'qemu-utils'],
  ['containerd', 'containerd'],
  ['ctr', 'containerd'],
  ['tar', 'tar'],
];

/** Runs a command, streaming its output lines to `log`; rejects with the tail of its output. */
export function runLogged(cmd: string, args: string[], log: (line: string) => void, opts: { input?: string } = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    const tail: string[] = [];
    let out = '';
    const take = (chunk: Buffer, keep: boolean): void => {
      const text = chunk.toString('utf8');
      if (keep) out += text;
      for (const line of text.split('\n')) {
        if (line.trim() === '') continue;
        tail.push(line);
        if (tail.length > 20) tail.shift();
        if (!keep) log(`  ${line}`);
      }
    };
    child.stdout.on('data', (c: Buffer) => take(c, true));
    child.stderr.on('data', (c: Buffer) => take(c, false));
    child.on('error', (err) => reject(new NodeImageBuildError(`${cmd}: ${err.message}`)));
    child.on('close', (code) => {
      if (code === 0) resolve(out);
      else reject(new NodeImageBuildError(`${cmd} ${args.slice(0, 3).join(' ')}… exited with ${code}:\n${tail.join('\n')}`));
    });
    child.stdin.end(opts.input ?? '');
  });
}

function which(tool: string): boolean {
  return (process.env.PATH ?? '/usr/sbin:/usr/bin').split(':').some((d) => existsSync(join(d, tool)));
}

function sha256File(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const h = createHash('sha256');
    createReadStream(path)
      .on('data', (c) => h.update(c))
      .on('end', () => resolve(h.digest('hex')))
      .on('error', reject);
  });
}

/** Everything that decides the image's content, hashed: rebuild when any of it changes. */
async function inputsHash(opts: NodeImageOptions): Promise<string> {
  const h = createHash('sha256');
  h.update(JSON.stringify({ format: NODE_IMAGE_FORMAT, SUITE, PACKAGES, DPKG_OPTIONS, REMOVE, DISK_SIZE_BYTES, arch: process.arch }));
  for (const f of imageFiles(opts.sourceDir)) h.update(`${f.path}\0${f.mode}\0${f.content}\0`);
  h.update(await readFile(join(opts.labImagesDir, 'index.json')));
  for (const f of ['build.ts', 'initramfs.ts']) h.update(await readFile(join(opts.sourceDir, 'vm-images', 'node', f)));
  return h.digest('hex');
}

export async function buildNodeImage(opts: NodeImageOptions): Promise<NodeImageResult> {
  const log = opts.log ?? ((line: string) => console.log(line));
  const missing = REQUIRED_TOOLS.filter(([tool]) => !which(tool));
  if (missing.length > 0) {
    throw new NodeImageBuildError(`missing ${missing.map(([t]) => t).join(', ')}: apt-get install -y ${[...new Set(missing.map(([, p]) => p))].join(' ')}`);
  }
  if (process.getuid?.() !== 0) throw new NodeImageBuildError('the node image build runs as root (mmdebstrap --mode=root keeps file owners for mkfs.ext4 -d)');
  if (!existsSync(join(opts.labImagesDir, 'index.json'))) throw new NodeImageBuildError(`no lab images at ${opts.labImagesDir}: run npm run build:images`);
  if (!existsSync(join(opts.agentDir, 'agent.mjs'))) throw new NodeImageBuildError(`no agent bundle at ${opts.agentDir}: run npm run build`);
  const hash = await inputsHash(opts);
  // the lock lives beside the output: the output directory is replaced as a whole
  const lockDir = join(dirname(opts.outDir), 'cache', 'node-image');
  await mkdir(lockDir, { recursive: true });
  return withBuildLock(lockDir, log, async () => {
    const previous = await readNodeImage(opts.outDir).catch(() => undefined);
    if (previous && previous.manifest.inputsHash === hash && !opts.force) {
      log(`node image: inputs unchanged, reusing ${opts.outDir}`);
      return { manifest: previous.manifest, reused: true, outDir: opts.outDir };
    }
    const manifest = await build(opts, hash, log);
    return { manifest, reused: false, outDir: opts.outDir };
  });
}

async function build(opts: NodeImageOptions, hash: string, log: (line: string) => void): Promise<NodeImageManifest> {
  const started = Date.now();
  const work = join(dirname(opts.outDir), 'cache', 'node-build');
  const root = join(work, 'root');
  await rm(work, { recursive: true, force: true });
  await mkdir(work, { recursive: true });
  const step = (what: string): void => log(`node image: ${what} (${((Date.now() - started) / 1000).toFixed(0)} s)`);
  try {
    await debianRoot(opts, root, work, step, log);
    step('writing k8s-lab files');
    for (const f of imageFiles(opts.sourceDir)) {
      const dest = join(root, f.path);
      await mkdir(dirname(dest), { recursive: true });
      await rm(dest, { force: true });
      await writeFile(dest, f.content, { mode: f.mode });
      await chmod(dest, f.mode);
    }
    await installAgent(opts.agentDir, join(root, 'opt', 'k8s-lab', 'agent'));
    await runLogged('chroot', [root, 'sh', '-c', `rm -rf ${REMOVE.join(' ')}`], log);
    const versions = await packageVersions(root);
    step('preloading the lab images into containerd (k8s.io)');
    const preloaded = await preloadImages(root, opts.labImagesDir, work, log);
    step('kernel and initrd');
    const boot = await readdir(join(root, 'boot'));
    const vmlinuz = boot.find((f) => f.startsWith('vmlinuz-'));
    if (!vmlinuz) throw new NodeImageBuildError(`no kernel in ${join(root, 'boot')} (found ${boot.join(', ')})`);
    const staging = `${opts.outDir}.new`;
    await rm(staging, { recursive: true, force: true });
    await mkdir(staging, { recursive: true });
    await copyFile(join(root, 'boot', vmlinuz), join(staging, 'vmlinuz'));
    step('initrd (busybox + virtio modules)');
    await writeFile(join(staging, 'initrd.img'), await buildInitramfs(root, vmlinuz.replace(/^vmlinuz-/, ''), GUEST.init));
    step('root filesystem (mkfs.ext4 -d)');
    const raw = join(work, 'root.ext4');
    await runLogged('mkfs.ext4', ['-q', '-F', '-L', 'k8s-lab-root', '-E', 'root_owner=0:0', '-d', root, raw, `${DISK_SIZE_BYTES / 1024 / 1024}M`], log);
    step('qcow2');
    await runLogged('qemu-img', ['convert', '-f', 'raw', '-O', 'qcow2', raw, join(staging, 'disk.qcow2')], log);
    await rm(raw, { force: true });
    const files: NodeImageManifest['files'] = {};
    for (const name of ['vmlinuz', 'initrd.img', 'disk.qcow2'] as const) {
      const path = join(staging, name);
      files[name] = { sha256: await sha256File(path), size: (await stat(path)).size };
    }
    const manifest: NodeImageManifest = {
      format: NODE_IMAGE_FORMAT,
      name: 'k8s-lab-node',
      suite: SUITE,
      arch: process.arch,
      kernel: vmlinuz.replace(/^vmlinuz-/, ''),
      inputsHash: hash,
      builtAt: new Date().toISOString(),
      buildSeconds: Math.round((Date.now() - started) / 1000),
      diskVirtualSize: DISK_SIZE_BYTES,
      rootUsedBytes: Number((await runLogged('du', ['-sb', root], log)).split('\t')[0]),
      versions,
      preloadedImages: preloaded,
      files,
    };
    await writeFile(join(staging, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
    await rm(opts.outDir, { recursive: true, force: true });
    await rename(staging, opts.outDir);
    step(`done: disk ${(files['disk.qcow2']!.size / 1e6).toFixed(0)} MB, kernel ${(files.vmlinuz!.size / 1e6).toFixed(1)} MB, initrd ${(files['initrd.img']!.size / 1e6).toFixed(1)} MB`);
    return manifest;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/**
 * The mmdebstrap root, cached as a tarball keyed by what decides it (suite, packages,
 * dpkg options), so a rebuild for a changed k8s-lab file does not download Debian again.
 */
async function debianRoot(opts: NodeImageOptions, root: string, work: string, step: (what: string) => void, log: (line: string) => void): Promise<void> {
  const sources = opts.sources ?? '/etc/apt/sources.list.d/debian.sources';
  const key = createHash('sha256').update(JSON.stringify({ SUITE, PACKAGES, DPKG_OPTIONS, sources: existsSync(sources) ? await readFile(sources, 'utf8') : sources })).digest('hex').slice(0, 16);
  const cached = join(dirname(work), `node-base-${key}.tar`);
  if (!existsSync(cached) || opts.force) {
    step(`mmdebstrap ${SUITE} with ${PACKAGES.length} packages`);
    for (const old of (await readdir(dirname(work))).filter((f) => f.startsWith('node-base-'))) await rm(join(dirname(work), old), { force: true });
    await runLogged('mmdebstrap', ['--variant=apt', '--mode=root', '--format=tar', `--include=${PACKAGES.join(',')}`, ...DPKG_OPTIONS.map((o) => `--dpkgopt=${o}`), SUITE, `${cached}.part`, sources], log);
    await rename(`${cached}.part`, cached);
  } else step(`Debian root from ${cached}`);
  await mkdir(root, { recursive: true });
  await runLogged('tar', ['-C', root, '--numeric-owner', '--xattrs', '--xattrs-include=*', '-xpf', cached], log);
}

async function installAgent(from: string, to: string): Promise<void> {
  await rm(to, { recursive: true, force: true });
  await mkdir(to, { recursive: true });
  await runLogged('cp', ['-a', `${from}/.`, to], () => undefined);
}

const VERSIONED = ['linux-image-cloud-amd64', 'containerd', 'runc', 'containernetworking-plugins', 'nodejs', 'docker.io', 'etcd-client', 'openssh-server', 'iptables', 'iproute2'];

async function packageVersions(root: string): Promise<Record<string, string>> {
  const out = await runLogged('chroot', [root, 'dpkg-query', '-W', '-f', '${Package}\t${Version}\n', ...VERSIONED], () => undefined);
  return Object.fromEntries(out.trim().split('\n').map((l) => l.split('\t') as [string, string]));
}

/**
 * Imports the lab images with a containerd on the build host whose root is the image's
 * /var/lib/containerd: same containerd version as the node's, so the content store,
 * metadata and overlayfs snapshots are exactly what the node's containerd reads.
 */
async function preloadImages(root: string, layoutDir: string, work: string, log: (line: string) => void): Promise<string[]> {
  const dir = join(work, 'preload');
  const handle = await startContainerd({ dir, rootDir: join(root, 'var', 'lib', 'containerd'), log: () => undefined });
  try {
    const archive = join(work, 'layout.tar');
    await runLogged('tar', ['-C', layoutDir, '-cf', archive, 'oci-layout', 'index.json', 'blobs'], log);
    await runLogged('ctr', ['--address', handle.socket, '--namespace', 'k8s.io', 'images', 'import', archive], log);
    const list = await runLogged('ctr', ['--address', handle.socket, '--namespace', 'k8s.io', 'images', 'list', '-q'], log);
    await rm(archive, { force: true });
    return list.trim().split('\n').filter((l) => l !== '' && !l.startsWith('sha256:'));
  } finally {
    await handle.stop();
    await rm(dir, { recursive: true, force: true });
  }
}
