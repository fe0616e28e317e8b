import { describe, expect, it } from 'vitest';
import {
  containerdRoot, mainCgroupPath, parseCgroup, parseCrictlInspect, parseCrictlPods, parseCrictlPs, parseCtrContainers, parseCtrTasks,
  parseDockerInspect, parseNamespaces, parsePsRows,
} from './parse.js';

const MOBY_ID = 'd236631cd8b3449ff942137fd17acf11816b7d0153882b753b38166690b00b41';

describe('ctr output', () => {
  it('reads `ctr c ls` rows, Docker\'s image-less containers included', () => {
    const text = `CONTAINER                                                           IMAGE                                     RUNTIME                  
${MOBY_ID}    -                                         io.containerd.runc.v2    
5f0c1e    registry.k8s.io/pause:3.6                 io.containerd.runc.v2    
`;
    expect(parseCtrContainers(text)).toEqual([
      { id: MOBY_ID, image: '', runtime: 'io.containerd.runc.v2' },
      { id: '5f0c1e', image: 'registry.k8s.io/pause:3.6', runtime: 'io.containerd.runc.v2' },
    ]);
    expect(parseCtrContainers('')).toEqual([]);
  });

  it('reads running tasks with their pids from `ctr t ls`', () => {
    const tasks = parseCtrTasks('TASK    PID      STATUS    \naaa     29469    RUNNING\nbbb     0        STOPPED\n');
    expect([...tasks]).toEqual([['aaa', 29469]]);
  });

  it('reads namespace names', () => {
    expect(parseNamespaces('NAME   LABELS \nk8s.io        \nmoby          \n')).toEqual(['k8s.io', 'moby']);
  });

  it('finds containerd\'s root in its config', () => {
    expect(containerdRoot('version = 2\nroot = "/x/containerd/root"\nstate = "/run/y"\n')).toBe('/x/containerd/root');
    expect(containerdRoot('')).toBe('/var/lib/containerd');
  });
});

describe('ps and /proc', () => {
  it('reads `ps -eo pid=,ppid=,args=` rows', () => {
    expect(parsePsRows('    1     0 /bin/sh /sbin/init\n  812     1 /usr/bin/containerd-shim-runc-v2 -namespace moby -id abc -address /run/containerd/containerd.sock\n')).toEqual([
      { pid: 1, ppid: 0, argv: ['/bin/sh', '/sbin/init'] },
      { pid: 812, ppid: 1, argv: ['/usr/bin/containerd-shim-runc-v2', '-namespace', 'moby', '-id', 'abc', '-address', '/run/containerd/containerd.sock'] },
    ]);
  });

  it('parses cgroup v1 and v2 lines and picks the path to show', () => {
    const v1 = parseCgroup(`9:name=systemd:/k8s-lab-ab12/node-1/docker/${MOBY_ID}\n4:memory:/k8s-lab-ab12/node-1/docker/${MOBY_ID}\n1:cpu,cpuacct:/x\n0::/k8s-lab-ab12/node-1/docker/${MOBY_ID}\n`);
    expect(v1[0]).toEqual({ hierarchy: 9, controllers: 'name=systemd', path: `/k8s-lab-ab12/node-1/docker/${MOBY_ID}` });
    expect(v1[2]?.controllers).toBe('cpu,cpuacct');
    expect(mainCgroupPath(v1)).toBe(`/k8s-lab-ab12/node-1/docker/${MOBY_ID}`);
    expect(mainCgroupPath(parseCgroup('0::/kubepods/podu1/c1\n'))).toBe('/kubepods/podu1/c1');
    expect(mainCgroupPath([])).toBeUndefined();
  });
});

describe('crictl and docker JSON', () => {
  it('reads crictl ps/pods/inspect -o json', () => {
    const ps = JSON.stringify({ containers: [{ id: 'c1', podSandboxId: 's1', metadata: { name: 'nginx', attempt: 0 }, labels: { 'io.kubernetes.pod.name': 'web', 'io.kubernetes.pod.namespace': 'default' } }] });
    expect(parseCrictlPs(ps)).toEqual([{ id: 'c1', name: 'nginx', podSandboxId: 's1', pod: 'default/web' }]);
    expect([...parseCrictlPods(JSON.stringify({ items: [{ id: 's1', metadata: { name: 'web', namespace: 'default', uid: 'u' } }] }))]).toEqual([['s1', 'default/web']]);
    const one = { status: { id: 'c1', logPath: '/var/log/pods/default_web_u/nginx/0.log' } };
    expect([...parseCrictlInspect(JSON.stringify(one))]).toEqual([['c1', '/var/log/pods/default_web_u/nginx/0.log']]);
    expect(parseCrictlInspect(JSON.stringify([one, { status: { id: 'c2', logPath: 'x' } }])).size).toBe(2);
    expect(parseCrictlPs('not json')).toEqual([]);
  });

  it('reads docker inspect', () => {
    const text = JSON.stringify([{ Id: MOBY_ID, Name: '/demo-docker', Config: { Image: 'nginx' }, LogPath: `/var/lib/docker/containers/${MOBY_ID}/${MOBY_ID}-json.log` }]);
    expect(parseDockerInspect(text)).toEqual([{ id: MOBY_ID, name: 'demo-docker', image: 'nginx', logPath: `/var/lib/docker/containers/${MOBY_ID}/${MOBY_ID}-json.log` }]);
    expect(parseDockerInspect('')).toEqual([]);
  });
});
