// One builder at a time per output directory: helpers and tests may start builds
// concurrently, and the index and garbage collection must see a consistent set of blobs.
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export class LockError extends Error {
  override name = 'LockError';
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export async function withBuildLock<T>(dir: string, log: (line: string) => void, fn: () => Promise<T>, timeoutMs = 30 * 60_000): Promise<T> {
  await mkdir(dir, { recursive: true });
  const lock = join(dir, 'lock');
  const deadline = Date.now() + timeoutMs;
  let told = false;
  for (;;) {
    try {
      await mkdir(lock);
      await writeFile(join(lock, 'pid'), String(process.pid));
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const owner = Number(await readFile(join(lock, 'pid'), 'utf8').catch(() => '0'));
      if (owner > 0 && !alive(owner)) {
        // a builder that died keeps no claim
        await rm(lock, { recursive: true, force: true });
        continue;
      }
      if (Date.now() > deadline) throw new LockError(`${lock} is held by pid ${owner} for too long`);
      if (!told) { log(`waiting for another image build (pid ${owner || '?'}) to finish`); told = true; }
      await sleep(500);
    }
  }
  try {
    return await fn();
  } finally {
    await rm(lock, { recursive: true, force: true });
  }
}
