// What is left of a node's containerd once the daemon is gone: runc shims (one per
// pod sandbox, they outlive containerd by design so containers survive a daemon
// restart), the pod processes under them, overlay and shm mounts in the state dir,
// CNI network namespaces and IPAM leases of those pods, empty cgroups, the state dir.
// Everything is found through this containerd's own socket address or directories,
// so another node's containerd on the same host is never touched.
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, rmSync, statSync, unlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { containerdPaths } from './containerd-config.js';
import {
  cgroupDirs, descendants, killQuietly, listProcesses, mountsUnder, netnsInode, removeCgroupDirs, unmountAll, waitGone,
} from './containerd-proc.js';
import type { ProcessInfo } from './containerd-proc.js';

export class ContainerdCleanupError extends Error {
  override readonly name = 'ContainerdCleanupError';
}

/** containerd-shim-runc-v2's flag value, e.g. argValue(argv, '-id'). */
function argValue(argv: string[], flag: string): string | undefined {
  const index = argv.indexOf(flag);
  return index >= 0 ? argv[index + 1] : undefined;
}

/** Shims started by the containerd listening on `address`. */
export function findShims(address: string, processes = listProcesses()): ProcessInfo[] {
  return processes.filter((p) =>
    (p.argv[0] ?? '').endsWith('containerd-shim-runc-v2') && argValue(p.argv, '-address') === address);
}

/** A containerd started with this config file (still running after its parent died). */
export function findDaemons(configFile: string, processes = listProcesses()): ProcessInfo[] {
  return processes.filter((p) =>
    (p.argv[0] ?? '').endsWith('containerd') && argValue(p.argv, '--config') === configFile);
}

/**
 * The shim's ttrpc socket: containerd 1.6 names it after sha256(<address>/<ns>/<id>)
 * under /run/containerd/s whatever its state dir (runtime/v2/shim/util_unix.go
 * SocketAddress), and a killed shim leaves it behind.
 */
function shimSocket(address: string, argv: string[]): string | undefined {
  const ns = argValue(argv, '-namespace');
  const id = argValue(argv, '-id');
  if (!ns || !id) return undefined;
  return `/run/containerd/s/${createHash('sha256').update(join(address, ns, id)).digest('hex')}`;
}

function removeQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // already gone
  }
}

/** CRI network namespaces (/run/netns/cni-<uuid>) whose inode is one of `inodes`. */
function removeNetns(inodes: Set<number>, log: (line: string) => void): void {
  let names: string[] = [];
  try {
    names = readdirSync('/run/netns').filter((name) => name.startsWith('cni-'));
  } catch {
    return;
  }
  for (const name of names) {
    const path = join('/run/netns', name);
    let ino: number;
    try {
      ino = statSync(path).ino;
    } catch {
      continue;
    }
    if (!inodes.has(ino)) continue;
    log(`removing pod network namespace ${path}`);
    unmountAll([path], log);
    removeQuietly(path);
  }
}

/**
 * host-local IPAM leases (/var/lib/cni/networks/<net>/<ip>, content: the sandbox id)
 * and libcni result caches (/var/lib/cni/results/<net>-<id>-<ifname>) of sandboxes
 * that never got their CNI DEL.
 */
function removeCniState(sandboxIds: Set<string>): void {
  const list = (dir: string) => {
    try {
      return readdirSync(dir);
    } catch {
      return [];
    }
  };
  for (const network of list('/var/lib/cni/networks')) {
    for (const lease of list(join('/var/lib/cni/networks', network))) {
      const path = join('/var/lib/cni/networks', network, lease);
      let owner = '';
      try {
        owner = readFileSync(path, 'utf8').split(/\r?\n/)[0] ?? '';
      } catch {
        continue;
      }
      if (sandboxIds.has(owner)) removeQuietly(path);
    }
  }
  for (const result of list('/var/lib/cni/results')) {
    if ([...sandboxIds].some((id) => result.includes(`-${id}-`))) removeQuietly(join('/var/lib/cni/results', result));
  }
}

/** SIGKILL every shim of this containerd with all its pods; returns how many shims. */
async function killShims(address: string, log: (line: string) => void): Promise<number> {
  const processes = listProcesses();
  const shims = findShims(address, processes);
  if (shims.length === 0) return 0;
  const victims = shims.flatMap((shim) => [...descendants(shim.pid, processes), shim]);
  // Read namespaces and cgroups before the processes die. A host-network pod shares
  // the shim's (the node's) network namespace, which is not ours to remove.
  const nodeNetns = new Set(shims.map((shim) => netnsInode(shim.pid)));
  const podNetns = new Set(
    victims.map((p) => netnsInode(p.pid)).filter((ino): ino is number => ino !== undefined && !nodeNetns.has(ino)),
  );
  const cgroups = victims.filter((p) => !shims.includes(p)).flatMap((p) => cgroupDirs(p.pid));
  log(`killing ${shims.length} leftover shim(s) and ${victims.length - shims.length} pod process(es)`);
  for (const victim of victims) killQuietly(victim.pid, 'SIGKILL');
  if (!(await waitGone(victims.map((p) => p.pid), 5_000))) log('some pod processes did not exit after SIGKILL');
  const busy = await removeCgroupDirs(cgroups);
  if (busy.length > 0) log(`cgroups still busy, left in place: ${busy.join(', ')}`);
  removeNetns(podNetns, log);
  removeCniState(new Set(shims.map((shim) => argValue(shim.argv, '-id')).filter((id): id is string => !!id)));
  for (const shim of shims) {
    const socket = shimSocket(address, shim.argv);
    if (socket) removeQuietly(socket);
  }
  return shims.length;
}

export interface CleanupOptions {
  cniConfDir?: string;
  log?: (line: string) => void;
}

/**
 * Cleans up after the containerd of node directory `dir` once it no longer runs
 * (after stop(), or after a crash of it or of the process that started it): kills a
 * daemon still running with this dir's config and every shim it started with their
 * pods, unmounts everything under its root and state dirs (deepest first, lazily),
 * and removes the state dir. The root (images, snapshots) is kept for the next start.
 */
export async function cleanupContainerdLeftovers(dir: string, options: CleanupOptions = {}): Promise<void> {
  const log = options.log ?? (() => {});
  const paths = containerdPaths(dir, options.cniConfDir);
  const daemons = findDaemons(paths.configFile);
  for (const daemon of daemons) {
    log(`killing containerd ${daemon.pid} still running for ${dir}`);
    killQuietly(daemon.pid, 'SIGKILL');
  }
  await waitGone(daemons.map((d) => d.pid), 5_000);
  await killShims(paths.socket, log);
  const dirs = [paths.root, paths.stateDir];
  unmountAll(mountsUnder(dirs), log);
  const stillMounted = mountsUnder(dirs);
  if (stillMounted.length > 0) {
    // Deleting through a live mount would reach into a container's filesystem.
    throw new ContainerdCleanupError(`cannot unmount ${stillMounted.join(', ')}; state dir ${paths.stateDir} kept`);
  }
  // The per-dir parent (/run/k8s-lab/<hash>) holds only this node's state.
  rmSync(dirname(paths.stateDir), { recursive: true, force: true });
}
