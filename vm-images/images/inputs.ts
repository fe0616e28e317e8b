// What a build depends on, so an unchanged rebuild is recognised: the builder's own files
// (code, recipes, assets), the Debian package versions apt resolves, the date stamped on
// every file, the architecture, and the host compiler for compiled files.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, readdir, stat } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { sha256 } from './blobs.js';
import type { ResolvedPackage } from './apt.js';
import type { ImageSpec, LayerSpec } from './recipe-types.js';

const run = promisify(execFile);

export class InputError extends Error {
  override name = 'InputError';
}

/** bookworm's release day (2023-06-10T00:00:00Z): the mtime of every file and the image
 *  `created` date unless SOURCE_DATE_EPOCH says otherwise. A constant, so the date does not
 *  change a digest; package versions do. */
export const DEFAULT_EPOCH = 1686355200;

export function sourceDateEpoch(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.SOURCE_DATE_EPOCH;
  if (raw === undefined || raw === '') return DEFAULT_EPOCH;
  if (!/^\d+$/.test(raw)) throw new InputError(`SOURCE_DATE_EPOCH must be seconds since 1970, got ${raw}`);
  return Number(raw);
}

export interface Platform {
  /** OCI architecture (amd64, arm64). */
  architecture: string;
  /** Debian multiarch triplet of the library directories. */
  triplet: string;
}

export function hostPlatform(arch: string = process.arch): Platform {
  if (arch === 'x64') return { architecture: 'amd64', triplet: 'x86_64-linux-gnu' };
  if (arch === 'arm64') return { architecture: 'arm64', triplet: 'aarch64-linux-gnu' };
  throw new InputError(`lab images are built for amd64 and arm64 hosts; this is ${arch}`);
}

/** vm-images/images: beside this module when run from source, or found from the bundle's
 *  location (dist/) or the working directory. */
export function findSourceDir(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const starts = [process.env.K8SLAB_IMAGES_SRC, here, process.cwd()].filter((s): s is string => s !== undefined && s !== '');
  for (const start of starts) {
    for (let dir = resolve(start); ; dir = dirname(dir)) {
      if (existsSync(join(dir, 'recipes.ts')) && existsSync(join(dir, 'pause'))) return dir;
      if (existsSync(join(dir, 'vm-images', 'images', 'recipes.ts'))) return join(dir, 'vm-images', 'images');
      if (dirname(dir) === dir) break;
    }
  }
  throw new InputError('cannot find vm-images/images (run from the repository, or set K8SLAB_IMAGES_SRC)');
}

async function listFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const name of (await readdir(dir)).sort()) {
    const p = join(dir, name);
    if ((await stat(p)).isDirectory()) out.push(...(await listFiles(p)));
    else out.push(p);
  }
  return out;
}

/** Hash of the builder's sources, recipes and assets (not its README or unit specs). */
export async function builderHash(sourceDir: string): Promise<string> {
  const parts: Buffer[] = [];
  for (const file of await listFiles(sourceDir)) {
    const rel = relative(sourceDir, file);
    if (rel === 'README.md' || rel.endsWith('.spec.ts')) continue;
    parts.push(Buffer.from(`${rel}\0`), await readFile(file), Buffer.from('\0'));
  }
  return sha256(Buffer.concat(parts));
}

export interface HostTool {
  name: string;
  version: string;
}

/** gcc and the static libc it links, for `compiled` files; missing ones fail with the fix. */
export async function compilerTools(installed: (pkg: string) => Promise<string | undefined>): Promise<HostTool[]> {
  try {
    await run('gcc', ['--version']);
  } catch {
    throw new InputError('gcc is needed to build the pause image; install it with: apt-get install -y gcc libc6-dev');
  }
  const tools: HostTool[] = [];
  for (const name of ['gcc', 'libc6-dev']) {
    const version = await installed(name);
    if (version === undefined) throw new InputError(`${name} is needed to build the pause image; install it with: apt-get install -y gcc libc6-dev`);
    tools.push({ name, version });
  }
  return tools;
}

export interface KeyInputs {
  builder: string;
  epoch: number;
  platform: Platform;
}

export function layerKey(spec: LayerSpec, versions: Map<string, ResolvedPackage>, tools: HostTool[], k: KeyInputs): string {
  const pkgs = (spec.packages ?? []).map((p) => `${p.name}=${versions.get(p.name)?.version ?? '?'}`);
  const usesCompiler = (spec.files ?? []).some((f) => f.kind === 'compiled');
  return sha256(JSON.stringify({ ...k, spec, pkgs, tools: usesCompiler ? tools : [] }));
}

export function imageKey(spec: ImageSpec, layerKeys: string[], k: KeyInputs): string {
  return sha256(JSON.stringify({ ...k, spec, layerKeys }));
}

/** The upstream part of a Debian version: 5:7.0.15-1~deb12u10 → 7.0.15. */
export function upstreamVersion(debian: string): string {
  const noEpoch = debian.replace(/^\d+:/, '');
  return /^\d+(?:\.\d+)*/.exec(noEpoch)?.[0] ?? noEpoch;
}
