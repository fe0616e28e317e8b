// The configuration of a host node's own containerd: where it keeps its data, the
// CRI plugin settings a kubelet-style agent needs on this kind of machine, and the
// registry host files that send every pull to the lab registry. Pure functions: the
// launcher (containerd.ts) writes what these return.
import { createHash } from 'node:crypto';
import { join, resolve } from 'node:path';

export const DEFAULT_SANDBOX_IMAGE = 'registry.k8s.io/pause:3.6';
/** Debian installs the CNI plugins here, not in containerd's default /opt/cni/bin. */
export const CNI_BIN_DIR = '/usr/lib/cni';
/** containerd's default, the kubelet's --container-log-max-line-size equivalent. */
export const MAX_CONTAINER_LOG_LINE_SIZE = 16 * 1024;
/**
 * Registries the lab images name. `_default` covers every other host: containerd
 * 1.6 looks for <config_path>/<host>/ first, then <config_path>/_default/
 * (remotes/docker/config/hosts_unix.go hostPaths).
 */
export const MIRRORED_HOSTS = ['docker.io', 'registry.k8s.io', 'k8s.gcr.io', 'ghcr.io', 'quay.io', 'gcr.io', '_default'];

export interface ContainerdPaths {
  /** persistent data: content store, snapshots, metadata (<dir>/containerd/root) */
  root: string;
  /** runtime state: sockets, task bundles, sandbox shm (/run/k8s-lab/<hash>/containerd) */
  stateDir: string;
  /** the gRPC (CRI) socket */
  socket: string;
  configFile: string;
  /** registry host configs (hosts.toml per registry host) */
  certsDir: string;
  cniConfDir: string;
}

/**
 * Paths for the containerd of a node directory. The state dir lives under /run, keyed
 * by a hash of the directory, because unix socket paths are limited to 107 bytes
 * (sun_path) and containerd adds ".ttrpc" to the socket name; a test's temp dir
 * would overflow that.
 */
export function containerdPaths(dir: string, cniConfDir?: string): ContainerdPaths {
  const abs = resolve(dir);
  const hash = createHash('sha256').update(abs).digest('hex').slice(0, 12);
  const stateDir = `/run/k8s-lab/${hash}/containerd`;
  return {
    root: join(abs, 'containerd', 'root'),
    stateDir,
    socket: join(stateDir, 'containerd.sock'),
    configFile: join(abs, 'containerd', 'config.toml'),
    certsDir: join(abs, 'certs.d'),
    cniConfDir: cniConfDir ?? join(abs, 'cni', 'net.d'),
  };
}

/** A TOML basic string. */
function str(value: string): string {
  return JSON.stringify(value);
}

// Plugins a CRI node does not use. The other snapshotters probe their filesystems
// at start and log errors; tracing would try to export spans. (The v1 linux runtime
// must stay: containerd 1.6's tasks service, which CRI needs, depends on it.)
const DISABLED_PLUGINS = [
  'io.containerd.snapshotter.v1.aufs',
  'io.containerd.snapshotter.v1.btrfs',
  'io.containerd.snapshotter.v1.zfs',
  'io.containerd.snapshotter.v1.devmapper',
  'io.containerd.tracing.processor.v1.otlp',
  'io.containerd.internal.v1.tracing',
];

export interface ContainerdConfigInput {
  paths: ContainerdPaths;
  sandboxImage?: string;
}

/** config.toml (version 2) for containerd 1.6. */
export function containerdConfigToml({ paths, sandboxImage }: ContainerdConfigInput): string {
  const cri = '[plugins."io.containerd.grpc.v1.cri"';
  return `# Written by k8s-lab for one node; regenerated at every start.
version = 2
root = ${str(paths.root)}
state = ${str(paths.stateDir)}
disabled_plugins = [${DISABLED_PLUGINS.map(str).join(', ')}]

[grpc]
  address = ${str(paths.socket)}

# No debug or metrics listeners: several nodes share the host.
[debug]
  address = ""
  level = "info"

[metrics]
  address = ""

[plugins]
  # Not /opt/containerd, shared by every containerd on the host.
  [plugins."io.containerd.internal.v1.opt"]
    path = ${str(join(paths.root, 'opt'))}

  ${cri}]
    sandbox_image = ${str(sandboxImage ?? DEFAULT_SANDBOX_IMAGE)}
    # Without CAP_SYS_RESOURCE runc cannot lower oom_score_adj below the
    # daemon's own ("nsexec: failed to update /proc/self/oom_score_adj").
    restrict_oom_score_adj = true
    # kubectl exec/attach/port-forward streams: loopback of the node's network
    # namespace, a random port (the agent proxies them).
    stream_server_address = "127.0.0.1"
    stream_server_port = "0"
    enable_tls_streaming = false
    max_container_log_line_size = ${MAX_CONTAINER_LOG_LINE_SIZE}

    ${cri}.containerd]
      snapshotter = "overlayfs"
      default_runtime_name = "runc"

      ${cri}.containerd.runtimes.runc]
        runtime_type = "io.containerd.runc.v2"

        ${cri}.containerd.runtimes.runc.options]
          # cgroupfs driver, like a kubelet with cgroupDriver: cgroupfs.
          SystemdCgroup = false
          # runc's state per node instead of the shared /run/containerd/runc.
          Root = ${str(join(paths.stateDir, 'runc'))}

    ${cri}.cni]
      bin_dir = ${str(CNI_BIN_DIR)}
      conf_dir = ${str(paths.cniConfDir)}

    ${cri}.registry]
      config_path = ${str(paths.certsDir)}
`;
}

export class RegistryUrlError extends Error {
  override readonly name = 'RegistryUrlError';
}

/**
 * hosts.toml for one registry host: `server` is the lab registry, so containerd
 * never falls back to the upstream host (when `server` is left out it defaults to
 * the registry's own public endpoint). The [host] entry lists the same registry
 * with pull and resolve, the capabilities a read-only mirror has.
 */
export function hostsToml(registryUrl: string, upstream: string): string {
  const url = normalizeRegistryUrl(registryUrl);
  return `# k8s-lab: pulls of ${upstream} go to the lab registry only.
server = ${str(url)}

[host.${str(url)}]
  capabilities = ["pull", "resolve"]
`;
}

/** http(s)://host[:port] without a trailing slash; anything else is refused. */
export function normalizeRegistryUrl(registryUrl: string): string {
  let parsed: URL;
  try {
    parsed = new URL(registryUrl);
  } catch {
    throw new RegistryUrlError(`registry URL ${JSON.stringify(registryUrl)} is not a URL (want http://host:port)`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new RegistryUrlError(`registry URL ${registryUrl} must be http:// or https://`);
  }
  if (parsed.pathname !== '/' || parsed.search || parsed.hash || parsed.username) {
    throw new RegistryUrlError(`registry URL ${registryUrl} must be just scheme://host:port`);
  }
  return `${parsed.protocol}//${parsed.host}`;
}

/** Every hosts.toml to write: path relative to the certs dir → content. */
export function registryHostFiles(registryUrl: string): Map<string, string> {
  return new Map(MIRRORED_HOSTS.map((host) => [join(host, 'hosts.toml'), hostsToml(registryUrl, host)]));
}
