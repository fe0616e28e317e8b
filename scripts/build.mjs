// Bundles the Node entry points with esbuild.
// - dist/app.mjs + dist/preload.cjs: the Electron shell (main/app), same main process code;
// - dist/main.mjs: the main process (control plane, registry, node providers, CLI);
//   dependencies stay in node_modules.
// - dist/agent/: the node agent (kubelet + kube-proxy roles, crictl-style CLI) as a
//   self-contained folder with its dependencies bundled in and its .proto files beside
//   it, because it is copied into node VMs that have Debian's Node 18 and no node_modules.
// - dist/build-images.mjs: the offline lab image builder (`npm run build:images`).
// - dist/renderer/: the React UI (index.html, app.js, app.css) for the Electron window or,
//   headless, `k8s-lab up --ui`; one script file and one stylesheet, nothing inline (CSP).
import { cpSync, existsSync, mkdirSync } from 'node:fs';
import { build } from 'esbuild';

const started = Date.now();
const present = (entries) => Object.fromEntries(Object.entries(entries).filter(([, file]) => existsSync(file)));
const common = { bundle: true, platform: 'node', format: 'esm', sourcemap: true, logLevel: 'warning' };

await build({
  ...common,
  entryPoints: present({ main: 'main/index.ts', app: 'main/app/main.ts', 'build-images': 'vm-images/images/main.ts', 'build-node-image': 'vm-images/node/main.ts' }),
  outdir: 'dist',
  outExtension: { '.js': '.mjs' },
  target: 'node20',
  packages: 'external',
});

// The Electron preload: sandboxed preloads are CommonJS and may require only 'electron'.
if (existsSync('main/app/preload.ts')) {
  await build({ ...common, format: 'cjs', entryPoints: { preload: 'main/app/preload.ts' }, outdir: 'dist', outExtension: { '.js': '.cjs' }, target: 'chrome130', external: ['electron'] });
}

// CommonJS dependencies bundled into an ES module still call require() for Node builtins.
const requireShim = "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);";
await build({
  ...common,
  entryPoints: present({ agent: 'agent/main.ts', crictl: 'agent/cli/main.ts' }),
  outdir: 'dist/agent',
  outExtension: { '.js': '.mjs' },
  target: 'node18',
  banner: { js: requireShim },
});
for (const dir of ['agent/cri', 'agent/kubelet/probes']) {
  if (!existsSync(dir)) continue;
  mkdirSync(`dist/${dir}`, { recursive: true });
  cpSync(dir, `dist/${dir}`, { recursive: true, filter: (src) => !/\.ts$/.test(src) });
}
if (existsSync('renderer/main.tsx')) {
  await build({
    entryPoints: { app: 'renderer/main.tsx' },
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: 'chrome120',
    jsx: 'automatic',
    minify: true,
    sourcemap: true,
    define: { 'process.env.NODE_ENV': '"production"' },
    outdir: 'dist/renderer',
    logLevel: 'warning',
  });
  cpSync('renderer/index.html', 'dist/renderer/index.html');
}
console.log(`build: dist/ in ${Date.now() - started} ms`);
