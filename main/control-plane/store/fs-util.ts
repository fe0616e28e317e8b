// Durable file helpers. A rename is only durable once the directory itself is
// fsynced, and a new file's contents only once the file is; both matter after kill -9
// followed by a power loss, which is what "on disk" promises.
import { open, rename, unlink } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';

export async function fsyncDir(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** tmp file + fsync + rename + fsync dir: readers see the old file or the whole new one */
export async function writeFileAtomic(dir: string, name: string, data: Uint8Array, durable: boolean): Promise<void> {
  const tmp = `${dir}/${name}.tmp`;
  const handle = await open(tmp, 'w');
  try {
    await handle.writeFile(data);
    if (durable) await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(tmp, `${dir}/${name}`);
  if (durable) await fsyncDir(dir);
}

const ZEROS = Buffer.alloc(1 << 20);

/** writes zeros over [from, to): preallocates blocks so later fdatasyncs touch no metadata */
export async function zeroFill(handle: FileHandle, from: number, to: number): Promise<void> {
  for (let pos = from; pos < to; ) {
    const n = Math.min(ZEROS.length, to - pos);
    const { bytesWritten } = await handle.write(ZEROS, 0, n, pos);
    pos += bytesWritten;
  }
}

export async function unlinkIfExists(path: string): Promise<void> {
  try {
    await unlink(path);
  } catch (err) {
    if (!isErrno(err, 'ENOENT')) throw err;
  }
}

export function isErrno(err: unknown, code: string): boolean {
  return err instanceof Error && (err as NodeJS.ErrnoException).code === code;
}
