// Helpers for tests that drive a real containerd: the tools it needs, a minimal OCI
// image layout built from the host's static busybox (when the lab images are not
// built), `ctr images import` into the CRI namespace, a registry stand-in that only
// records what containerd asks it, and checks that nothing of a stopped containerd
// is left running or mounted.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync, symlinkSync, copyFileSync, existsSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { listProcesses, mountsUnder } from '../../../main/vm/host/containerd-proc.js';
import { requireTool } from './tools.js';

export function requireContainerdTools(): void {
  for (const tool of ['containerd', 'ctr', 'runc', 'containerd-shim-runc-v2', 'nsenter', 'tar']) requireTool(tool);
  requireTool('busybox');
}

function sha256(data: Buffer | string): string {
  return createHash('sha256').update(data).digest('hex');
}

function writeBlob(layout: string, data: Buffer | string): { digest: string; size: number } {
  const hex = sha256(data);
  writeFileSync(join(layout, 'blobs', 'sha256', hex), data);
  return { digest: `sha256:${hex}`, size: Buffer.byteLength(data) };
}

/**
 * An OCI image layout holding `refs` (full references, e.g. docker.io/library/busybox:latest),
 * each a one-layer image of the host's static busybox running `cmd` — the shape the
 * lab image builder writes (org.opencontainers.image.ref.name = the full reference).
 */
export function buildBusyboxLayout(workDir: string, images: { ref: string; cmd: string[] }[]): string {
  const rootfs = join(workDir, 'rootfs');
  mkdirSync(join(rootfs, 'bin'), { recursive: true });
  copyFileSync(execFileSync('sh', ['-c', 'command -v busybox'], { encoding: 'utf8' }).trim(), join(rootfs, 'bin', 'busybox'));
  for (const applet of ['sh', 'echo', 'sleep', 'cat', 'ls', 'true']) symlinkSync('busybox', join(rootfs, 'bin', applet));
  const layerTar = join(workDir, 'layer.tar');
  execFileSync('tar', ['--owner=0', '--group=0', '--numeric-owner', '-C', rootfs, '-cf', layerTar, '.']);
  const layer = readFileSync(layerTar);

  const layout = join(workDir, 'layout');
  mkdirSync(join(layout, 'blobs', 'sha256'), { recursive: true });
  writeFileSync(join(layout, 'oci-layout'), JSON.stringify({ imageLayoutVersion: '1.0.0' }));
  const layerBlob = writeBlob(layout, layer);
  const manifests = images.map(({ ref, cmd }) => {
    const config = writeBlob(layout, JSON.stringify({
      architecture: 'amd64',
      os: 'linux',
      config: { Cmd: cmd, Env: ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'] },
      rootfs: { type: 'layers', diff_ids: [`sha256:${sha256(layer)}`] },
    }));
    const manifest = writeBlob(layout, JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      config: { mediaType: 'application/vnd.oci.image.config.v1+json', ...config },
      layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar', ...layerBlob }],
    }));
    return {
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      ...manifest,
      annotations: { 'org.opencontainers.image.ref.name': ref },
    };
  });
  writeFileSync(join(layout, 'index.json'), JSON.stringify({ schemaVersion: 2, manifests }));
  return layout;
}

/**
 * Imports every image of an OCI layout into containerd's k8s.io namespace (the one
 * CRI uses). ctr reads an OCI archive (a tar of the layout); references that are full
 * names (with '/' or ':') keep their names, so the images appear to CRI as e.g.
 * docker.io/library/busybox:latest.
 */
export function importLayout(socket: string, layoutDir: string, workDir: string): string {
  const archive = join(workDir, `layout-${process.pid}.tar`);
  // Only the layout itself (a builder may keep work files beside it).
  execFileSync('tar', ['-C', layoutDir, '-cf', archive, 'oci-layout', 'index.json', 'blobs']);
  return execFileSync('ctr', ['--address', socket, '--namespace', 'k8s.io', 'images', 'import', archive], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** The lab images, when the image builder (npm run build:images) has written them. */
export function labImagesLayout(projectRoot: string): string | undefined {
  const dir = join(projectRoot, 'vm-images', 'out', 'images');
  return existsSync(join(dir, 'index.json')) ? dir : undefined;
}

export interface RecordingRegistry {
  url: string;
  /** "METHOD path?query" of every request received */
  requests: string[];
  close(): Promise<void>;
}

/**
 * A registry stand-in on loopback that knows no repository: every request is
 * recorded and answered 404 MANIFEST_UNKNOWN (OCI distribution error format). It
 * shows where containerd sends a pull, and that a pull fails without going anywhere
 * else.
 */
export async function startRecordingRegistry(): Promise<RecordingRegistry> {
  const requests: string[] = [];
  const server = createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    const body = JSON.stringify({ errors: [{ code: 'MANIFEST_UNKNOWN', message: 'manifest unknown' }] });
    res.writeHead(req.url === '/v2/' ? 200 : 404, { 'content-type': 'application/json', 'docker-distribution-api-version': 'registry/2.0' });
    res.end(req.method === 'HEAD' ? undefined : body);
  });
  await new Promise<void>((resolveListen) => server.listen(0, '127.0.0.1', resolveListen));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise<void>((resolveClose) => server.close(() => resolveClose())),
  };
}

/** Processes (containerd, shims) whose command line names this socket or config file. */
export function processesOf(socket: string, configFile: string): string[] {
  return listProcesses()
    .filter((p) => p.argv.includes(socket) || p.argv.includes(configFile))
    .map((p) => `${p.pid} ${p.argv.join(' ')}`);
}

export function mountsOf(dirs: string[]): string[] {
  return mountsUnder(dirs);
}
