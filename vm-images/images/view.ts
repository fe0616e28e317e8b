// The root filesystem an image's layers stack up to (upper layers win, as in overlayfs),
// used to check before writing anything that every ELF file finds its loader and its
// shared libraries the way ld.so would look for them.
import { posix } from 'node:path';
import type { LayerEntry } from './entries.js';
import { isElf, readElfDeps } from './elf.js';

export class ImageView {
  private readonly entries = new Map<string, LayerEntry>();

  constructor(layers: readonly (readonly LayerEntry[])[]) {
    for (const layer of layers) for (const e of layer) this.entries.set(e.path, e);
  }

  /** Follows symlinks (absolute ones from the image root) like the kernel would. */
  resolve(path: string): { path: string; entry: LayerEntry } | undefined {
    let parts = posix.normalize(`/${path}`).split('/').filter((p) => p !== '');
    let hops = 0;
    const done: string[] = [];
    while (parts.length > 0) {
      const name = parts.shift() ?? '';
      if (name === '.') continue;
      if (name === '..') { done.pop(); continue; }
      const candidate = [...done, name].join('/');
      const e = this.entries.get(candidate);
      if (!e) return undefined;
      if (e.type === 'symlink') {
        if (++hops > 40) return undefined; // ELOOP
        const target = e.target ?? '';
        const next = target.startsWith('/') ? target : posix.join('/', ...done, target);
        parts = [...posix.normalize(next).split('/').filter((p) => p !== ''), ...parts];
        done.length = 0;
        continue;
      }
      done.push(name);
    }
    const final = done.join('/');
    const entry = this.entries.get(final);
    return entry ? { path: final, entry } : undefined;
  }

  files(): LayerEntry[] {
    return [...this.entries.values()].filter((e) => e.type === 'file');
  }
}

/** Library directories ld.so searches without an ld.so.cache (Debian's multiarch paths). */
export function defaultLibraryDirs(triplet: string): string[] {
  return [`lib/${triplet}`, `usr/lib/${triplet}`, 'lib', 'usr/lib', 'lib64', 'usr/lib64'];
}

/** Returns one line per problem: a missing interpreter or an unresolved DT_NEEDED. */
export async function checkSharedLibraries(view: ImageView, triplet: string): Promise<string[]> {
  const problems: string[] = [];
  const defaults = defaultLibraryDirs(triplet);
  for (const file of view.files()) {
    if (!file.source || !(await isElf(file.source))) continue;
    const deps = await readElfDeps(file.source);
    if (deps.interp !== undefined && !view.resolve(deps.interp)) problems.push(`/${file.path}: interpreter ${deps.interp} is missing`);
    const origin = posix.dirname(`/${file.path}`);
    const dirs = [...deps.runpath.map((d) => d.replace(/\$\{?ORIGIN\}?/g, origin)), ...defaults];
    for (const lib of deps.needed) {
      const found = lib.includes('/') ? view.resolve(lib) : dirs.map((d) => view.resolve(`${d}/${lib}`)).find((r) => r !== undefined);
      if (!found) problems.push(`/${file.path}: needs ${lib}, which is in none of ${dirs.map((d) => `/${d.replace(/^\//, '')}`).join(', ')}`);
    }
  }
  return problems;
}
