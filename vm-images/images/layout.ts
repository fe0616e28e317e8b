// Reading the OCI image layout the builder writes (vm-images/out/images): index.json lists
// one descriptor per reference, annotated with the full normalized reference
// (org.opencontainers.image.ref.name, plus io.containerd.image.name for `ctr import`).
// The embedded registry serves images from here.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

export const MEDIA_TYPES = {
  index: 'application/vnd.oci.image.index.v1+json',
  manifest: 'application/vnd.oci.image.manifest.v1+json',
  config: 'application/vnd.oci.image.config.v1+json',
  layerGzip: 'application/vnd.oci.image.layer.v1.tar+gzip',
} as const;

export const REF_NAME_ANNOTATION = 'org.opencontainers.image.ref.name';
export const CONTAINERD_NAME_ANNOTATION = 'io.containerd.image.name';

export class LayoutError extends Error {
  override name = 'LayoutError';
}

export interface Descriptor {
  mediaType: string;
  digest: string;
  size: number;
  annotations?: Record<string, string>;
  platform?: { architecture: string; os: string };
}

export interface OciIndex {
  schemaVersion: 2;
  mediaType?: string;
  manifests: Descriptor[];
}

export interface OciManifest {
  schemaVersion: 2;
  mediaType: string;
  config: Descriptor;
  layers: Descriptor[];
  annotations?: Record<string, string>;
}

export interface OciImageConfig {
  created?: string;
  architecture: string;
  os: string;
  config: {
    User?: string;
    Entrypoint?: string[];
    Cmd?: string[];
    Env?: string[];
    ExposedPorts?: Record<string, Record<string, never>>;
    WorkingDir?: string;
    StopSignal?: string;
    Labels?: Record<string, string>;
  };
  rootfs: { type: 'layers'; diff_ids: string[] };
  history?: { created?: string; created_by?: string; comment?: string; empty_layer?: boolean }[];
}

export interface LayoutImage {
  /** The first reference naming this manifest (e.g. docker.io/library/nginx:latest). */
  ref: string;
  /** Every reference naming this manifest (myweb has two). */
  refs: string[];
  manifestDigest: string;
  manifestMediaType: string;
  /** Byte size of the manifest blob. */
  size: number;
  manifest: OciManifest;
  config: OciImageConfig;
}

/** Path of a blob (`sha256:<hex>`) inside a layout directory. */
export function blobPath(dir: string, digest: string): string {
  const m = /^sha256:([0-9a-f]{64})$/.exec(digest);
  if (!m?.[1]) throw new LayoutError(`not a sha256 digest: ${digest}`);
  return join(dir, 'blobs', 'sha256', m[1]);
}

async function readJson<T>(path: string): Promise<T> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as T;
  } catch (err) {
    throw new LayoutError(`cannot read ${path}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** The images of a layout, one entry per manifest, sorted by first reference. */
export async function readLayout(dir: string): Promise<LayoutImage[]> {
  const index = await readJson<OciIndex>(join(dir, 'index.json'));
  const byDigest = new Map<string, { desc: Descriptor; refs: string[] }>();
  for (const desc of index.manifests) {
    const ref = desc.annotations?.[REF_NAME_ANNOTATION];
    const seen = byDigest.get(desc.digest);
    if (seen) { if (ref !== undefined) seen.refs.push(ref); continue; }
    byDigest.set(desc.digest, { desc, refs: ref === undefined ? [] : [ref] });
  }
  const out: LayoutImage[] = [];
  for (const { desc, refs } of byDigest.values()) {
    const manifest = await readJson<OciManifest>(blobPath(dir, desc.digest));
    const config = await readJson<OciImageConfig>(blobPath(dir, manifest.config.digest));
    refs.sort();
    out.push({ ref: refs[0] ?? desc.digest, refs, manifestDigest: desc.digest, manifestMediaType: desc.mediaType, size: desc.size, manifest, config });
  }
  return out.sort((a, b) => (a.ref < b.ref ? -1 : a.ref > b.ref ? 1 : 0));
}
