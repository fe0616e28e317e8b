// `npm run build:images` (second step): builds the node VM image into vm-images/out/node
// from Debian packages, after the lab images it preloads.
//   --out DIR      output directory (default vm-images/out/node)
//   --images DIR   the lab images' OCI layout (default vm-images/out/images)
//   --force        rebuild even when the inputs are unchanged
import { dirname, join, resolve } from 'node:path';
import { findSourceDir } from '../images/inputs.js';
import { buildNodeImage } from './build.js';

const argv = process.argv.slice(2);
// findSourceDir() is vm-images/images; the repository is two levels up
const sourceDir = dirname(dirname(findSourceDir()));
let outDir = join(sourceDir, 'vm-images', 'out', 'node');
let labImagesDir = join(sourceDir, 'vm-images', 'out', 'images');
let force = false;
for (let i = 0; i < argv.length; i++) {
  const arg = argv[i];
  if (arg === '--out') outDir = resolve(argv[++i] ?? '');
  else if (arg === '--images') labImagesDir = resolve(argv[++i] ?? '');
  else if (arg === '--force') force = true;
  else if (arg === '--help' || arg === '-h') {
    console.log('usage: build-node-image [--out DIR] [--images DIR] [--force]');
    process.exit(0);
  } else {
    console.error(`build-node-image: unknown argument ${String(arg)} (try --help)`);
    process.exit(2);
  }
}
try {
  const t0 = Date.now();
  const { manifest, reused } = await buildNodeImage({ sourceDir, outDir, labImagesDir, agentDir: join(sourceDir, 'dist', 'agent'), force });
  const mb = (n: number | undefined): string => `${((n ?? 0) / 1e6).toFixed(1)} MB`;
  console.log(`\nnode image ${manifest.name} (${manifest.suite}, kernel ${manifest.kernel}): ${reused ? 'reused' : `built in ${manifest.buildSeconds} s`} → ${outDir}`);
  console.log(`  disk.qcow2 ${mb(manifest.files['disk.qcow2']?.size)} (root ${mb(manifest.rootUsedBytes)} used of ${mb(manifest.diskVirtualSize)}), vmlinuz ${mb(manifest.files.vmlinuz?.size)}, initrd.img ${mb(manifest.files['initrd.img']?.size)}`);
  console.log(`  ${Object.entries(manifest.versions).map(([p, v]) => `${p} ${v}`).join(', ')}`);
  console.log(`  preloaded: ${manifest.preloadedImages.join(', ')}`);
  console.log(`  (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
} catch (err) {
  console.error(`build-node-image: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
}
