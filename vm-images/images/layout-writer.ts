// Writes the layout's index.json / images.json / oci-layout from per-image records, keeps
// the stamps that let an unchanged rebuild reuse its result, and removes blobs no image
// references any more.
import { existsSync } from 'node:fs';
import { mkdir, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { blobPath, CONTAINERD_NAME_ANNOTATION, MEDIA_TYPES, REF_NAME_ANNOTATION } from './layout.js';
import type { Descriptor, OciIndex } from './layout.js';

export interface LayerRecord {
  name: string;
  digest: string;
  size: number;
  diffId: string;
  uncompressedSize: number;
}

export interface ImageRecord {
  name: string;
  refs: string[];
  description: string;
  /** Manifest digest: what `image@sha256:…` and the registry name. */
  digest: string;
  manifestSize: number;
  configDigest: string;
  /** Bytes a pull transfers: manifest + config + compressed layers. */
  size: number;
  /** Bytes of the unpacked layers (tar streams). */
  uncompressedSize: number;
  platform: { architecture: string; os: string };
  layers: LayerRecord[];
  packages: { name: string; version: string }[];
  /** Host packages used to compile files into the image (pause). */
  buildTools: { name: string; version: string }[];
  inputHash: string;
}

export const stateDir = (outDir: string): string => join(outDir, '.build');
const stampPath = (outDir: string, name: string): string => join(stateDir(outDir), 'images', `${name}.json`);

async function writeAtomic(path: string, text: string): Promise<void> {
  const tmp = `${path}.tmp-${process.pid}`;
  await writeFile(tmp, text);
  await rename(tmp, path);
}

export async function readStamp(outDir: string, name: string): Promise<ImageRecord | undefined> {
  try {
    return JSON.parse(await readFile(stampPath(outDir, name), 'utf8')) as ImageRecord;
  } catch {
    return undefined;
  }
}

export async function writeStamp(outDir: string, record: ImageRecord): Promise<void> {
  await mkdir(join(stateDir(outDir), 'images'), { recursive: true });
  await writeAtomic(stampPath(outDir, record.name), `${JSON.stringify(record, null, 2)}\n`);
}

export function blobsOf(record: ImageRecord): string[] {
  return [record.digest, record.configDigest, ...record.layers.map((l) => l.digest)];
}

export function blobsPresent(outDir: string, record: ImageRecord): boolean {
  return blobsOf(record).every((d) => existsSync(blobPath(outDir, d)));
}

/** index.json with one descriptor per reference, sorted, so equal images give equal bytes. */
export function buildIndex(records: readonly ImageRecord[]): OciIndex {
  const manifests: Descriptor[] = records
    .flatMap((r) => r.refs.map((ref) => ({ ref, r })))
    .sort((a, b) => (a.ref < b.ref ? -1 : a.ref > b.ref ? 1 : 0))
    .map(({ ref, r }) => ({
      mediaType: MEDIA_TYPES.manifest,
      digest: r.digest,
      size: r.manifestSize,
      annotations: { [CONTAINERD_NAME_ANNOTATION]: ref, [REF_NAME_ANNOTATION]: ref },
      platform: r.platform,
    }));
  return { schemaVersion: 2, mediaType: MEDIA_TYPES.index, manifests };
}

export async function writeLayoutFiles(outDir: string, records: readonly ImageRecord[]): Promise<void> {
  await mkdir(outDir, { recursive: true });
  await writeAtomic(join(outDir, 'oci-layout'), `${JSON.stringify({ imageLayoutVersion: '1.0.0' })}\n`);
  await writeAtomic(join(outDir, 'index.json'), `${JSON.stringify(buildIndex(records), null, 2)}\n`);
  const images = [...records]
    .sort((a, b) => (a.name < b.name ? -1 : 1))
    .map(({ inputHash: _inputHash, ...rest }) => ({ ref: rest.refs[0], ...rest }));
  await writeAtomic(join(outDir, 'images.json'), `${JSON.stringify({ images }, null, 2)}\n`);
}

/** Deletes blobs that no listed image references (call with the build lock held);
 *  returns how many went. */
export async function collectGarbage(outDir: string, records: readonly ImageRecord[]): Promise<number> {
  const keep = new Set(records.flatMap(blobsOf).map((d) => d.slice('sha256:'.length)));
  const dir = join(outDir, 'blobs', 'sha256');
  if (!existsSync(dir)) return 0;
  let removed = 0;
  for (const name of await readdir(dir)) {
    // leftovers of an interrupted run go too: the build lock keeps other writers out
    const stale = name.includes('.tmp-');
    if (!stale && (!/^[0-9a-f]{64}$/.test(name) || keep.has(name))) continue;
    await rm(join(dir, name), { force: true });
    removed++;
  }
  return removed;
}
