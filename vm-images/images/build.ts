// Builds the lab images into an OCI layout: resolve package versions, reuse what an earlier
// run built from the same inputs, otherwise download and extract the packages, collect each
// layer, check shared libraries, write tar+gzip blobs, config, manifest and the index.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { promisify } from 'node:util';
import { downloadDebs, extractDeb, installedVersion, resolveVersions } from './apt.js';
import type { ResolvedPackage } from './apt.js';
import { sha256, writeBlob, writeLayerBlob } from './blobs.js';
import { collectLayer, RecipeError } from './collect.js';
import type { LayerEntry } from './entries.js';
import { imageConfig, imageManifest } from './image-config.js';
import type { BuiltLayer } from './image-config.js';
import { builderHash, compilerTools, findSourceDir, hostPlatform, imageKey, layerKey, sourceDateEpoch } from './inputs.js';
import type { HostTool, KeyInputs } from './inputs.js';
import { withBuildLock } from './lock.js';
import { blobPath } from './layout.js';
import { blobsPresent, collectGarbage, readStamp, stateDir, writeLayoutFiles, writeStamp } from './layout-writer.js';
import type { ImageRecord } from './layout-writer.js';
import type { ImageSpec, LayerSpec } from './recipe-types.js';
import { IMAGES, LAYERS } from './recipes.js';
import { tarStream } from './tar.js';
import { checkSharedLibraries, ImageView } from './view.js';

const run = promisify(execFile);

export interface BuildOptions {
  outDir?: string;
  cacheDir?: string;
  /** Image names (pause, busybox, nginx, …) to build; the rest of the layout is kept. */
  only?: string[];
  /** Ignore stamps and cached layers. */
  force?: boolean;
  log?: (line: string) => void;
}

export interface BuildResult {
  outDir: string;
  /** Every image in the layout after the build (built, reused or kept). */
  images: ImageRecord[];
  built: string[];
  reused: string[];
  seconds: number;
}

interface Ctx extends KeyInputs {
  sourceDir: string;
  outDir: string;
  cacheDir: string;
  force: boolean;
  log: (line: string) => void;
  versions: Map<string, ResolvedPackage>;
  tools: HostTool[];
  layers: Map<string, LayerSpec>;
  roots: Map<string, string>;
  entries: Map<string, LayerEntry[]>;
  blobs: Map<string, BuiltLayer>;
}

const mb = (n: number): string => `${(n / 1e6).toFixed(1)} MB`;

function selectImages(only: string[] | undefined): ImageSpec[] {
  if (!only || only.length === 0) return IMAGES;
  const unknown = only.filter((n) => !IMAGES.some((i) => i.name === n));
  if (unknown.length > 0) throw new RecipeError(`unknown image(s) ${unknown.join(', ')}; known: ${IMAGES.map((i) => i.name).join(', ')}`);
  return IMAGES.filter((i) => only.includes(i.name));
}

function layerSpecs(images: ImageSpec[]): Map<string, LayerSpec> {
  const byName = new Map(LAYERS.map((l) => [l.name, l]));
  const out = new Map<string, LayerSpec>();
  for (const img of images) {
    for (const name of img.layers) {
      const spec = byName.get(name);
      if (!spec) throw new RecipeError(`image ${img.name}: no layer named ${name}`);
      out.set(name, spec);
    }
  }
  return out;
}

async function compile(ctx: Ctx, source: string): Promise<string> {
  const src = join(ctx.sourceDir, source);
  const key = sha256(JSON.stringify({ src: await readFile(src, 'utf8'), tools: ctx.tools, arch: ctx.platform })).slice(7, 23);
  const out = join(ctx.cacheDir, 'compiled', key, basename(source, '.c'));
  if (existsSync(out)) return out;
  await mkdir(join(ctx.cacheDir, 'compiled', key), { recursive: true });
  // -Wl,--build-id=none and a relative source path keep the binary byte-identical run to run
  await run('gcc', ['-Os', '-static', '-s', '-Wall', '-Wextra', '-Werror', '-Wl,--build-id=none', '-o', `${out}.tmp`, source], { cwd: ctx.sourceDir });
  await rename(`${out}.tmp`, out);
  ctx.log(`compile ${source} → ${mb((await readFile(out)).length)} static binary`);
  return out;
}

async function preparePackages(ctx: Ctx, names: string[]): Promise<void> {
  const missing = [...new Set(names)].filter((n) => !ctx.roots.has(n)).sort();
  if (missing.length === 0) return;
  const pkgs = missing.map((n) => {
    const v = ctx.versions.get(n);
    if (!v) throw new RecipeError(`package ${n} was not resolved`);
    return v;
  });
  const debs = await downloadDebs(join(ctx.cacheDir, 'debs'), pkgs, ctx.log);
  for (const p of pkgs) {
    const deb = debs.get(p.name) ?? '';
    const dir = join(ctx.cacheDir, 'root', basename(deb, '.deb'));
    await extractDeb(deb, dir);
    ctx.roots.set(p.name, join(dir, 'root'));
  }
}

async function layerEntries(ctx: Ctx, name: string): Promise<LayerEntry[]> {
  const cached = ctx.entries.get(name);
  if (cached) return cached;
  const spec = ctx.layers.get(name);
  if (!spec) throw new RecipeError(`no layer named ${name}`);
  await preparePackages(ctx, (spec.packages ?? []).map((p) => p.name));
  const entries = await collectLayer(spec, { packageRoots: ctx.roots, sourceDir: ctx.sourceDir, compile: (s) => compile(ctx, s) });
  ctx.entries.set(name, entries);
  return entries;
}

async function layerBlob(ctx: Ctx, name: string): Promise<BuiltLayer> {
  const done = ctx.blobs.get(name);
  if (done) return done;
  const spec = ctx.layers.get(name);
  if (!spec) throw new RecipeError(`no layer named ${name}`);
  const key = layerKey(spec, ctx.versions, ctx.tools, ctx);
  const packages = (spec.packages ?? []).map((p) => `${p.name}=${ctx.versions.get(p.name)?.version ?? '?'}`);
  const cachePath = join(stateDir(ctx.outDir), 'layers', `${key.slice(7)}.json`);
  if (!ctx.force && existsSync(cachePath)) {
    const hit = JSON.parse(await readFile(cachePath, 'utf8')) as BuiltLayer;
    if (existsSync(blobPath(ctx.outDir, hit.digest))) {
      ctx.log(`layer ${name}: reused ${hit.digest.slice(0, 19)} ${mb(hit.size)}`);
      ctx.blobs.set(name, hit);
      return hit;
    }
  }
  const entries = await layerEntries(ctx, name);
  const started = Date.now();
  const blob = await writeLayerBlob(ctx.outDir, tarStream(entries, ctx.epoch));
  const built: BuiltLayer = { name, packages, ...blob };
  ctx.log(`layer ${name}: ${entries.length} entries, ${mb(blob.uncompressedSize)} tar → ${mb(blob.size)} gz ${blob.digest.slice(0, 19)} (${Date.now() - started} ms)`);
  await mkdir(join(stateDir(ctx.outDir), 'layers'), { recursive: true });
  await writeFile(cachePath, `${JSON.stringify(built, null, 2)}\n`);
  ctx.blobs.set(name, built);
  return built;
}

async function buildImage(ctx: Ctx, spec: ImageSpec, inputHash: string): Promise<ImageRecord> {
  const log = (line: string): void => ctx.log(`[${spec.name}] ${line}`);
  const sub: Ctx = { ...ctx, log };
  // shared libraries are checked on the stacked layers, before any blob is written
  const view = new ImageView(await Promise.all(spec.layers.map((l) => layerEntries(sub, l))));
  const problems = await checkSharedLibraries(view, ctx.platform.triplet);
  if (problems.length > 0) throw new RecipeError(`image ${spec.name}: missing shared libraries or loader:\n  ${problems.join('\n  ')}`);
  const layers: BuiltLayer[] = [];
  for (const l of spec.layers) layers.push(await layerBlob(sub, l));
  const config = imageConfig(spec, layers, ctx.versions, ctx.platform, ctx.epoch);
  const configBlob = await writeBlob(ctx.outDir, Buffer.from(JSON.stringify(config)));
  const manifestBlob = await writeBlob(ctx.outDir, Buffer.from(JSON.stringify(imageManifest(configBlob, layers))));
  const pkgNames = [...new Set(spec.layers.flatMap((l) => (ctx.layers.get(l)?.packages ?? []).map((p) => p.name)))].sort();
  const usesCompiler = spec.layers.some((l) => (ctx.layers.get(l)?.files ?? []).some((f) => f.kind === 'compiled'));
  const record: ImageRecord = {
    name: spec.name,
    refs: spec.refs,
    description: spec.description,
    digest: manifestBlob.digest,
    manifestSize: manifestBlob.size,
    configDigest: configBlob.digest,
    size: manifestBlob.size + configBlob.size + layers.reduce((s, l) => s + l.size, 0),
    uncompressedSize: layers.reduce((s, l) => s + l.uncompressedSize, 0),
    platform: { architecture: ctx.platform.architecture, os: 'linux' },
    layers: layers.map(({ name, digest, size, diffId, uncompressedSize }) => ({ name, digest, size, diffId, uncompressedSize })),
    packages: pkgNames.map((n) => ({ name: n, version: ctx.versions.get(n)?.version ?? '?' })),
    buildTools: usesCompiler ? ctx.tools : [],
    inputHash,
  };
  await writeStamp(ctx.outDir, record);
  log(`built ${record.digest.slice(0, 19)} ${mb(record.size)} (${mb(record.uncompressedSize)} unpacked)`);
  return record;
}

export function defaultDirs(sourceDir: string): { outDir: string; cacheDir: string } {
  const vmImages = join(sourceDir, '..');
  return { outDir: join(vmImages, 'out', 'images'), cacheDir: join(vmImages, 'out', 'cache') };
}

export async function buildImages(opts: BuildOptions = {}): Promise<BuildResult> {
  const started = Date.now();
  const sourceDir = findSourceDir();
  const defaults = defaultDirs(sourceDir);
  const outDir = opts.outDir ?? defaults.outDir;
  const cacheDir = opts.cacheDir ?? defaults.cacheDir;
  const log = opts.log ?? ((line: string) => console.log(line));
  const selected = selectImages(opts.only);
  await mkdir(outDir, { recursive: true });
  return withBuildLock(stateDir(outDir), log, async () => {
    const layers = layerSpecs(selected);
    const pkgNames = [...layers.values()].flatMap((l) => (l.packages ?? []).map((p) => p.name));
    const versions = await resolveVersions(pkgNames);
    for (const v of versions.values()) if (v.note !== undefined) log(`note: ${v.name}: ${v.note}`);
    const needsCompiler = [...layers.values()].some((l) => (l.files ?? []).some((f) => f.kind === 'compiled'));
    const tools = needsCompiler ? await compilerTools(installedVersion) : [];
    const ctx: Ctx = {
      builder: await builderHash(sourceDir), epoch: sourceDateEpoch(), platform: hostPlatform(),
      sourceDir, outDir, cacheDir, force: opts.force ?? false, log, versions, tools, layers,
      roots: new Map(), entries: new Map(), blobs: new Map(),
    };
    const built: string[] = [];
    const reused: string[] = [];
    for (const spec of selected) {
      const key = imageKey(spec, spec.layers.map((l) => layerKey(layers.get(l) ?? { name: l }, versions, tools, ctx)), ctx);
      const stamp = await readStamp(outDir, spec.name);
      if (!ctx.force && stamp?.inputHash === key && blobsPresent(outDir, stamp)) {
        log(`[${spec.name}] up to date: reusing ${stamp.digest.slice(0, 19)} (inputs ${key.slice(7, 19)} unchanged)`);
        reused.push(spec.name);
        continue;
      }
      await buildImage(ctx, spec, key);
      built.push(spec.name);
    }
    // the layout lists every image that has a complete build, selected this time or not
    const images: ImageRecord[] = [];
    for (const spec of IMAGES) {
      const stamp = await readStamp(outDir, spec.name);
      if (stamp && blobsPresent(outDir, stamp)) images.push(stamp);
    }
    await writeLayoutFiles(outDir, images);
    const removed = await collectGarbage(outDir, images);
    if (removed > 0) log(`removed ${removed} unreferenced blob(s)`);
    return { outDir, images, built, reused, seconds: (Date.now() - started) / 1000 };
  });
}
