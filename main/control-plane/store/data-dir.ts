// The data directory's identity and ownership.
// - member.json keeps the member id (what `etcdctl endpoint status` shows as ID and
//   leader) and a term that grows by one per open, as a single-member etcd's raft
//   term grows with each restart's election.
// - LOCK holds the owner's pid so two stores never write one WAL. A lock left by a
//   killed process (kill -9 leaves it behind) is taken over.
import { createHash } from 'node:crypto';
import { mkdir, open, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { isErrno, unlinkIfExists, writeFileAtomic } from './fs-util.js';
import { StoreError } from './types.js';

export interface MemberInfo {
  memberId: string;
  term: number;
}

function parseMember(text: string): MemberInfo | undefined {
  try {
    const v: unknown = JSON.parse(text);
    if (typeof v !== 'object' || v === null) return undefined;
    const { memberId, term } = v as Record<string, unknown>;
    if (typeof memberId !== 'string' || !/^[0-9a-f]{16}$/.test(memberId)) return undefined;
    if (typeof term !== 'number' || !Number.isSafeInteger(term) || term < 0) return undefined;
    return { memberId, term };
  } catch {
    return undefined; // an unreadable file is replaced below; the id is derived again the same way
  }
}

/** reads member.json, bumps the term and writes it back atomically */
export async function openMember(dir: string, durable: boolean): Promise<MemberInfo> {
  let current: MemberInfo | undefined;
  try {
    current = parseMember(await readFile(join(dir, 'member.json'), 'utf8'));
  } catch (err) {
    if (!isErrno(err, 'ENOENT')) throw err;
  }
  // derived from the absolute path: stable for a data dir even if member.json is lost
  const memberId = current?.memberId ?? createHash('sha256').update(resolve(dir)).digest('hex').slice(0, 16);
  const next: MemberInfo = { memberId, term: (current?.term ?? 0) + 1 };
  await writeFileAtomic(dir, 'member.json', Buffer.from(JSON.stringify(next) + '\n'), durable);
  return next;
}

/** data dirs this process holds, so a second open in the same process is refused too */
const heldHere = new Set<string>();

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return isErrno(err, 'EPERM');
  }
}

export interface DirLock {
  release(): Promise<void>;
}

export async function lockDataDir(dir: string): Promise<DirLock> {
  const abs = resolve(dir);
  await mkdir(abs, { recursive: true });
  const path = join(abs, 'LOCK');
  if (heldHere.has(abs)) throw new StoreError('unavailable', `data dir ${abs} is already open in this process`);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const handle = await open(path, 'wx');
      await handle.writeFile(`${process.pid}\n`);
      await handle.close();
      heldHere.add(abs);
      return {
        release: async () => {
          heldHere.delete(abs);
          await unlinkIfExists(path);
        },
      };
    } catch (err) {
      if (!isErrno(err, 'EEXIST')) throw err;
    }
    const owner = parseInt(await readFile(path, 'utf8').catch(() => ''), 10);
    if (Number.isInteger(owner) && owner !== process.pid && pidAlive(owner)) {
      throw new StoreError('unavailable', `data dir ${abs} is in use by process ${owner}`);
    }
    await unlinkIfExists(path); // stale: its owner is gone (or was this process, which no longer holds it)
  }
  throw new StoreError('unavailable', `could not lock data dir ${abs}`);
}
