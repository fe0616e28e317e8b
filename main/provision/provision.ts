// Putting files on a node over SSH: the agent bundle (only what changed) and any other
// files the provider decides on (configs, units). Generic on purpose: the node-side paths
// and the restart command belong to the provider.
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join, posix, relative, sep } from 'node:path';
import { shellQuote } from './shell-quote.js';
import type { NodeSsh } from './ssh-session.js';

export class ProvisionError extends Error {
  override readonly name = 'ProvisionError';
  constructor(
    readonly code: 'BadBundle' | 'RemoteCommandFailed',
    message: string,
  ) {
    super(message);
  }
}

/** The manifest beside the installed bundle, in `sha256sum` format (`sha256sum -c` checks it on the node). */
export const BUNDLE_MANIFEST = 'BUNDLE.sha256';

export interface RemoteFile {
  path: string;
  content: string | Buffer;
  /** default 0644 */
  mode?: number;
}

export interface BundleFile {
  /** path inside the bundle, with / separators */
  name: string;
  sha256: string;
}

export interface InstallResult {
  /** true when any bundle file was uploaded: the agent needs a restart */
  changed: boolean;
  /** sha256 of the manifest: one value naming this bundle version */
  digest: string;
  uploaded: string[];
}

/** Every file under `dir` with its sha256, sorted by name, and the manifest text listing them. */
export async function bundleManifest(dir: string): Promise<{ files: BundleFile[]; manifest: string; digest: string }> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch((err: Error) => {
    throw new ProvisionError('BadBundle', `cannot read the agent bundle ${dir}: ${err.message} (run the build first: npm run build)`);
  });
  const files: BundleFile[] = [];
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const name = relative(dir, join(entry.parentPath, entry.name)).split(sep).join('/');
    // sha256sum escapes names with \ or newline; the bundle has no reason to hold such names
    if (/[\\\n]/.test(name) || name === BUNDLE_MANIFEST) throw new ProvisionError('BadBundle', `unexpected file in the agent bundle: ${JSON.stringify(name)}`);
    files.push({ name, sha256: createHash('sha256').update(await readFile(join(dir, name))).digest('hex') });
  }
  if (files.length === 0) throw new ProvisionError('BadBundle', `the agent bundle ${dir} is empty (run the build first: npm run build)`);
  files.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const manifest = files.map((f) => `${f.sha256}  ${f.name}\n`).join('');
  return { files, manifest, digest: sha256(manifest) };
}

/**
 * Bring `remoteDir` on the node to the bundle in `bundleDir`: one `sha256sum` on the node
 * tells which files differ (so a file changed on the node is noticed too), only those are
 * uploaded, each atomically, and the manifest is written last.
 */
export async function installAgent(ssh: NodeSsh, options: { bundleDir: string; remoteDir: string }): Promise<InstallResult> {
  const { files, manifest, digest } = await bundleManifest(options.bundleDir);
  const names = [BUNDLE_MANIFEST, ...files.map((f) => f.name)];
  // a missing file makes sha256sum complain and exit 1; the others are still listed
  const listing = await run(ssh, `mkdir -p ${shellQuote(options.remoteDir)} && cd ${shellQuote(options.remoteDir)} && { sha256sum -- ${names.map(shellQuote).join(' ')} 2>/dev/null; true; }`);
  const remote = new Map<string, string>();
  for (const line of listing.split('\n')) {
    const m = /^([0-9a-f]{64}) [ *](.+)$/.exec(line);
    if (m?.[1] && m[2]) remote.set(m[2], m[1]);
  }
  const stale = files.filter((f) => remote.get(f.name) !== f.sha256);
  const dirs = [...new Set(stale.map((f) => posix.dirname(posix.join(options.remoteDir, f.name))))];
  if (dirs.length > 0) await run(ssh, `mkdir -p -- ${dirs.map(shellQuote).join(' ')}`);
  for (const f of stale) await ssh.upload(join(options.bundleDir, f.name), posix.join(options.remoteDir, f.name), { mode: 0o644 });
  if (remote.get(BUNDLE_MANIFEST) !== digest) await ssh.upload(Buffer.from(manifest), posix.join(options.remoteDir, BUNDLE_MANIFEST), { mode: 0o644 });
  return { changed: stale.length > 0, digest, uploaded: stale.map((f) => f.name) };
}

/** Write files on the node (parent directories made), each atomically. */
export async function writeRemoteFiles(ssh: NodeSsh, files: RemoteFile[]): Promise<void> {
  const dirs = [...new Set(files.map((f) => posix.dirname(f.path)))];
  if (dirs.length > 0) await run(ssh, `mkdir -p -- ${dirs.map(shellQuote).join(' ')}`);
  for (const f of files) await ssh.upload(Buffer.isBuffer(f.content) ? f.content : Buffer.from(f.content), f.path, { mode: f.mode ?? 0o644 });
}

/** Run a command that must succeed; its stdout. */
export async function run(ssh: NodeSsh, command: string): Promise<string> {
  const r = await ssh.exec(command);
  if (r.code !== 0) throw new ProvisionError('RemoteCommandFailed', `\`${command}\` on ${ssh.address} exited with ${r.code ?? r.signal}: ${r.stderr.trim()}`);
  return r.stdout;
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
