// electron-builder.yml checked without the Electron binary (which these machines cannot
// download): electron-builder's own validation against its JSON schema, the four
// targets, every packed source present after the build, the images beside the app where
// the packaged app looks for them, and package.json's `main` on the app's entry.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { PACKAGED_RESOURCES, packagedAssetDirs } from './packaging.js';

const ROOT = join(import.meta.dirname, '..', '..');
const require = createRequire(import.meta.url);

interface ExtraResource {
  from: string;
  to: string;
  filter?: string[];
}
interface BuilderConfig {
  appId: string;
  asar?: boolean;
  files: string[];
  extraResources: ExtraResource[];
  linux: { target: string[] };
  mac: { target: string[] };
  win: { target: string[] };
}

const raw = readFileSync(join(ROOT, 'electron-builder.yml'), 'utf8');
const config = parse(raw) as BuilderConfig;
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { main: string; bin: Record<string, string>; scripts: Record<string, string> };

/** electron-builder's `files` globs: `**`, `*`, and `!` to exclude (enough for this file) */
function globRegExp(glob: string): RegExp {
  const re = glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*\*\/?|\*/g, (m) => (m === '*' ? '[^/]*' : '(?:.*/)?'));
  return new RegExp(`^${re.replace(/\(\?:\.\*\/\)\?$/, '.*')}$`);
}

function packed(path: string, globs: string[]): boolean {
  let included = false;
  for (const g of globs) {
    if (g.startsWith('!')) {
      if (globRegExp(g.slice(1)).test(path)) included = false;
    } else if (globRegExp(g).test(path)) included = true;
  }
  return included;
}

function walk(dir: string, out: string[] = []): string[] {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory() && e.name !== 'node_modules' && !e.name.startsWith('.')) walk(p, out);
    else if (e.isFile()) out.push(relative(ROOT, p));
  }
  return out;
}

describe('electron-builder.yml', () => {
  it("passes electron-builder's own configuration check (its JSON schema, scheme.json)", async () => {
    const { validateConfiguration } = require(join(ROOT, 'node_modules/app-builder-lib/out/util/config/config.js')) as {
      validateConfiguration: (c: unknown, logger: { isEnabled: boolean; add(): void }) => Promise<void>;
    };
    const logger = { isEnabled: false, add: () => undefined };
    await expect(validateConfiguration(config, logger)).resolves.toBeUndefined();
    // the check is real: an unknown option or a wrong type fails it
    await expect(validateConfiguration({ ...config, nsis: { oneClick: 'no' } }, logger)).rejects.toThrow(/oneClick/);
    await expect(validateConfiguration({ ...config, extraResource: [] }, logger)).rejects.toThrow(/unknown property 'extraResource'/);
  });

  it('builds AppImage and deb on Linux, dmg on macOS, nsis on Windows, and publishes nothing', () => {
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    expect(config.mac.target).toEqual(['dmg']);
    expect(config.win.target).toEqual(['nsis']);
    expect(raw).toMatch(/^publish: null$/m);
    expect(pkg.scripts.dist).toMatch(/build:images && electron-builder --config electron-builder\.yml/);
  });

  it("points package.json's main at the app entry, packed, while the CLI keeps its own bundle", () => {
    expect(pkg.main).toBe('dist/app.mjs');
    expect(existsSync(join(ROOT, pkg.main)), 'run npm run build first').toBe(true);
    expect(packed(pkg.main, config.files)).toBe(true);
    expect(readFileSync(join(ROOT, pkg.bin['k8s-lab'] ?? ''), 'utf8')).toContain("'../dist/main.mjs'");
  });

  it('packs every file the app loads by path: the bundles, the renderer, the preload, the agent, the .proto files', () => {
    const files = walk(join(ROOT, 'dist')).concat(walk(join(ROOT, 'main')).filter((f) => f.includes('/proto/')));
    const need = ['dist/app.mjs', 'dist/main.mjs', 'dist/preload.cjs', 'dist/renderer/index.html', 'dist/renderer/app.js', 'dist/renderer/app.css', 'dist/agent/agent.mjs', 'dist/agent/crictl.mjs', 'dist/build-images.mjs', 'dist/build-node-image.mjs', 'main/control-plane/store/etcd/proto/rpc.proto'];
    for (const f of need) {
      expect(files, `${f} is built`).toContain(f);
      expect(packed(f, config.files), `${f} is packed`).toBe(true);
    }
    expect(packed('dist/app.mjs.map', config.files)).toBe(false);
    expect(packed('main/app/main.ts', config.files)).toBe(false);
    // every files pattern matches something the build made
    for (const g of config.files.filter((x) => !x.startsWith('!'))) expect(files.concat('package.json').some((f) => globRegExp(g).test(f)), g).toBe(true);
    // the source of every assetPath('dist/…' | 'main/…') in main/ is packed
    const sources = walk(join(ROOT, 'main')).filter((f) => f.endsWith('.ts') && !f.endsWith('.spec.ts'));
    const literals = sources.flatMap((f) => [...readFileSync(join(ROOT, f), 'utf8').matchAll(/assetPath\('([^']+)'\)/g)].map((m) => m[1] ?? ''));
    for (const asset of literals.filter((a) => !a.startsWith('vm-images/out/'))) expect(packed(asset, config.files) || files.some((f) => f.startsWith(`${asset}/`) && packed(f, config.files)), asset).toBe(true);
  });

  it('ships the node image and the lab images as extraResources, where the packaged app resolves them', () => {
    expect(config.extraResources.map((r) => ({ asset: r.from, resource: r.to }))).toEqual(PACKAGED_RESOURCES.map((r) => ({ ...r })));
    expect(packagedAssetDirs('/opt/k8s-lab/resources')).toEqual([
      { prefix: 'vm-images/out/node', dir: '/opt/k8s-lab/resources/vm-images/node' },
      { prefix: 'vm-images/out/images', dir: '/opt/k8s-lab/resources/vm-images/images' },
    ]);
    const node = config.extraResources.find((r) => r.from === 'vm-images/out/node');
    expect(node?.filter?.sort()).toEqual(['disk.qcow2', 'initrd.img', 'manifest.json', 'vmlinuz']);
    expect(config.extraResources.find((r) => r.from === 'vm-images/out/images')?.filter).toContain('!.build/**');
    // the images exist after `npm run build:images` (what `npm run dist` runs first); without them, their builders must be built
    for (const r of config.extraResources) {
      const dir = join(ROOT, r.from);
      if (!existsSync(dir)) {
        expect(existsSync(join(ROOT, r.from.endsWith('node') ? 'dist/build-node-image.mjs' : 'dist/build-images.mjs')), `${r.from} or its builder`).toBe(true);
        continue;
      }
      expect(statSync(dir).isDirectory()).toBe(true);
      const want = r.from.endsWith('node') ? (node?.filter ?? []) : ['index.json', 'oci-layout', 'blobs'];
      for (const f of want) expect(existsSync(join(dir, f)), `${r.from}/${f}`).toBe(true);
    }
    // every vm-images/out path the code asks for is one of them
    const sources = walk(join(ROOT, 'main')).filter((f) => f.endsWith('.ts') && !f.endsWith('.spec.ts'));
    const vmAssets = sources.flatMap((f) => [...readFileSync(join(ROOT, f), 'utf8').matchAll(/assetPath\('(vm-images\/out\/[^']+)'\)/g)].map((m) => m[1] ?? ''));
    expect(vmAssets.length).toBeGreaterThan(0);
    for (const a of vmAssets) expect(PACKAGED_RESOURCES.some((r) => a === r.asset || a.startsWith(`${r.asset}/`)), a).toBe(true);
  });
});
