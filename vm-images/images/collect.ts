// Turns a layer recipe into the list of files it holds: the kept files of each extracted
// Debian package, then the recipe's own files (which win on the same path), then the
// parent directories nothing else declared.
import { execFile } from 'node:child_process';
import { lstat, readFile, readdir, readlink } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { normalizePath } from './entries.js';
import type { LayerEntry } from './entries.js';
import { globMatch, matchesSelfOrParent } from './glob.js';
import type { FileSpec, LayerSpec, PackageSpec } from './recipe-types.js';
import { GLOBAL_DROP } from './recipes.js';

const run = promisify(execFile);

export class RecipeError extends Error {
  override name = 'RecipeError';
}

export interface CollectContext {
  /** Extracted package trees (`dpkg-deb -x` output) by package name. */
  packageRoots: Map<string, string>;
  /** vm-images/images: where `asset` and `compiled` sources live. */
  sourceDir: string;
  /** Builds a `compiled` file and returns the host path of the binary. */
  compile: (source: string) => Promise<string>;
}

async function walk(root: string, rel = ''): Promise<{ rel: string; abs: string }[]> {
  const out: { rel: string; abs: string }[] = [];
  const names = (await readdir(join(root, rel))).sort();
  for (const name of names) {
    const r = rel === '' ? name : `${rel}/${name}`;
    out.push({ rel: r, abs: join(root, r) });
    const st = await lstat(join(root, r));
    if (st.isDirectory()) out.push(...(await walk(root, r)));
  }
  return out;
}

async function hostEntry(path: string, abs: string): Promise<LayerEntry | undefined> {
  const st = await lstat(abs);
  const mode = st.mode & 0o7777;
  if (st.isDirectory()) return { path, type: 'dir', mode, uid: 0, gid: 0, size: 0 };
  if (st.isSymbolicLink()) return { path, type: 'symlink', mode: 0o777, uid: 0, gid: 0, size: 0, target: await readlink(abs) };
  if (st.isFile()) {
    const e: LayerEntry = { path, type: 'file', mode, uid: 0, gid: 0, size: st.size, source: { kind: 'host', path: abs } };
    if (st.nlink > 1) e.inode = `${st.dev}:${st.ino}`;
    return e;
  }
  return undefined; // device nodes and fifos have no place in an image layer
}

async function packageEntries(spec: PackageSpec, ctx: CollectContext): Promise<{ files: LayerEntry[]; dirs: Map<string, LayerEntry> }> {
  const root = ctx.packageRoots.get(spec.name);
  if (root === undefined) throw new RecipeError(`package ${spec.name} was not extracted`);
  const files: LayerEntry[] = [];
  const dirs = new Map<string, LayerEntry>();
  const drop = [...GLOBAL_DROP, ...(spec.drop ?? [])];
  for (const { rel, abs } of await walk(root)) {
    if (matchesSelfOrParent(drop, rel)) continue;
    const e = await hostEntry(rel, abs);
    if (!e) continue;
    if (e.type === 'dir') {
      dirs.set(rel, e);
      // a directory named by `keep` itself is kept even when empty
      if (spec.keep?.some((g) => globMatch(g, rel))) files.push(e);
      continue;
    }
    if (spec.keep && !spec.keep.some((g) => globMatch(g, rel))) continue;
    files.push(e);
  }
  if (spec.keep && spec.keep.length > 0 && files.length === 0) throw new RecipeError(`package ${spec.name}: keep patterns matched nothing (${spec.keep.join(', ')})`);
  return { files, dirs };
}

async function applets(binary: string): Promise<LayerEntry[]> {
  // `busybox --list-full` prints each applet's install path (bin/sh, usr/bin/wget, …)
  const { stdout } = await run(binary, ['--list-full']);
  return stdout
    .split('\n')
    .map((l) => normalizePath(l.trim()))
    .filter((p) => p !== '' && p !== 'bin/busybox' && p.includes('/'))
    .map((path) => ({ path, type: 'symlink', mode: 0o777, uid: 0, gid: 0, size: 0, target: '/bin/busybox' }));
}

async function fileEntry(f: FileSpec, ctx: CollectContext): Promise<LayerEntry> {
  const path = normalizePath(f.path);
  switch (f.kind) {
    case 'dir':
      return { path, type: 'dir', mode: f.mode ?? 0o755, uid: f.uid ?? 0, gid: f.gid ?? 0, size: 0 };
    case 'symlink':
      return { path, type: 'symlink', mode: 0o777, uid: 0, gid: 0, size: 0, target: f.target };
    case 'text': {
      const data = Buffer.from(f.text, 'utf8');
      return { path, type: 'file', mode: f.mode ?? 0o644, uid: f.uid ?? 0, gid: f.gid ?? 0, size: data.length, source: { kind: 'data', data } };
    }
    case 'asset': {
      const data = await readFile(join(ctx.sourceDir, f.asset));
      return { path, type: 'file', mode: f.mode ?? 0o644, uid: f.uid ?? 0, gid: f.gid ?? 0, size: data.length, source: { kind: 'data', data } };
    }
    case 'concat': {
      const root = ctx.packageRoots.get(f.package);
      if (root === undefined) throw new RecipeError(`${path}: package ${f.package} is not in this layer`);
      const parts = (await walk(root)).filter((w) => globMatch(f.glob, w.rel));
      if (parts.length === 0) throw new RecipeError(`${path}: nothing in ${f.package} matches ${f.glob}`);
      const data = Buffer.concat(await Promise.all(parts.map((p) => readFile(p.abs))));
      return { path, type: 'file', mode: 0o644, uid: 0, gid: 0, size: data.length, source: { kind: 'data', data } };
    }
    case 'compiled': {
      const data = await readFile(await ctx.compile(f.source));
      return { path, type: 'file', mode: 0o755, uid: 0, gid: 0, size: data.length, source: { kind: 'data', data } };
    }
  }
}

/** All entries of one layer, parents included, one entry per path. */
export async function collectLayer(spec: LayerSpec, ctx: CollectContext): Promise<LayerEntry[]> {
  const byPath = new Map<string, LayerEntry>();
  const pkgDirs = new Map<string, LayerEntry>();
  for (const p of spec.packages ?? []) {
    const { files, dirs } = await packageEntries(p, ctx);
    for (const [k, v] of dirs) pkgDirs.set(k, v);
    for (const e of files) byPath.set(e.path, e);
  }
  if (spec.busyboxApplets) {
    const bin = byPath.get(normalizePath(spec.busyboxApplets.binary));
    if (bin?.source?.kind !== 'host') throw new RecipeError(`layer ${spec.name}: ${spec.busyboxApplets.binary} is not in the layer`);
    for (const e of await applets(bin.source.path)) if (!byPath.has(e.path)) byPath.set(e.path, e);
  }
  for (const f of spec.files ?? []) {
    const e = await fileEntry(f, ctx);
    byPath.set(e.path, e);
  }
  // parents: the package's own directory entry when there is one, else 0755 root
  for (const path of [...byPath.keys()]) {
    for (let i = path.lastIndexOf('/'); i > 0; i = path.lastIndexOf('/', i - 1)) {
      const parent = path.slice(0, i);
      if (byPath.has(parent)) continue;
      byPath.set(parent, pkgDirs.get(parent) ?? { path: parent, type: 'dir', mode: 0o755, uid: 0, gid: 0, size: 0 });
    }
  }
  for (const e of byPath.values()) {
    const parent = e.path.includes('/') ? byPath.get(e.path.slice(0, e.path.lastIndexOf('/'))) : undefined;
    if (parent && parent.type !== 'dir') throw new RecipeError(`layer ${spec.name}: ${e.path} lies under ${parent.path}, which is a ${parent.type}`);
  }
  return [...byPath.values()];
}
