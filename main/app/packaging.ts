// What a packaged app keeps outside its app folder: the node VM image and the lab images,
// too big for the app archive and read by child processes (QEMU, the registry) by path.
// electron-builder.yml's extraResources copies them; packaging.spec.ts checks the two agree.
// No electron import here: the spec runs under plain Node.
import { join } from 'node:path';

export const PACKAGED_RESOURCES = [
  { asset: 'vm-images/out/node', resource: 'vm-images/node' },
  { asset: 'vm-images/out/images', resource: 'vm-images/images' },
] as const;

/** the asset prefixes and where they are in a packaged app (`process.resourcesPath`) */
export function packagedAssetDirs(resourcesPath: string): { prefix: string; dir: string }[] {
  return PACKAGED_RESOURCES.map((r) => ({ prefix: r.asset, dir: join(resourcesPath, ...r.resource.split('/')) }));
}
