// Small readers of /proc for cleaning up after a node's containerd: which processes
// exist (with parent and command line), what is mounted, which cgroups a process is
// in. Each reader tolerates processes vanishing while it looks.
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync, rmdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export interface ProcessInfo {
  pid: number;
  ppid: number;
  argv: string[];
}

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined; // the process exited meanwhile, or is not ours to read
  }
}

export function listProcesses(): ProcessInfo[] {
  const out: ProcessInfo[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const stat = readText(`/proc/${name}/stat`);
    const cmdline = readText(`/proc/${name}/cmdline`);
    if (stat === undefined || cmdline === undefined) continue;
    // "pid (comm) state ppid …": comm may hold spaces and parentheses.
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    out.push({ pid: Number(name), ppid, argv: cmdline.split('\0').filter((part) => part !== '') });
  }
  return out;
}

/** All descendants of pid (children first-level first), from one snapshot. */
export function descendants(pid: number, processes: ProcessInfo[]): ProcessInfo[] {
  const found: ProcessInfo[] = [];
  let frontier = [pid];
  while (frontier.length > 0) {
    const next = processes.filter((p) => frontier.includes(p.ppid));
    found.push(...next);
    frontier = next.map((p) => p.pid);
  }
  return found;
}

/**
 * Whether pid is a live process. A zombie counts as gone: a killed pod process whose
 * parent (its shim) died is reparented to the host's init, which may reap it late.
 */
export function isAlive(pid: number): boolean {
  const stat = readText(`/proc/${pid}/stat`);
  if (stat === undefined) return false;
  const state = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0];
  return state !== 'Z' && state !== 'X';
}

export function killQuietly(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // already gone
  }
}

/** Waits until none of pids is alive; false on timeout. */
export async function waitGone(pids: number[], timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (!pids.some(isAlive)) return true;
    if (Date.now() > deadline) return false;
    await new Promise((resolveWait) => setTimeout(resolveWait, 25));
  }
}

/** Mount points from /proc/self/mountinfo (field 5, octal escapes decoded). */
export function mountPoints(): string[] {
  const text = readText('/proc/self/mountinfo') ?? '';
  return text
    .split('\n')
    .map((line) => line.split(' ')[4])
    .filter((field): field is string => field !== undefined && field !== '')
    .map((field) => field.replace(/\\([0-7]{3})/g, (_, octal: string) => String.fromCharCode(parseInt(octal, 8))));
}

/** Mount points at or under any of dirs, deepest first. */
export function mountsUnder(dirs: string[]): string[] {
  const inside = (mount: string) => dirs.some((dir) => mount === dir || mount.startsWith(`${dir}/`));
  return [...new Set(mountPoints().filter(inside))].sort((a, b) => b.split('/').length - a.split('/').length);
}

/** `umount -l` each mount point (lazy: a busy mount is detached now, freed when unused). */
export function unmountAll(mounts: string[], log: (line: string) => void): void {
  for (const mount of mounts) {
    try {
      execFileSync('umount', ['-l', mount], { stdio: ['ignore', 'ignore', 'pipe'] });
    } catch (error) {
      log(`umount -l ${mount}: ${(error as Error).message.trim()}`);
    }
  }
}

/** The inode of a process's network namespace (what `ip netns identify` compares). */
export function netnsInode(pid: number): number | undefined {
  try {
    return statSync(`/proc/${pid}/ns/net`).ino;
  } catch {
    return undefined;
  }
}

/** Cgroup directories of a process: one per hierarchy line of /proc/<pid>/cgroup. */
export function cgroupDirs(pid: number): string[] {
  const text = readText(`/proc/${pid}/cgroup`) ?? '';
  const dirs: string[] = [];
  for (const line of text.split('\n')) {
    const match = /^(\d+):([^:]*):(.+)$/.exec(line);
    if (!match || match[3] === '/') continue;
    const controllers = match[2] ?? '';
    const path = match[3] ?? '';
    // cgroup v1 mounts each hierarchy at /sys/fs/cgroup/<controllers> (named ones
    // without "name="); the v2 line (id 0, no controllers) is the unified mount.
    const bases = controllers === ''
      ? ['/sys/fs/cgroup/unified', '/sys/fs/cgroup']
      : [`/sys/fs/cgroup/${controllers}`, `/sys/fs/cgroup/${controllers.replace(/^name=/, '')}`];
    for (const base of bases) dirs.push(join(base, path));
  }
  return dirs;
}

/**
 * rmdir each (empty) cgroup directory, deepest first. On cgroup v1 a zombie still
 * holds its cgroup until it is reaped, and the host's init may reap the orphaned pod
 * processes late, so a busy directory is retried for up to timeoutMs.
 */
export async function removeCgroupDirs(dirs: string[], timeoutMs = 5_000): Promise<string[]> {
  let pending = [...new Set(dirs)].sort((a, b) => b.length - a.length);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    pending = pending.filter((dir) => {
      try {
        rmdirSync(dir);
        return false;
      } catch (error) {
        return (error as NodeJS.ErrnoException).code === 'EBUSY'; // others: not there, not ours to force
      }
    });
    if (pending.length === 0 || Date.now() > deadline) return pending;
    await new Promise((resolveWait) => setTimeout(resolveWait, 50));
  }
}
