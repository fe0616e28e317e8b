// What a shell inside a host node has, as a shell on a real node would have it: the
// node's network namespace, `crictl` on PATH (the agent's crictl-style CLI through a small
// wrapper), ctr pointed at the node's containerd, docker at its dockerd, etcdctl at the
// lab's etcd facade.
// Shared by `k8s-lab node exec` (main/cli/node.ts) and the Nodes view's terminal.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { assetPath } from '../../assets.js';
import { dockerdPaths } from './dockerd-config.js';

export interface HostShellOptions {
  dataDir: string;
  node: string;
  /** the node's containerd socket (containerdPaths(nodeDir).socket) */
  containerdSocket: string;
  /** the lab's etcd facade as the node reaches it (the bridge address), when there is one */
  etcd?: { endpoint: string };
  /** the environment to start from (default process.env) */
  base?: NodeJS.ProcessEnv;
}

/** Writes <dataDir>/bin/crictl (exec the agent's crictl.mjs with this Node) and returns the dir. */
export async function ensureCrictlWrapper(dataDir: string): Promise<string> {
  const bin = join(dataDir, 'bin');
  await mkdir(bin, { recursive: true });
  await writeFile(join(bin, 'crictl'), `#!/bin/sh\nexec "${process.execPath}" "${crictlBundle()}" "$@"\n`, { mode: 0o755 });
  return bin;
}

/**
 * <dataDir>/bin/node-shell.rc, the rc file of an interactive shell in a host node (the
 * user's own ~/.bashrc is the host's, not the node's): a prompt that names the node.
 */
export async function ensureShellRc(dataDir: string): Promise<string> {
  const bin = join(dataDir, 'bin');
  await mkdir(bin, { recursive: true });
  const rc = join(bin, 'node-shell.rc');
  await writeFile(rc, `# k8s-lab: a shell inside a host node (its network namespace, its containerd)\nPS1='root@\${K8S_LAB_NODE}:\\w# '\n`, { mode: 0o644 });
  return rc;
}

/** the agent's crictl-style CLI (dist/agent/crictl.mjs) */
export function crictlBundle(): string {
  return assetPath('dist/agent/crictl.mjs');
}

/** The environment of a shell in the node (run it under `nsenter --net=<netns>`). */
export async function hostShellEnv(o: HostShellOptions): Promise<NodeJS.ProcessEnv> {
  const bin = await ensureCrictlWrapper(o.dataDir);
  const base = o.base ?? process.env;
  const pki = join(o.dataDir, 'pki', 'etcd');
  return {
    ...base,
    PATH: `${bin}:${base.PATH ?? '/usr/sbin:/usr/bin:/sbin:/bin'}`,
    CONTAINER_RUNTIME_ENDPOINT: `unix://${o.containerdSocket}`,
    IMAGE_SERVICE_ENDPOINT: `unix://${o.containerdSocket}`,
    CONTAINERD_ADDRESS: o.containerdSocket,
    CONTAINERD_NAMESPACE: 'k8s.io',
    ETCDCTL_API: '3',
    ...(o.etcd
      ? {
          ETCDCTL_ENDPOINTS: o.etcd.endpoint,
          ETCDCTL_CACERT: join(pki, 'ca.crt'),
          ETCDCTL_CERT: join(pki, 'healthcheck-client.crt'),
          ETCDCTL_KEY: join(pki, 'healthcheck-client.key'),
        }
      : {}),
    // the node's own dockerd (main/vm/host/dockerd.ts), as `docker ps` on a VM node finds it
    DOCKER_HOST: `unix://${dockerdPaths(join(o.dataDir, 'nodes', o.node)).socket}`,
    K8S_LAB_NODE: o.node,
  };
}
