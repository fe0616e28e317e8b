// Reads an OCI image layout (image-spec image-layout.md) into what the registry serves.
//
// The lab's image builder (vm-images/images) writes one layout for every image, with
// index.json entries annotated `org.opencontainers.image.ref.name` = the full reference
// (docker.io/library/nginx:latest). vm-images/images/layout.ts parses manifests for the
// builder's own use; the registry needs the exact stored bytes, child manifests of an
// index and the blob sizes, so it reads the layout itself here.
//
// Everything is checked at load time (manifest digests, blob presence and sizes), so a
// half-written layout fails loudly instead of serving a manifest whose layers 404.

import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { RegistryError } from './errors.js';
import { isValidDigest, normalizeReference } from './reference.js';

export const MEDIA_TYPES = {
  ociManifest: 'application/vnd.oci.image.manifest.v1+json',
  ociIndex: 'application/vnd.oci.image.index.v1+json',
  dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
  dockerList: 'application/vnd.docker.distribution.manifest.list.v2+json',
} as const;

export const INDEX_TYPES: readonly string[] = [MEDIA_TYPES.ociIndex, MEDIA_TYPES.dockerList];
const MANIFEST_TYPES: readonly string[] = [MEDIA_TYPES.ociManifest, MEDIA_TYPES.dockerManifest];

const REF_NAME = 'org.opencontainers.image.ref.name';
// `ctr images export` keeps the full name here and only the tag in REF_NAME.
const CONTAINERD_NAME = 'io.containerd.image.name';
const MAX_INDEX_DEPTH = 4;

export interface Platform {
  os?: string;
  architecture?: string;
  variant?: string;
}

export interface StoredManifest {
  digest: string;
  mediaType: string;
  bytes: Buffer;
  /** For an index: its manifests, with their platforms. */
  children: { digest: string; platform?: Platform }[];
}

export interface Repository {
  /** Full name: docker.io/library/nginx. */
  name: string;
  tags: Map<string, string>;
  manifests: Map<string, StoredManifest>;
  /** Config and layer blobs referenced by this repository's manifests: digest → size. */
  blobs: Map<string, number>;
}

export interface LayoutContent {
  dir: string;
  repositories: Map<string, Repository>;
  /** Registry hosts that have at least one repository (docker.io, registry.k8s.io, …). */
  registries: string[];
}

interface Descriptor {
  mediaType?: string;
  digest: string;
  size: number;
  platform?: Platform;
  annotations?: Record<string, string>;
}

interface ManifestJson {
  mediaType?: string;
  config?: Descriptor;
  layers?: Descriptor[];
  manifests?: Descriptor[];
}

export function blobPath(dir: string, digest: string): string {
  const [algorithm = '', encoded = ''] = digest.split(':', 2);
  return join(dir, 'blobs', algorithm, encoded);
}

export async function readLayoutContent(dir: string): Promise<LayoutContent> {
  const layoutFile = await readJson<{ imageLayoutVersion?: string }>(join(dir, 'oci-layout'));
  if (typeof layoutFile.imageLayoutVersion !== 'string') invalid(`${dir}/oci-layout has no imageLayoutVersion`);
  const index = await readJson<ManifestJson>(join(dir, 'index.json'));
  const repositories = new Map<string, Repository>();
  const reader = new BlobReader(dir);
  for (const desc of index.manifests ?? []) {
    const refName = desc.annotations?.[CONTAINERD_NAME] ?? desc.annotations?.[REF_NAME];
    if (refName === undefined) continue; // untagged: no repository to serve it under
    let ref;
    try {
      ref = normalizeReference(refName);
    } catch (err) {
      invalid(`index.json: ${(err as Error).message}`);
    }
    if (ref.tag === undefined) invalid(`index.json: ${refName} has no tag`);
    let repo = repositories.get(ref.repository);
    if (!repo) {
      repo = { name: ref.repository, tags: new Map(), manifests: new Map(), blobs: new Map() };
      repositories.set(ref.repository, repo);
    }
    if (repo.tags.has(ref.tag)) invalid(`index.json: ${ref.repository}:${ref.tag} appears twice`);
    repo.tags.set(ref.tag, desc.digest);
    await reader.addManifest(repo, desc, 0);
  }
  const registries = [...new Set([...repositories.values()].map((r) => r.name.slice(0, r.name.indexOf('/'))))];
  return { dir, repositories, registries };
}

class BlobReader {
  constructor(private readonly dir: string) {}

  async addManifest(repo: Repository, desc: Descriptor, depth: number): Promise<void> {
    if (repo.manifests.has(desc.digest)) return;
    if (depth > MAX_INDEX_DEPTH) invalid(`${desc.digest}: indexes nested deeper than ${MAX_INDEX_DEPTH}`);
    const bytes = await this.readVerified(desc);
    let json: ManifestJson;
    try {
      json = JSON.parse(bytes.toString('utf8')) as ManifestJson;
    } catch {
      invalid(`manifest ${desc.digest} is not JSON`);
    }
    const mediaType = desc.mediaType ?? json.mediaType ?? (json.manifests ? MEDIA_TYPES.ociIndex : MEDIA_TYPES.ociManifest);
    const manifest: StoredManifest = { digest: desc.digest, mediaType, bytes, children: [] };
    repo.manifests.set(desc.digest, manifest);
    if (INDEX_TYPES.includes(mediaType)) {
      for (const child of json.manifests ?? []) {
        manifest.children.push({ digest: child.digest, ...(child.platform && { platform: child.platform }) });
        await this.addManifest(repo, child, depth + 1);
      }
    } else if (MANIFEST_TYPES.includes(mediaType)) {
      if (!json.config) invalid(`manifest ${desc.digest} has no config`);
      for (const blob of [json.config, ...(json.layers ?? [])]) {
        await this.checkBlob(blob);
        repo.blobs.set(blob.digest, blob.size);
      }
    } else {
      invalid(`manifest ${desc.digest} has unsupported media type ${mediaType}`);
    }
  }

  private async readVerified(desc: Descriptor): Promise<Buffer> {
    checkDigest(desc.digest);
    const bytes = await readFile(blobPath(this.dir, desc.digest)).catch((err: unknown) =>
      invalid(`manifest blob ${desc.digest}: ${(err as Error).message}`),
    );
    const [algorithm = '', encoded] = desc.digest.split(':', 2);
    if (createHash(algorithm).update(bytes).digest('hex') !== encoded) invalid(`manifest blob ${desc.digest}: digest mismatch`);
    if (bytes.length !== desc.size) invalid(`manifest blob ${desc.digest}: size ${bytes.length}, descriptor says ${desc.size}`);
    return bytes;
  }

  private async checkBlob(desc: Descriptor): Promise<void> {
    checkDigest(desc.digest);
    const info = await stat(blobPath(this.dir, desc.digest)).catch((err: unknown) =>
      invalid(`blob ${desc.digest}: ${(err as Error).message}`),
    );
    if (info.size !== desc.size) invalid(`blob ${desc.digest}: size ${info.size}, descriptor says ${desc.size}`);
  }
}

function checkDigest(digest: unknown): asserts digest is string {
  if (typeof digest !== 'string' || !isValidDigest(digest) || !/^sha(256|512):/.test(digest)) {
    invalid(`unsupported digest ${JSON.stringify(digest)}`);
  }
}

async function readJson<T>(file: string): Promise<T> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    invalid(`cannot read ${file}: ${(err as Error).message}`);
  }
  try {
    return JSON.parse(text) as T;
  } catch {
    invalid(`${file} is not JSON`);
  }
}

function invalid(message: string): never {
  throw new RegistryError('LayoutInvalid', message);
}
