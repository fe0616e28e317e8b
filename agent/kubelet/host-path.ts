// hostPath volumes (pkg/volume/hostpath/host_path.go): the node path is used as is; the `type`
// field asks for a check, or for the path to be created (DirectoryOrCreate 0755, FileOrCreate 0644).
import { chmod, mkdir, open, stat } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import type { Volume } from './pod-types.js';

export type HostPathVolumeSource = NonNullable<Volume['hostPath']>;

export class HostPathError extends Error {
  override readonly name = 'HostPathError';
}

async function statOrUndefined(p: string): Promise<Stats | undefined> {
  try {
    return await stat(p); // follows symlinks, like hostutil.GetFileType
  } catch {
    return undefined;
  }
}

/** validation.ValidatePathNoBacksteps */
export function hasBacksteps(p: string): boolean {
  return p.split('/').includes('..');
}

async function makeDir(p: string): Promise<void> {
  await mkdir(p, { recursive: true, mode: 0o755 });
}

/** hostutil MakeFile: O_CREATE with 0644; the parent directory must already exist. */
async function makeFile(p: string): Promise<void> {
  const fh = await open(p, 'a', 0o644);
  await fh.close();
  await chmod(p, 0o644);
}

/** SetUp of a hostPath volume: checkType with the kubelet's messages. Returns the host path. */
export async function setUpHostPath(source: HostPathVolumeSource): Promise<string> {
  const p = source.path;
  if (hasBacksteps(p)) throw new HostPathError(`invalid HostPath \`${p}\`: must not contain '..'`);
  const type = source.type ?? '';
  if (type === '') return p;
  const st = await statOrUndefined(p);
  try {
    switch (type) {
      case 'DirectoryOrCreate':
        if (!st) {
          await makeDir(p);
          return p;
        }
        if (!st.isDirectory()) throw new HostPathError(`hostPath type check failed: ${p} is not a directory`);
        return p;
      case 'Directory':
        if (!st?.isDirectory()) throw new HostPathError(`hostPath type check failed: ${p} is not a directory`);
        return p;
      case 'FileOrCreate':
        if (!st) {
          await makeFile(p);
          return p;
        }
        if (!st.isFile()) throw new HostPathError(`hostPath type check failed: ${p} is not a file`);
        return p;
      case 'File':
        if (!st?.isFile()) throw new HostPathError(`hostPath type check failed: ${p} is not a file`);
        return p;
      case 'Socket':
        if (!st?.isSocket()) throw new HostPathError(`hostPath type check failed: ${p} is not a socket file`);
        return p;
      case 'CharDevice':
        if (!st?.isCharacterDevice()) throw new HostPathError(`hostPath type check failed: ${p} is not a character device`);
        return p;
      case 'BlockDevice':
        if (!st?.isBlockDevice()) throw new HostPathError(`hostPath type check failed: ${p} is not a block device`);
        return p;
      default:
        throw new HostPathError(`${type} is an invalid volume type`);
    }
  } catch (err) {
    if (err instanceof HostPathError) throw err;
    // A failed create surfaces the OS error, e.g. "open /x/y: no such file or directory".
    const e = err as NodeJS.ErrnoException;
    throw new HostPathError(`${e.syscall ?? 'open'} ${p}: ${e.code === 'ENOENT' ? 'no such file or directory' : e.message}`);
  }
}
