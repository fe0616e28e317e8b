// The real node VM image for the QEMU tests: built from Debian packages on first use
// (the lab images first: the node image preloads them), reused when its inputs are
// unchanged. Prints what it built or reused, with sizes and the time it took.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from './lab.js';

/** long enough for a cold build here (mmdebstrap + mkfs + qcow2: ~2–3 min; lab images ~1 min) */
export const NODE_IMAGE_BUILD_TIMEOUT_MS = 1_200_000;

export function ensureBuiltNodeImage(): string {
  const t0 = Date.now();
  const images = spawnSync(process.execPath, [join(ROOT, 'dist', 'build-images.mjs')], { encoding: 'utf8', timeout: 900_000 });
  if (images.status !== 0) throw new Error(`building the lab images failed:\n${images.stdout}\n${images.stderr}`);
  const build = spawnSync(process.execPath, [join(ROOT, 'dist', 'build-node-image.mjs')], { encoding: 'utf8', timeout: 900_000 });
  console.log(`${build.stdout.split('\n').filter((l) => /node image|disk\.qcow2|preloaded|containerd/.test(l)).join('\n')}\n(${((Date.now() - t0) / 1000).toFixed(0)} s)`);
  if (build.status !== 0) throw new Error(`building the node image failed:\n${build.stdout}\n${build.stderr}`);
  return join(ROOT, 'vm-images', 'out', 'node');
}
