// Debian packages through apt's own tools: versions from `apt-cache policy`, files from
// `apt-get download` (apt checks the archive signatures and hashes), trees from
// `dpkg-deb -x`. Nothing here installs anything on the host.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export class AptError extends Error {
  override name = 'AptError';
}

export interface ResolvedPackage {
  name: string;
  version: string;
  /** Set when apt's candidate cannot be downloaded (e.g. installed from a repository that is
   *  no longer configured) and the newest downloadable version was taken instead. */
  note?: string;
}

interface PolicyEntry {
  candidate: string | undefined;
  /** Version table, newest first, with whether an archive (not only dpkg's status) offers it. */
  versions: { version: string; downloadable: boolean }[];
}

export function parsePolicy(text: string): Map<string, PolicyEntry> {
  const out = new Map<string, PolicyEntry>();
  let current: PolicyEntry | undefined;
  let last: { version: string; downloadable: boolean } | undefined;
  for (const line of text.split('\n')) {
    const pkg = /^(\S+):$/.exec(line);
    if (pkg?.[1] !== undefined) {
      current = { candidate: undefined, versions: [] };
      out.set(pkg[1], current);
      last = undefined;
      continue;
    }
    if (!current) continue;
    const cand = /^\s+Candidate: (\S+)/.exec(line);
    if (cand?.[1] !== undefined) { current.candidate = cand[1] === '(none)' ? undefined : cand[1]; continue; }
    const ver = /^ (?:\*\*\*| {3}) (\S+) -?\d+$/.exec(line);
    if (ver?.[1] !== undefined) { last = { version: ver[1], downloadable: false }; current.versions.push(last); continue; }
    const src = /^ {8}-?\d+ (\S+)/.exec(line);
    if (src?.[1] !== undefined && last && src[1] !== '/var/lib/dpkg/status') last.downloadable = true;
  }
  return out;
}

/** Resolves each package to apt's candidate version (one `apt-cache policy` call). */
export async function resolveVersions(names: readonly string[]): Promise<Map<string, ResolvedPackage>> {
  const unique = [...new Set(names)].sort();
  const { stdout } = await run('apt-cache', ['policy', ...unique], { maxBuffer: 16 << 20, env: { ...process.env, LC_ALL: 'C' } });
  const policy = parsePolicy(stdout);
  const out = new Map<string, ResolvedPackage>();
  for (const name of unique) {
    const p = policy.get(name);
    if (!p?.candidate) throw new AptError(`Debian package ${name} has no install candidate; run \`apt-get update\` (and check /etc/apt/sources.list*)`);
    const cand = p.versions.find((v) => v.version === p.candidate);
    if (cand?.downloadable) { out.set(name, { name, version: p.candidate }); continue; }
    const fallback = p.versions.find((v) => v.downloadable);
    if (!fallback) throw new AptError(`Debian package ${name} ${p.candidate} is installed but no configured archive offers it; run \`apt-get update\``);
    out.set(name, { name, version: fallback.version, note: `candidate ${p.candidate} is not downloadable from any configured archive; using ${fallback.version}` });
  }
  return out;
}

/** apt-get download names files `<name>_<version with ':' as %3a>_<arch>.deb`. */
function debPrefix(p: ResolvedPackage): string {
  return `${p.name}_${p.version.replace(/:/g, '%3a')}_`;
}

async function findDeb(dir: string, p: ResolvedPackage): Promise<string | undefined> {
  if (!existsSync(dir)) return undefined;
  const prefix = debPrefix(p);
  const hit = (await readdir(dir)).find((f) => f.startsWith(prefix) && f.endsWith('.deb') && !f.slice(prefix.length, -4).includes('_'));
  return hit === undefined ? undefined : join(dir, hit);
}

/** Downloads the packages missing from `dir` in one `apt-get download` call; returns the
 *  path of every package's .deb. */
export async function downloadDebs(dir: string, pkgs: readonly ResolvedPackage[], log: (line: string) => void): Promise<Map<string, string>> {
  await mkdir(dir, { recursive: true });
  const missing: ResolvedPackage[] = [];
  for (const p of pkgs) if (!(await findDeb(dir, p))) missing.push(p);
  if (missing.length > 0) {
    log(`download ${missing.length} package(s): ${missing.map((p) => `${p.name}=${p.version}`).join(' ')}`);
    // as root apt drops to _apt for downloads, which cannot write into a root-owned cache dir
    const sandbox = process.getuid?.() === 0 ? ['-o', 'APT::Sandbox::User=root'] : [];
    try {
      await run('apt-get', ['download', '-q', ...sandbox, ...missing.map((p) => `${p.name}=${p.version}`)], { cwd: dir, maxBuffer: 16 << 20 });
    } catch (err) {
      const msg = err instanceof Error ? err.message : String(err);
      throw new AptError(`apt-get download failed (stale package lists? try \`apt-get update\`): ${msg}`);
    }
  }
  const out = new Map<string, string>();
  for (const p of pkgs) {
    const deb = await findDeb(dir, p);
    if (!deb) throw new AptError(`apt-get download did not produce ${debPrefix(p)}*.deb`);
    out.set(p.name, deb);
  }
  return out;
}

/** Extracts a .deb's data into `dir` once (`dpkg-deb -x`); a finished tree is reused. */
export async function extractDeb(deb: string, dir: string): Promise<void> {
  if (existsSync(join(dir, '.complete'))) return;
  const tmp = `${dir}.tmp-${process.pid}`;
  await rm(tmp, { recursive: true, force: true });
  await mkdir(tmp, { recursive: true });
  await run('dpkg-deb', ['-x', deb, join(tmp, 'root')]);
  await mkdir(join(tmp, '.complete'));
  await rm(dir, { recursive: true, force: true });
  await rename(tmp, dir);
}

export async function debSize(deb: string): Promise<number> {
  return (await stat(deb)).size;
}

/** Installed version of a host package (for host tools such as gcc), or undefined. */
export async function installedVersion(name: string): Promise<string | undefined> {
  try {
    const { stdout } = await run('dpkg-query', ['-W', '-f', '${Status} ${Version}', name]);
    const m = /install ok installed (\S+)/.exec(stdout);
    return m?.[1];
  } catch {
    return undefined;
  }
}
