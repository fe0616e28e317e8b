// The few mount operations the volume plugins need (tmpfs for emptyDir medium Memory and for
// secret/projected volumes, unmount at teardown), done with mount(8)/umount(8) like the kubelet's
// mount-utils, and mount points read from /proc/self/mountinfo.
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';

export class MountError extends Error {
  override readonly name = 'MountError';
}

export interface MountPoint {
  mountPoint: string;
  fsType: string;
  source: string;
  options: string;
}

export interface Mounter {
  /** mount -t tmpfs [-o size=N] tmpfs dir */
  mountTmpfs(dir: string, sizeBytes?: bigint): Promise<void>;
  unmount(dir: string): Promise<void>;
  /** mounts at or below `dir`, deepest first */
  mountsUnder(dir: string): Promise<MountPoint[]>;
}

function run(cmd: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(cmd, args, (err, _stdout, stderr) => {
      if (err) reject(new MountError(`${cmd} ${args.join(' ')}: ${stderr.trim() || err.message}`));
      else resolve();
    });
  });
}

/** mountinfo escapes space, tab, newline and backslash as \ooo octal. */
function unescapeMountinfo(s: string): string {
  return s.replace(/\\([0-7]{3})/g, (_m, oct: string) => String.fromCharCode(parseInt(oct, 8)));
}

/** Parses /proc/<pid>/mountinfo lines (man 5 proc). */
export function parseMountinfo(text: string): MountPoint[] {
  const out: MountPoint[] = [];
  for (const line of text.split('\n')) {
    const dash = line.indexOf(' - ');
    if (dash < 0) continue;
    const left = line.slice(0, dash).split(' ');
    const right = line.slice(dash + 3).split(' ');
    const mp = left[4];
    if (mp === undefined) continue;
    out.push({
      mountPoint: unescapeMountinfo(mp),
      fsType: right[0] ?? '',
      source: unescapeMountinfo(right[1] ?? ''),
      options: right[2] ?? '',
    });
  }
  return out;
}

export async function readMountinfo(): Promise<MountPoint[]> {
  return parseMountinfo(await readFile('/proc/self/mountinfo', 'utf8'));
}

/** Mount points at or below dir (dir itself included), deepest first, each listed once. */
export function mountsBelow(mounts: readonly MountPoint[], dir: string): MountPoint[] {
  const root = path.resolve(dir);
  const seen = new Set<string>();
  return mounts
    .filter((m) => m.mountPoint === root || m.mountPoint.startsWith(`${root}/`))
    .filter((m) => !seen.has(m.mountPoint) && seen.add(m.mountPoint) !== undefined)
    .sort((a, b) => b.mountPoint.length - a.mountPoint.length);
}

/** The real mounter: needs CAP_SYS_ADMIN (the agent runs as root on its node). */
export const systemMounter: Mounter = {
  async mountTmpfs(dir, sizeBytes) {
    const opts = sizeBytes !== undefined && sizeBytes > 0n ? ['-o', `size=${sizeBytes}`] : [];
    await run('mount', ['-t', 'tmpfs', ...opts, 'tmpfs', dir]);
  },
  async unmount(dir) {
    await run('umount', [dir]);
  },
  async mountsUnder(dir) {
    return mountsBelow(await readMountinfo(), dir);
  },
};
