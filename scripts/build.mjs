// Bundles the Node entry points with esbuild (dependencies stay in node_modules).
import { build } from 'esbuild';

const started = Date.now();
await build({
  entryPoints: { main: 'main/index.ts' },
  outdir: 'dist',
  outExtension: { '.js': '.mjs' },
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
});
console.log(`build: dist/ in ${Date.now() - started} ms`);
