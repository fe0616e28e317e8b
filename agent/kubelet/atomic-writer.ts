// kubelet's AtomicWriter (pkg/volume/util/atomic_writer.go): configMap, secret, downwardAPI and
// projected volumes show their files as symlinks into `..data`, itself a symlink to a hidden
// timestamped directory. An update writes a new timestamped directory and renames `..data_tmp`
// over `..data`, so a reader sees the old set of files or the new one, never a mix.
import { randomInt } from 'node:crypto';
import { chmod, lstat, mkdir, readFile, readdir, readlink, rename, rm, stat, symlink, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';

export class AtomicWriteError extends Error {
  override readonly name = 'AtomicWriteError';
}

export interface FileProjection {
  data: Buffer;
  /** permission bits, e.g. 0o644 */
  mode: number;
}

export const DATA_DIR_NAME = '..data';
const NEW_DATA_DIR_NAME = '..data_tmp';
const MAX_PATH_LENGTH = 4096;
const MAX_FILE_NAME_LENGTH = 255;

/** validatePath: relative, no '..' element, no leading '..', bounded lengths. */
export function validatePayloadPath(p: string): void {
  if (p === '') throw new AtomicWriteError(`invalid path: must not be empty: ""`);
  if (path.isAbsolute(p)) throw new AtomicWriteError(`invalid path: must be relative path: ${p}`);
  if (p.length > MAX_PATH_LENGTH) throw new AtomicWriteError(`invalid path: must be less than or equal to ${MAX_PATH_LENGTH} characters`);
  const items = p.split('/');
  for (const item of items) {
    if (item === '..') throw new AtomicWriteError(`invalid path: must not contain '..': ${p}`);
    if (item.length > MAX_FILE_NAME_LENGTH) throw new AtomicWriteError(`invalid path: filenames must be less than or equal to ${MAX_FILE_NAME_LENGTH} characters`);
  }
  const first = items[0] ?? '';
  if (first.startsWith('..') && first.length > 2) throw new AtomicWriteError(`invalid path: must not start with '..': ${p}`);
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** Go's time.Format("..2006_01_02_15_04_05.") in UTC: the prefix of every data directory. */
export function timestampPrefix(now: Date): string {
  return `..${now.getUTCFullYear()}_${pad(now.getUTCMonth() + 1)}_${pad(now.getUTCDate())}_${pad(now.getUTCHours())}_${pad(now.getUTCMinutes())}_${pad(now.getUTCSeconds())}.`;
}

async function exists(p: string): Promise<boolean> {
  try {
    await lstat(p);
    return true;
  } catch {
    return false;
  }
}

async function walk(dir: string, rel = ''): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(path.join(dir, rel), { withFileTypes: true })) {
    const p = rel ? `${rel}/${entry.name}` : entry.name;
    out.push(p);
    if (entry.isDirectory()) out.push(...(await walk(dir, p)));
  }
  return out;
}

/** Does any file differ from what is on disk (content or mode)? */
async function payloadDiffers(payload: Map<string, FileProjection>, oldDir: string): Promise<boolean> {
  for (const [p, f] of payload) {
    const full = path.join(oldDir, p);
    try {
      const st = await stat(full);
      if ((st.mode & 0o7777) !== f.mode) return true;
      if (!(await readFile(full)).equals(f.data)) return true;
    } catch {
      return true;
    }
  }
  return false;
}

/** Every path of the payload and its parent directories. */
function payloadPaths(payload: Map<string, FileProjection>): Set<string> {
  const paths = new Set<string>();
  for (const p of payload.keys()) {
    for (let sub = p; sub !== '' && sub !== '.'; sub = path.dirname(sub)) paths.add(sub);
  }
  return paths;
}

/** os.MkdirTemp(targetDir, "..2006_01_02_15_04_05."): the prefix plus random digits. */
async function newTimestampDir(targetDir: string, now: Date): Promise<string> {
  for (;;) {
    const dir = path.join(targetDir, `${timestampPrefix(now)}${String(randomInt(1e9)).padStart(9, '0')}`);
    try {
      await mkdir(dir, { mode: 0o700 });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST') continue;
      throw err;
    }
    await chmod(dir, 0o755); // group and other must be able to walk the tree, whatever the umask
    return dir;
  }
}

export interface AtomicWriteOptions {
  now?: () => Date;
}

/**
 * Writes `payload` (relative path → content) into targetDir, atomically. Returns false when
 * nothing changed (no new data directory is made then, as in the kubelet).
 */
export async function atomicWrite(targetDir: string, input: Map<string, FileProjection>, opts: AtomicWriteOptions = {}): Promise<boolean> {
  await stat(targetDir); // must exist (NewAtomicWriter)
  const payload = new Map<string, FileProjection>();
  for (const [p, f] of input) {
    validatePayloadPath(p);
    payload.set(path.normalize(p), f);
  }
  const dataDirPath = path.join(targetDir, DATA_DIR_NAME);
  let oldTsDir = '';
  try {
    oldTsDir = await readlink(dataDirPath);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  const oldTsPath = path.join(targetDir, oldTsDir);
  let toRemove: string[] = [];
  if (oldTsDir !== '') {
    const keep = payloadPaths(payload);
    toRemove = (await exists(oldTsPath) ? await walk(oldTsPath) : []).filter((p) => !keep.has(p));
    if (toRemove.length === 0 && !(await payloadDiffers(payload, oldTsPath))) return false;
  }
  const tsDir = await newTimestampDir(targetDir, (opts.now ?? (() => new Date()))());
  try {
    for (const [p, f] of payload) {
      const full = path.join(tsDir, p);
      await mkdir(path.dirname(full), { recursive: true, mode: 0o755 });
      await writeFile(full, f.data, { mode: f.mode });
      await chmod(full, f.mode); // writeFile's mode is masked by the umask
    }
    const tmpLink = path.join(targetDir, NEW_DATA_DIR_NAME);
    await rm(tmpLink, { force: true });
    await symlink(path.basename(tsDir), tmpLink);
    await rename(tmpLink, dataDirPath); // the atomic switch
  } catch (err) {
    await rm(tsDir, { recursive: true, force: true });
    throw err;
  }
  // User-visible links: one per top-level name, pointing through ..data.
  for (const p of payload.keys()) {
    const top = p.split('/')[0] ?? p;
    const visible = path.join(targetDir, top);
    if (!(await exists(visible))) await symlink(path.join(DATA_DIR_NAME, top), visible);
  }
  for (const p of toRemove) {
    if (!p.includes('/')) await unlink(path.join(targetDir, p)).catch(() => undefined);
  }
  if (oldTsDir !== '' && oldTsDir !== path.basename(tsDir)) await rm(oldTsPath, { recursive: true, force: true });
  return true;
}
