import { describe, expect, it } from 'vitest';
import type { ProcessNode } from '../../common/bridge/runtimes.js';
import type { ProcRow } from './parse.js';
import { buildProcessTree, flattenTree, ownRole, withDescendants } from './process-tree.js';

const SOCK = '/run/k8s-lab/abc/containerd/containerd.sock';
const row = (pid: number, ppid: number, cmd: string): ProcRow => ({ pid, ppid, argv: cmd.split(' ') });

// a host node as /proc shows it: daemons under the lab process (100), shims re-parented to init
const HOST: ProcRow[] = [
  row(1, 0, '/sbin/init'),
  row(100, 1, 'node dist/main.mjs up'),
  row(200, 100, `containerd --config /d/nodes/node-1/containerd/config.toml`),
  row(201, 100, 'node /w/dist/agent/agent.mjs --config /d/nodes/node-1/agent.json'),
  row(202, 100, '/usr/sbin/dockerd --config-file /d/nodes/node-1/docker/daemon.json'),
  row(300, 1, `/usr/bin/containerd-shim-runc-v2 -namespace moby -id dock1 -address ${SOCK}`),
  row(301, 300, 'nginx: master process nginx -g daemon off;'),
  row(302, 301, 'nginx: worker process'),
  row(400, 1, `/usr/bin/containerd-shim-runc-v2 -namespace k8s.io -id sand1 -address ${SOCK}`),
  row(401, 400, '/pause'),
  row(402, 400, 'nginx: master process nginx -g daemon off;'),
  row(500, 1, '/usr/sbin/sshd -D'),
  row(501, 500, 'sshd: root@pts/0'),
];

function find(tree: ProcessNode[], pid: number): ProcessNode | undefined {
  return flattenTree(tree).find((n) => n.pid === pid);
}

describe('process roles', () => {
  it('knows the daemons and shims by their command line', () => {
    expect(ownRole(['/usr/sbin/dockerd', '-H', 'x'])).toBe('dockerd');
    expect(ownRole(['containerd', '--config', 'x'])).toBe('containerd');
    expect(ownRole(['/usr/bin/containerd-shim-runc-v2', '-namespace', 'moby'])).toBe('shim');
    expect(ownRole(['/usr/bin/node', '/opt/k8s-lab/agent/agent.mjs', '--config', 'x'])).toBe('agent');
    expect(ownRole(['nginx:', 'worker', 'process'])).toBe('other');
  });
});

describe('buildProcessTree', () => {
  it('draws the forest with shims, pause and containers on their side, dropping unrelated branches', () => {
    const tree = buildProcessTree(HOST, new Set([401]));
    expect(tree.map((n) => n.pid)).toEqual([1]);
    const init = tree[0];
    expect(init?.children.map((n) => n.pid)).toEqual([100, 300, 400]); // sshd is gone
    expect(find(tree, 200)?.role).toBe('containerd');
    expect(find(tree, 201)?.role).toBe('agent');
    expect(find(tree, 202)?.role).toBe('dockerd');
    expect(find(tree, 300)).toMatchObject({ role: 'shim', side: 'docker', containerId: 'dock1' });
    expect(find(tree, 301)).toMatchObject({ role: 'container', side: 'docker' });
    expect(find(tree, 302)).toMatchObject({ role: 'container', side: 'docker' }); // a worker of the container's process
    expect(find(tree, 400)).toMatchObject({ role: 'shim', side: 'cri', containerId: 'sand1' });
    expect(find(tree, 401)).toMatchObject({ role: 'pause', side: 'cri' });
    expect(find(tree, 402)).toMatchObject({ role: 'container', side: 'cri' });
  });

  it('takes a process whose parent is not among the rows as a root', () => {
    const nodeOnly = HOST.filter((r) => r.pid >= 200 && r.pid < 500);
    expect(buildProcessTree(nodeOnly).map((n) => n.pid)).toEqual([200, 201, 202, 300, 400]);
    // without the sandbox pids, a process named pause is still the pause
    expect(find(buildProcessTree(nodeOnly), 401)?.role).toBe('pause');
  });

  it('survives a pid loop', () => {
    expect(buildProcessTree([row(5, 6, 'containerd'), row(6, 5, 'containerd')])).toEqual([]);
  });
});

describe('withDescendants', () => {
  it('keeps the seeds and everything under them', () => {
    expect(withDescendants(HOST, new Set([200, 300, 400])).map((r) => r.pid)).toEqual([200, 300, 301, 302, 400, 401, 402]);
  });
});
