// `npm run bench -- NAME`: bundles bench/NAME.ts and runs it; the benchmark prints
// progress and, as its last line, one JSON object with its figures.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';

const name = process.argv[2];
const available = readdirSync('bench').filter((f) => f.endsWith('.ts')).map((f) => f.replace(/\.ts$/, ''));
if (!name || !available.includes(name)) {
  console.error(`usage: npm run bench -- NAME   (NAME: ${available.join(', ')})`);
  process.exit(2);
}
const dir = mkdtempSync(join(tmpdir(), 'k8s-lab-bench-'));
const outfile = join(process.cwd(), 'dist', `bench-${name}.mjs`);
await build({ entryPoints: [join('bench', `${name}.ts`)], outfile, bundle: true, platform: 'node', target: 'node20', format: 'esm', packages: 'external', logLevel: 'warning' });
const child = spawn(process.execPath, [outfile, ...process.argv.slice(3)], { stdio: 'inherit', env: { ...process.env, BENCH_TMP: dir } });
child.on('exit', (code) => {
  if (existsSync(dir)) rmSync(dir, { recursive: true, force: true });
  process.exit(code ?? 1);
});
