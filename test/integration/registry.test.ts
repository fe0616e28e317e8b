// The lab registry against the real clients: Debian's skopeo and containerd 1.6 (ctr).
// Uses the lab's built images (vm-images/out/images) when they exist, else the
// registry's fixture layout — the test says which on stderr.
//
// containerd is a host node's (startContainerd with registryUrl: every registry host's
// hosts.toml names only our registry, no fallback) — so a pull that worked came from us,
// and the registry's own log shows every request containerd made.

import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectCri, CriError } from '../../agent/cri/cri-client.js';
import type { CriClient } from '../../agent/cri/cri-client.js';
import { startRegistry } from '../../main/registry/registry.js';
import type { RegistryHandle } from '../../main/registry/registry.js';
import { makeTempDir, sha256, writeFixtureLayout } from '../../main/registry/spec-support.js';
import { containerdPaths, startContainerd } from '../../main/vm/host/containerd.js';
import type { ContainerdHandle } from '../../main/vm/host/containerd.js';
import { requireTool } from './support/tools.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const LAB_LAYOUT = join(ROOT, 'vm-images', 'out', 'images');
const BUSYBOX = 'docker.io/library/busybox:latest';

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

function run(file: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<Result> {
  return new Promise((resolve, reject) => {
    execFile(file, args, { env, timeout: 120_000, maxBuffer: 16 << 20, encoding: 'utf8' }, (err, stdout, stderr) => {
      if (err && typeof err.code !== 'number') reject(new Error(`${file} ${args.join(' ')}: ${err.message}`, { cause: err }));
      else resolve({ code: typeof err?.code === 'number' ? err.code : 0, stdout, stderr });
    });
  });
}

let tmp: string;
let removeTmp: () => Promise<void>;
let layoutDir: string;
let registry: RegistryHandle;
let hostPort: string;
const log: string[] = [];

/** The digest busybox:latest has in the layout, read from index.json directly. */
async function layoutDigest(ref: string): Promise<string> {
  const index = JSON.parse(await readFile(join(layoutDir, 'index.json'), 'utf8')) as {
    manifests: { digest: string; annotations?: Record<string, string> }[];
  };
  const found = index.manifests.find((m) => m.annotations?.['org.opencontainers.image.ref.name'] === ref);
  if (!found) throw new Error(`${ref} is not in ${layoutDir}/index.json`);
  return found.digest;
}

beforeAll(async () => {
  requireTool('skopeo');
  ({ path: tmp, remove: removeTmp } = await makeTempDir('registry-it'));
  if (existsSync(join(LAB_LAYOUT, 'index.json'))) {
    layoutDir = LAB_LAYOUT;
  } else {
    layoutDir = join(tmp, 'layout');
    process.stderr.write(`registry.test: ${LAB_LAYOUT} not built; using the fixture layout\n`);
    await writeFixtureLayout(layoutDir, [
      { ref: BUSYBOX, files: { 'bin/hello': 'hello from the lab registry\n' } },
      { ref: 'registry.k8s.io/pause:3.6', files: { pause: 'pause\n' }, docker: true },
      { ref: 'docker.io/library/nginx:latest', files: { 'etc/nginx/nginx.conf': 'events {}\n' }, multiPlatform: true },
    ]);
  }
  registry = await startRegistry({ layoutDir, log: (l) => log.push(l) });
  hostPort = `127.0.0.1:${registry.port}`;
});

afterAll(async () => {
  await registry?.close();
  await removeTmp?.();
});

describe('skopeo', () => {
  // Hermetic: our own trust policy and an empty registries.conf, so nothing on the host
  // can add a mirror or a search registry.
  const skopeo = async (args: string[]) => {
    const policy = join(tmp, 'policy.json');
    const conf = join(tmp, 'registries.conf');
    if (!existsSync(policy)) {
      await writeFile(policy, JSON.stringify({ default: [{ type: 'insecureAcceptAnything' }] }));
      await writeFile(conf, '');
    }
    return run('skopeo', ['--policy', policy, ...args], { ...process.env, CONTAINERS_REGISTRIES_CONF: conf });
  };

  it('inspects busybox: the digest is the layout’s, the raw manifest hashes to it', async () => {
    const digest = await layoutDigest(BUSYBOX);
    const r = await skopeo(['inspect', '--tls-verify=false', `docker://${hostPort}/library/busybox:latest`]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const info = JSON.parse(r.stdout) as { Digest: string; RepoTags: string[]; Os: string; Layers: string[] };
    expect(info.Digest).toBe(digest);
    expect(info.RepoTags).toContain('latest');
    expect(info.Os).toBe('linux');
    expect(info.Layers.length).toBeGreaterThan(0);
    const raw = await skopeo(['inspect', '--raw', '--tls-verify=false', `docker://${hostPort}/docker.io/library/busybox:latest`]);
    expect(raw.code).toBe(0);
    expect(sha256(raw.stdout)).toBe(digest);
  });

  it('copies busybox to an OCI layout with the same manifest digest', async () => {
    const digest = await layoutDigest(BUSYBOX);
    const dest = join(tmp, 'copy');
    const r = await skopeo(['copy', '--all', '--src-tls-verify=false', `docker://${hostPort}/library/busybox:latest`, `oci:${dest}:busybox`]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const index = JSON.parse(await readFile(join(dest, 'index.json'), 'utf8')) as {
      manifests: { digest: string; annotations?: Record<string, string> }[];
    };
    expect(index.manifests).toHaveLength(1);
    expect(index.manifests[0]?.digest).toBe(digest);
    expect(index.manifests[0]?.annotations?.['org.opencontainers.image.ref.name']).toBe('busybox');
    // Every blob skopeo wrote hashes to its name (skopeo checks too; this proves the bytes arrived whole).
    const copied = await readFile(join(dest, 'blobs', 'sha256', digest.slice('sha256:'.length)));
    expect(sha256(copied)).toBe(digest);
    expect(log.some((l) => /^GET \/v2\/library\/busybox\/blobs\/sha256:[0-9a-f]{64} 200 \d+$/.test(l))).toBe(true);
  });

  it('fails an unknown name or tag with the registry’s error codes', async () => {
    const cases: [string, RegExp][] = [
      ['library/busybox777:latest', /name unknown/i],
      ['redis123:latest', /name unknown/i],
      ['library/busybox:nope', /manifest unknown/i],
    ];
    for (const [ref, message] of cases) {
      const r = await skopeo(['inspect', '--tls-verify=false', `docker://${hostPort}/${ref}`]);
      expect(r.code, ref).not.toBe(0);
      expect(r.stderr, ref).toMatch(message);
    }
  });
});

describe('containerd through hosts.toml (startContainerd with registryUrl)', () => {
  let node: ContainerdHandle | undefined;
  let cri: CriClient;
  let certsDir: string;
  const ctr = (args: string[]) => run('ctr', ['--address', node?.socket ?? '', '--namespace', 'k8s.io', ...args]);
  const pull = (image: string) => cri.pullImage({ image: { image, annotations: {} } });

  beforeAll(async () => {
    requireTool('containerd');
    requireTool('ctr');
    const dir = join(tmp, 'node');
    certsDir = containerdPaths(dir).certsDir;
    node = await startContainerd({ dir, registryUrl: registry.url });
    cri = connectCri(node.socket);
  });

  afterAll(async () => {
    cri?.close();
    await node?.stop();
  });

  it('pulls busybox through CRI from this registry, every request saying ns=docker.io', async () => {
    const digest = await layoutDigest(BUSYBOX);
    log.length = 0;
    const { imageRef } = await pull(BUSYBOX);
    expect(imageRef).toMatch(/^sha256:[0-9a-f]{64}$/);
    const { image } = await cri.imageStatus({ image: { image: BUSYBOX, annotations: {} }, verbose: false });
    expect(image?.repoTags).toContain(BUSYBOX);
    expect(image?.repoDigests).toContain(`docker.io/library/busybox@${digest}`);
    // The pull came here (the digest is this layout's) and nowhere else: containerd asked
    // us for the manifest and every blob, naming Docker Hub as the upstream each time.
    expect(log).toContain('HEAD /v2/library/busybox/manifests/latest?ns=docker.io 200 0');
    expect(log.some((l) => /^GET \/v2\/library\/busybox\/blobs\/sha256:[0-9a-f]{64}\?ns=docker\.io 200 \d+$/.test(l))).toBe(true);
    for (const l of log) expect(l).toMatch(/^(HEAD|GET) \/v2\/library\/busybox\/(manifests|blobs)\/\S+\?ns=docker\.io (200|206) \d+$/);
  });

  it('pulls registry.k8s.io/pause:3.6 with ns=registry.k8s.io', async () => {
    log.length = 0;
    await pull('registry.k8s.io/pause:3.6');
    expect(log).toContain('HEAD /v2/pause/manifests/3.6?ns=registry.k8s.io 200 0');
  });

  it('fails busybox777 and redis123 with "not found" after asking only us', async () => {
    for (const [image, path] of [
      ['busybox777', '/v2/library/busybox777/manifests/latest?ns=docker.io'],
      ['redis123', '/v2/library/redis123/manifests/latest?ns=docker.io'],
    ] as const) {
      log.length = 0;
      const failure = await pull(image).then(
        () => undefined,
        (err: unknown) => err,
      );
      expect(failure, image).toBeInstanceOf(CriError);
      expect((failure as CriError).details, image).toContain(`docker.io/library/${image}:latest: not found`);
      expect(log, image).toContain(`HEAD ${path} 404 0`);
    }
  });

  it('ctr with the node’s hosts dir: pulls by tag, fails an unknown tag with "not found"', async () => {
    log.length = 0;
    const ok = await ctr(['images', 'pull', '--hosts-dir', certsDir, 'registry.k8s.io/pause:3.6']);
    expect(ok.code, ok.stderr).toBe(0);
    expect(log).toContain('HEAD /v2/pause/manifests/3.6?ns=registry.k8s.io 200 0');
    const bad = await ctr(['images', 'pull', '--hosts-dir', certsDir, 'docker.io/library/busybox:nope']);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('docker.io/library/busybox:nope: not found');
    expect(log).toContain('HEAD /v2/library/busybox/manifests/nope?ns=docker.io 404 0');
  });
});
