// The node image's manifest (vm-images/out/node/manifest.json) and the check the QEMU
// provider runs before booting: every file present, the sizes it recorded.
import { existsSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

export const NODE_IMAGE_FORMAT = 1;

export interface NodeImageManifest {
  format: number;
  name: string;
  suite: string;
  arch: string;
  /** the kernel release, e.g. 6.1.0-56-cloud-amd64 */
  kernel: string;
  inputsHash: string;
  builtAt: string;
  buildSeconds: number;
  diskVirtualSize: number;
  rootUsedBytes: number;
  /** Debian package → version of the parts a node is made of */
  versions: Record<string, string>;
  preloadedImages: string[];
  files: Partial<Record<'vmlinuz' | 'initrd.img' | 'disk.qcow2', { sha256: string; size: number }>>;
}

export interface NodeImage {
  dir: string;
  manifest: NodeImageManifest;
  kernel: string;
  initrd: string;
  disk: string;
}

/** Missing or corrupt node image: the message names the file and the fix. */
export class NodeImageError extends Error {
  override readonly name = 'NodeImageError';
}

const FIX = 'build it with `npm run build:images`';
/** `--` hands the flag to the image builder: `npm run build:images --force` would be npm's own --force */
const FIX_FORCE = 'rebuild it with `npm run build:images -- --force`';

export async function readNodeImage(dir: string): Promise<NodeImage> {
  const manifestPath = join(dir, 'manifest.json');
  if (!existsSync(manifestPath)) throw new NodeImageError(`no node image at ${dir} (manifest.json missing): ${FIX}`);
  let manifest: NodeImageManifest;
  try {
    manifest = JSON.parse(await readFile(manifestPath, 'utf8')) as NodeImageManifest;
  } catch (err) {
    throw new NodeImageError(`node image manifest ${manifestPath} is not valid JSON (${(err as Error).message}): ${FIX_FORCE}`);
  }
  if (manifest.format !== NODE_IMAGE_FORMAT) throw new NodeImageError(`node image ${dir} has format ${String(manifest.format)}, this k8s-lab reads ${NODE_IMAGE_FORMAT}: ${FIX}`);
  const image: NodeImage = { dir, manifest, kernel: join(dir, 'vmlinuz'), initrd: join(dir, 'initrd.img'), disk: join(dir, 'disk.qcow2') };
  for (const name of ['vmlinuz', 'initrd.img', 'disk.qcow2'] as const) {
    const path = join(dir, name);
    const want = manifest.files?.[name];
    if (!want) throw new NodeImageError(`node image manifest ${manifestPath} lists no ${name}: ${FIX_FORCE}`);
    if (!existsSync(path)) throw new NodeImageError(`node image file ${path} is missing: ${FIX_FORCE}`);
    const size = statSync(path).size;
    if (size !== want.size) throw new NodeImageError(`node image file ${path} is ${size} bytes, the manifest says ${want.size} (corrupt or half-written): ${FIX_FORCE}`);
  }
  return image;
}
