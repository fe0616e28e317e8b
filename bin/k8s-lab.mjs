#!/usr/bin/env node
// The k8s-lab command from a checkout or an install: runs the bundled main process.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const bundle = fileURLToPath(new URL('../dist/main.mjs', import.meta.url));
if (!existsSync(bundle)) {
  console.error('k8s-lab: dist/main.mjs is missing; run `npm run build` (npm ci does it) first');
  process.exit(1);
}
await import(bundle);
