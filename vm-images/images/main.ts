// `npm run build:images`: builds the offline lab images (pause, busybox, nginx, redis,
// httpd, myweb, echo) from Debian packages into an OCI layout for the embedded registry.
//   --out DIR        layout directory (default vm-images/out/images)
//   --cache DIR      downloaded .debs and extracted trees (default vm-images/out/cache)
//   --only a,b       build only these images (the others stay in the layout)
//   --force          rebuild even when the inputs are unchanged
import { resolve } from 'node:path';
import { buildImages } from './build.js';
import type { BuildOptions } from './build.js';
import type { ImageRecord } from './layout-writer.js';

function parseArgs(argv: string[]): BuildOptions {
  const opts: BuildOptions = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    const [flag, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined || v === '') throw new Error(`${flag} needs a value`);
      return v;
    };
    if (flag === '--out') opts.outDir = resolve(value());
    else if (flag === '--cache') opts.cacheDir = resolve(value());
    else if (flag === '--only') opts.only = value().split(',').map((s) => s.trim()).filter((s) => s !== '');
    else if (flag === '--force') opts.force = true;
    else if (flag === '--help' || flag === '-h') {
      console.log('usage: build-images [--out DIR] [--cache DIR] [--only name,…] [--force]');
      process.exit(0);
    } else throw new Error(`unknown argument ${arg} (try --help)`);
  }
  return opts;
}

function table(images: ImageRecord[]): string {
  const rows = images.flatMap((img) => img.refs.map((ref) => [ref, img.digest.slice(0, 19), `${(img.size / 1e6).toFixed(2)} MB`, `${(img.uncompressedSize / 1e6).toFixed(2)} MB`]));
  const head = ['REFERENCE', 'DIGEST', 'COMPRESSED', 'UNPACKED'];
  const widths = head.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? '').length)));
  return [head, ...rows].map((r) => r.map((cell, c) => cell.padEnd(widths[c] ?? 0)).join('  ').trimEnd()).join('\n');
}

try {
  const result = await buildImages(parseArgs(process.argv.slice(2)));
  console.log('');
  console.log(table(result.images));
  const what = [result.built.length > 0 ? `built ${result.built.join(', ')}` : '', result.reused.length > 0 ? `reused ${result.reused.join(', ')}` : ''].filter((s) => s !== '').join('; ');
  console.log(`\nbuild-images: ${what || 'nothing selected'} in ${result.seconds.toFixed(1)} s → ${result.outDir}`);
} catch (err) {
  console.error(`build-images: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
}
