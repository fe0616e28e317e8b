// `npm start`: the desktop app when an Electron binary is present, otherwise the same
// lab headless (`k8s-lab up`), said plainly.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
let electron;
try {
  const candidate = require('electron'); // the npm package exports the binary's path
  if (typeof candidate === 'string' && existsSync(candidate)) electron = candidate;
} catch {
  electron = undefined;
}
const args = process.argv.slice(2);
let child;
if (electron && existsSync('dist/app.mjs')) {
  child = spawn(electron, ['dist/app.mjs', ...args], { stdio: 'inherit' });
} else {
  console.log('k8s-lab: no Electron binary found, running headless: `k8s-lab up --ui` (open the printed ui URL in a browser)');
  child = spawn(process.execPath, ['bin/k8s-lab.mjs', 'up', '--ui', ...args], { stdio: 'inherit' });
}
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
