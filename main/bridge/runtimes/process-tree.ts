// The node's process tree as `ps -ef --forest` draws it, with each process's part in the
// comparison: dockerd, containerd, the agent (the kubelet role), the shims of each
// containerd namespace, the pod's pause process and the containers' own processes.
// Pure: the rows come from /proc (host nodes) or `ps` over SSH (VM nodes).
import type { ProcessNode, ProcessRole, RuntimeSide } from '../../common/bridge/runtimes.js';
import type { ProcRow } from './parse.js';

function base(path: string | undefined): string {
  return (path ?? '').split('/').pop() ?? '';
}

function flag(argv: string[], name: string): string | undefined {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
}

function sideOf(namespace: string | undefined): RuntimeSide | undefined {
  return namespace === 'moby' ? 'docker' : namespace === 'k8s.io' ? 'cri' : undefined;
}

/** a process's own role, from its command line alone */
export function ownRole(argv: string[]): ProcessRole {
  const exe = base(argv[0]);
  if (exe === 'dockerd') return 'dockerd';
  if (exe === 'containerd') return 'containerd';
  if (exe.startsWith('containerd-shim')) return 'shim';
  if (argv.some((a) => a.endsWith('/agent.mjs') || a === 'agent.mjs')) return 'agent';
  return 'other';
}

/**
 * The node's processes: `seeds` (host nodes: those in the node's network namespace) and
 * all their descendants (pods and Docker containers have network namespaces of their own).
 */
export function withDescendants(rows: ProcRow[], seeds: Set<number>): ProcRow[] {
  const keep = new Set(seeds);
  const children = new Map<number, number[]>();
  for (const r of rows) children.set(r.ppid, [...(children.get(r.ppid) ?? []), r.pid]);
  const queue = [...seeds];
  while (queue.length > 0) {
    for (const c of children.get(queue.pop() ?? -1) ?? []) {
      if (!keep.has(c)) {
        keep.add(c);
        queue.push(c);
      }
    }
  }
  return rows.filter((r) => keep.has(r.pid));
}

/**
 * A forest of the rows (a process whose parent is not among them is a root), children by
 * pid. A shim's children are its containers: a sandbox pid (or a process named pause) is
 * the pod's pause, the rest run the image, on the shim's side. Branches with nothing of
 * the comparison in them (kernel threads, sshd, shells) are left out.
 */
export function buildProcessTree(rows: ProcRow[], sandboxPids: ReadonlySet<number> = new Set()): ProcessNode[] {
  const byPid = new Map(rows.map((r) => [r.pid, r]));
  const kids = new Map<number, ProcRow[]>();
  for (const r of rows) if (r.ppid !== r.pid && byPid.has(r.ppid)) kids.set(r.ppid, [...(kids.get(r.ppid) ?? []), r]);
  const make = (r: ProcRow, inherited: { role?: ProcessRole; side?: RuntimeSide }, seen: Set<number>): ProcessNode => {
    seen.add(r.pid);
    let role = ownRole(r.argv);
    let side: RuntimeSide | undefined;
    let containerId: string | undefined;
    if (role === 'shim') {
      side = sideOf(flag(r.argv, '-namespace'));
      containerId = flag(r.argv, '-id');
    } else if (role === 'other' && inherited.role === 'shim') {
      role = sandboxPids.has(r.pid) || base(r.argv[0]) === 'pause' ? 'pause' : 'container';
      side = inherited.side;
    } else if (role === 'other' && (inherited.role === 'container' || inherited.role === 'pause')) {
      role = inherited.role;
      side = inherited.side;
    }
    const children = (kids.get(r.pid) ?? [])
      .filter((c) => !seen.has(c.pid))
      .sort((a, b) => a.pid - b.pid)
      .map((c) => make(c, { role, side }, seen));
    return { pid: r.pid, ppid: r.ppid, command: r.argv.join(' '), role, ...(side ? { side } : {}), ...(containerId ? { containerId } : {}), children };
  };
  const seen = new Set<number>();
  const roots = rows.filter((r) => r.ppid === r.pid || !byPid.has(r.ppid)).sort((a, b) => a.pid - b.pid);
  return roots.map((r) => make(r, {}, seen)).map(prune).filter((n): n is ProcessNode => n !== undefined);
}

/** drops branches without any process of the comparison */
function prune(n: ProcessNode): ProcessNode | undefined {
  const children = n.children.map(prune).filter((c): c is ProcessNode => c !== undefined);
  if (n.role === 'other' && children.length === 0) return undefined;
  return { ...n, children };
}

/** every process of a tree, depth first */
export function flattenTree(tree: ProcessNode[]): ProcessNode[] {
  return tree.flatMap((n) => [n, ...flattenTree(n.children)]);
}
