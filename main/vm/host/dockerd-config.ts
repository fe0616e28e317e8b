// Docker on a host node: where a node's dockerd keeps its data and sockets, and the
// daemon.json it is started with. Pure functions: the launcher (dockerd.ts) writes what
// these return. dockerd runs on the node's own containerd (--containerd), so its
// containers live in that containerd's `moby` namespace beside CRI's `k8s.io`, as on a
// VM node (vm-images/node/files/k8s-lab-init) and on a real node with both installed.
import { createHash } from 'node:crypto';
import { join, resolve } from 'node:path';
import { normalizeRegistryUrl } from './containerd-config.js';

export interface DockerdPaths {
  /** images (image/overlay2), layers (overlay2), containers/<id>/<id>-json.log: <dir>/docker/data */
  dataRoot: string;
  /** runtime state: netns files, runc state, the API socket and the pid file */
  execRoot: string;
  /** the Docker API socket (`docker -H unix://…`) */
  socket: string;
  pidFile: string;
  /** our daemon.json: never the host's /etc/docker/daemon.json */
  configFile: string;
  /** dockerd's own output (beside containerd.log and agent.log) */
  logFile: string;
}

/**
 * Paths for the dockerd of a node directory. The exec root sits under /run keyed by the
 * same hash as the node's containerd state dir (unix socket paths are limited to 107
 * bytes), but beside it rather than inside: the containerd cleanup removes its own dir
 * whole, and Docker's netns bind mounts must be unmounted by Docker's cleanup first.
 */
export function dockerdPaths(dir: string): DockerdPaths {
  const abs = resolve(dir);
  const hash = createHash('sha256').update(abs).digest('hex').slice(0, 12);
  const execRoot = `/run/k8s-lab/${hash}.docker`;
  return {
    dataRoot: join(abs, 'docker', 'data'),
    execRoot,
    socket: join(execRoot, 'docker.sock'),
    pidFile: join(execRoot, 'docker.pid'),
    configFile: join(abs, 'docker', 'daemon.json'),
    logFile: join(abs, 'dockerd.log'),
  };
}

export interface DockerDaemonInput {
  paths: DockerdPaths;
  /** the node's containerd socket */
  containerdSocket: string;
  /** e.g. http://10.236.0.1:5000: Docker Hub pulls go to it */
  registryUrl?: string;
  /** the node's cgroup, so Docker's containers sit beside its pods, not in the host's /docker */
  cgroupParent?: string;
}

/**
 * daemon.json for Docker 20.10. `registry-mirrors` only covers docker.io (what `docker
 * run nginx` pulls); the node's network namespace has no default route, so a fallback to
 * a public registry cannot leave the machine either. Every flag lives here, none on the
 * command line: dockerd refuses a setting given both ways.
 */
export function dockerDaemonJson({ paths, containerdSocket, registryUrl, cgroupParent }: DockerDaemonInput): string {
  const registry = registryUrl === undefined ? undefined : normalizeRegistryUrl(registryUrl);
  const config: Record<string, unknown> = {
    'data-root': paths.dataRoot,
    'exec-root': paths.execRoot,
    pidfile: paths.pidFile,
    hosts: [`unix://${paths.socket}`],
    containerd: containerdSocket,
    'containerd-namespace': 'moby',
    'containerd-plugins-namespace': 'plugins.moby',
    ...(registry ? { 'registry-mirrors': [registry], 'insecure-registries': [new URL(registry).host] } : {}),
    ...(cgroupParent ? { 'cgroup-parent': cgroupParent } : {}),
    // Docker's default -500 needs CAP_SYS_RESOURCE, which these machines lack (DESIGN.md facts)
    'oom-score-adjust': 0,
    'log-driver': 'json-file',
    'storage-driver': 'overlay2',
    // a node stops in seconds, like the VM's init: containers get 3 s after SIGTERM
    'shutdown-timeout': 3,
  };
  return `${JSON.stringify(config, null, 2)}\n`;
}
