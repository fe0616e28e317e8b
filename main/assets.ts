// Files shipped beside the code (proto definitions, schemas). Source, tests and the
// esbuild bundle in dist/ all live under the project root, so assets are found by
// walking up from this module to the folder holding package.json.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let root: string | undefined;

export function projectRoot(): string {
  if (root) return root;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'main'))) return (root = dir);
    const up = dirname(dir);
    if (up === dir) throw new Error(`k8s-lab: cannot find the project root above ${fileURLToPath(import.meta.url)}`);
    dir = up;
  }
}

/** folders kept outside the project root: a packaged app's extraResources (see main/app/packaging.ts) */
const relocated: { prefix: string; dir: string }[] = [];

/** from now on, `<prefix>/x` resolves to `<dir>/x` (the desktop app calls this when packaged) */
export function relocateAssets(prefix: string, dir: string): void {
  relocated.push({ prefix: prefix.replace(/\/+$/, ''), dir });
}

/** Absolute path of a file given relative to the project root, e.g. 'main/control-plane/store/etcd/proto/rpc.proto'. */
export function assetPath(relative: string): string {
  for (const { prefix, dir } of relocated) {
    if (relative === prefix || relative.startsWith(`${prefix}/`)) return join(dir, relative.slice(prefix.length));
  }
  return join(projectRoot(), relative);
}
