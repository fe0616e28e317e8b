// Test fixtures for the registry specs and its integration test: a small but real OCI
// image layout (gzip'd tar layers made by GNU tar, image configs with the right diff_ids,
// manifests, optional multi-platform indexes) that skopeo and containerd accept.

import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { MEDIA_TYPES } from './oci-layout.js';

export interface FixtureImage {
  /** Full reference written as the ref.name annotation: docker.io/library/busybox:latest. */
  ref: string;
  /** Files of the single layer: path → content. */
  files: Record<string, string>;
  /** Wrap the manifest in an index with a second (s390x) platform beside this host's. */
  multiPlatform?: boolean;
  /** Docker schema2 media types instead of OCI. */
  docker?: boolean;
}

export interface FixtureManifest {
  digest: string;
  bytes: Buffer;
  configDigest: string;
  layerDigest: string;
  layer: Buffer;
}

export interface FixtureEntry {
  /** What the tag points at: the index when multiPlatform, else the manifest. */
  digest: string;
  mediaType: string;
  bytes: Buffer;
  /** The manifest for this host's platform. */
  manifest: FixtureManifest;
  /** The other platform's manifest (multiPlatform only). */
  other?: FixtureManifest;
}

const GOARCH: Record<string, string> = { x64: 'amd64', arm64: 'arm64' };
export const HOST_ARCH = GOARCH[process.arch] ?? process.arch;

export const sha256 = (bytes: Buffer | string): string => `sha256:${createHash('sha256').update(bytes).digest('hex')}`;

export async function makeTempDir(prefix: string): Promise<{ path: string; remove: () => Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), `k8s-lab-${prefix}-`));
  return { path, remove: () => rm(path, { recursive: true, force: true }) };
}

/** Writes an OCI image layout with the given images to `dir`; returns what each ref points at. */
export async function writeFixtureLayout(dir: string, images: FixtureImage[]): Promise<Map<string, FixtureEntry>> {
  await mkdir(join(dir, 'blobs', 'sha256'), { recursive: true });
  await writeFile(join(dir, 'oci-layout'), JSON.stringify({ imageLayoutVersion: '1.0.0' }));
  const put = async (bytes: Buffer): Promise<string> => {
    const digest = sha256(bytes);
    await writeFile(join(dir, 'blobs', 'sha256', digest.slice('sha256:'.length)), bytes);
    return digest;
  };
  const entries = new Map<string, FixtureEntry>();
  const index: Record<string, unknown>[] = [];
  for (const image of images) {
    const tar = await makeTar(image.files);
    const layer = gzipSync(tar);
    const manifest = await writeManifest(put, image, tar, layer, HOST_ARCH);
    let entry: FixtureEntry;
    if (image.multiPlatform) {
      const other = await writeManifest(put, image, tar, layer, 's390x');
      const type = image.docker ? MEDIA_TYPES.dockerList : MEDIA_TYPES.ociIndex;
      const child = (m: FixtureManifest, architecture: string) => ({
        mediaType: image.docker ? MEDIA_TYPES.dockerManifest : MEDIA_TYPES.ociManifest,
        digest: m.digest,
        size: m.bytes.length,
        platform: { architecture, os: 'linux' },
      });
      const bytes = json({ schemaVersion: 2, mediaType: type, manifests: [child(other, 's390x'), child(manifest, HOST_ARCH)] });
      entry = { digest: await put(bytes), mediaType: type, bytes, manifest, other };
    } else {
      const type = image.docker ? MEDIA_TYPES.dockerManifest : MEDIA_TYPES.ociManifest;
      entry = { digest: manifest.digest, mediaType: type, bytes: manifest.bytes, manifest };
    }
    entries.set(image.ref, entry);
    index.push({
      mediaType: entry.mediaType,
      digest: entry.digest,
      size: entry.bytes.length,
      annotations: { 'org.opencontainers.image.ref.name': image.ref },
    });
  }
  await writeFile(join(dir, 'index.json'), json({ schemaVersion: 2, mediaType: MEDIA_TYPES.ociIndex, manifests: index }));
  return entries;
}

async function writeManifest(
  put: (b: Buffer) => Promise<string>,
  image: FixtureImage,
  tar: Buffer,
  layer: Buffer,
  architecture: string,
): Promise<FixtureManifest> {
  const config = json({
    created: '2024-01-01T00:00:00Z',
    architecture,
    os: 'linux',
    config: { Cmd: ['/bin/sh'], Env: ['PATH=/bin'] },
    rootfs: { type: 'layers', diff_ids: [sha256(tar)] },
  });
  const configDigest = await put(config);
  const layerDigest = await put(layer);
  const docker = image.docker === true;
  const bytes = json({
    schemaVersion: 2,
    mediaType: docker ? MEDIA_TYPES.dockerManifest : MEDIA_TYPES.ociManifest,
    config: {
      mediaType: docker ? 'application/vnd.docker.container.image.v1+json' : 'application/vnd.oci.image.config.v1+json',
      digest: configDigest,
      size: config.length,
    },
    layers: [
      {
        mediaType: docker ? 'application/vnd.docker.image.rootfs.diff.tar.gzip' : 'application/vnd.oci.image.layer.v1.tar+gzip',
        digest: layerDigest,
        size: layer.length,
      },
    ],
  });
  return { digest: await put(bytes), bytes, configDigest, layerDigest, layer };
}

/** A reproducible tar of the files, made by GNU tar (what the layer format is defined against). */
async function makeTar(files: Record<string, string>): Promise<Buffer> {
  const { path: root, remove } = await makeTempDir('registry-layer');
  try {
    for (const [name, text] of Object.entries(files)) {
      await mkdir(dirname(join(root, name)), { recursive: true });
      await writeFile(join(root, name), text);
    }
    return execFileSync('tar', ['-C', root, '--sort=name', '--mtime=@0', '--owner=0', '--group=0', '--numeric-owner', '-cf', '-', '.'], {
      maxBuffer: 64 << 20,
    });
  } finally {
    await remove();
  }
}

function json(value: unknown): Buffer {
  return Buffer.from(JSON.stringify(value));
}
