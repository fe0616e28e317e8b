// Finding a node's dockerd among the host's processes, and removing the cgroup parent
// its containers lived in once it is empty.
import { readdirSync, rmdirSync } from 'node:fs';
import { join } from 'node:path';
import { listProcesses } from './containerd-proc.js';
import type { ProcessInfo } from './containerd-proc.js';

/** dockerd processes started with this --config-file (one node's, wherever their parent went) */
export function findDockerds(configFile: string, processes = listProcesses()): ProcessInfo[] {
  return processes.filter((p) => {
    if (!(p.argv[0] ?? '').endsWith('dockerd')) return false;
    const i = p.argv.indexOf('--config-file');
    return i >= 0 && p.argv[i + 1] === configFile;
  });
}

/**
 * rmdir the cgroup parent in every hierarchy (cgroup v1 mounts one per controller under
 * /sys/fs/cgroup, v2 one). Only an empty one goes: a busy one (containers still running
 * until the containerd cleanup kills them) stays for the next stop.
 */
export function removeEmptyCgroup(parent: string, base = '/sys/fs/cgroup'): Promise<void> {
  let hierarchies: string[] = [];
  try {
    hierarchies = readdirSync(base, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => join(base, d.name));
  } catch {
    return Promise.resolve();
  }
  for (const dir of [base, ...hierarchies].map((h) => join(h, parent))) {
    try {
      rmdirSync(dir);
    } catch {
      // not there, or not empty
    }
  }
  return Promise.resolve();
}
