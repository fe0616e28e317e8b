// A container's CRI mounts, as kubelet's makeMounts (pkg/kubelet/kubelet_pods.go) and kuberuntime's
// termination-log mount build them: the pod's volumeMounts (subPath/subPathExpr, readOnly,
// propagation), the kubelet-managed /etc/hosts (<podDir>/etc-hosts), and the file behind
// terminationMessagePath (<podDir>/containers/<name>/<random id>).
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, realpath, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { expand, type KeyValue } from './env.js';
import type { Container, Pod, PodSpec, VolumeMount } from './pod-types.js';
import type { PreparedVolume } from './volumes.js';

type HostAlias = NonNullable<PodSpec['hostAliases']>[number];
type MountPropagationMode = NonNullable<VolumeMount['mountPropagation']>;

export type CriMountPropagation = 'PROPAGATION_PRIVATE' | 'PROPAGATION_HOST_TO_CONTAINER' | 'PROPAGATION_BIDIRECTIONAL';

/** runtime.v1.Mount as the CRI client sends it (camelCase, enum as string). */
export interface CriMount {
  containerPath: string;
  hostPath: string;
  readonly: boolean;
  selinuxRelabel: boolean;
  propagation: CriMountPropagation;
}

export class MountsError extends Error {
  override readonly name = 'MountsError';
  /** the pod shows CreateContainerConfigError with this message, as when makeMounts fails */
  readonly reason = 'CreateContainerConfigError';
}

export const ETC_HOSTS_PATH = '/etc/hosts';
/** core/v1 default of terminationMessagePath */
export const DEFAULT_TERMINATION_MESSAGE_PATH = '/dev/termination-log';

export interface ContainerMountOptions {
  /** the sandbox's IPs (default pod.status.podIPs); /etc/hosts is only managed once the pod has one */
  podIPs?: readonly string[];
  /** the container's resolved environment, for subPathExpr */
  env?: readonly KeyValue[];
  /** default cluster.local */
  clusterDomain?: string;
  /** the node's hosts file, copied for hostNetwork pods; default /etc/hosts */
  nodeHostsFile?: string;
}

/** translateMountPropagation */
export function translateMountPropagation(mode: MountPropagationMode | undefined): CriMountPropagation {
  switch (mode) {
    case undefined:
    case 'None':
      return 'PROPAGATION_PRIVATE';
    case 'HostToContainer':
      return 'PROPAGATION_HOST_TO_CONTAINER';
    case 'Bidirectional':
      return 'PROPAGATION_BIDIRECTIONAL';
    default:
      throw new MountsError(`invalid MountPropagation mode: "${String(mode)}"`);
  }
}

/** kubecontainer.ExpandContainerVolumeMounts: every referenced variable must have a value. */
export function expandSubPathExpr(expr: string, env: readonly KeyValue[]): string {
  const values = new Map(env.map((e) => [e.key, e.value]));
  const missing = new Set<string>();
  const out = expand(expr, (name) => {
    const v = values.get(name);
    if (!v) missing.add(name);
    return v ?? '';
  });
  if (missing.size > 0) throw new MountsError(`missing value for ${[...missing].sort().join(', ')}`);
  return out;
}

/** GeneratePodHostNameAndDomain: spec.hostname or the pod name (63 chars max); subdomain.ns.svc.domain. */
export function podHostnameAndDomain(pod: Pod, clusterDomain = 'cluster.local'): { hostname: string; domain: string } {
  let hostname = pod.spec.hostname || pod.metadata.name || '';
  if (hostname.length > 63) hostname = hostname.slice(0, 63).replace(/[-.]+$/, '');
  const sub = pod.spec.subdomain;
  return { hostname, domain: sub ? `${sub}.${pod.metadata.namespace ?? ''}.svc.${clusterDomain}` : '' };
}

function hostAliasesContent(aliases: readonly HostAlias[] | undefined): string {
  if (!aliases || aliases.length === 0) return '';
  return `\n# Entries added by HostAliases.\n${aliases.map((a) => `${a.ip}\t${(a.hostnames ?? []).join('\t')}\n`).join('')}`;
}

/** managedHostsFileContent: localhost lines, then one line per pod IP, then hostAliases. */
export function managedHostsFileContent(podIPs: readonly string[], hostname: string, domain: string, aliases?: readonly HostAlias[]): string {
  let s = '# Kubernetes-managed hosts file.\n'
    + '127.0.0.1\tlocalhost\n'
    + '::1\tlocalhost ip6-localhost ip6-loopback\n'
    + 'fe00::0\tip6-localnet\n'
    + 'fe00::0\tip6-mcastprefix\n'
    + 'fe00::1\tip6-allnodes\n'
    + 'fe00::2\tip6-allrouters\n';
  for (const ip of podIPs) s += domain ? `${ip}\t${hostname}.${domain}\t${hostname}\n` : `${ip}\t${hostname}\n`;
  return s + hostAliasesContent(aliases);
}

async function ensureHostsFile(pod: Pod, podDir: string, podIPs: readonly string[], opts: ContainerMountOptions): Promise<string> {
  const file = path.join(podDir, 'etc-hosts');
  let content: string;
  if (pod.spec.hostNetwork) {
    const node = await readFile(opts.nodeHostsFile ?? '/etc/hosts', 'utf8');
    content = `# Kubernetes-managed hosts file (host network).\n${node}${hostAliasesContent(pod.spec.hostAliases)}`;
  } else {
    const { hostname, domain } = podHostnameAndDomain(pod, opts.clusterDomain);
    content = managedHostsFileContent(podIPs, hostname, domain, pod.spec.hostAliases);
  }
  await mkdir(podDir, { recursive: true, mode: 0o750 });
  await writeFile(file, content, { mode: 0o644 });
  await chmod(file, 0o644);
  return file;
}

function isInside(child: string, parent: string): boolean {
  return child === parent || child.startsWith(`${parent}/`);
}

/** The host side of one volumeMount, creating a missing subPath directory like SafeMakeDir. */
async function volumeMountHostPath(container: Container, m: VolumeMount, vol: PreparedVolume, env: readonly KeyValue[]): Promise<string> {
  const subPath = m.subPathExpr ? expandSubPathExpr(m.subPathExpr, env) : m.subPath ?? '';
  if (subPath === '') return vol.hostPath;
  if (path.isAbsolute(subPath)) throw new MountsError(`error SubPath \`${subPath}\` must not be an absolute path`);
  if (subPath.split('/').includes('..')) throw new MountsError(`unable to provision SubPath \`${subPath}\`: must not contain '..'`);
  const volumePath = vol.hostPath;
  const hostPath = path.join(volumePath, subPath);
  try {
    await stat(hostPath);
  } catch {
    try {
      // The subPath directory gets the volume's mode (an emptyDir's 0777), not runc's default.
      const perm = (await stat(volumePath)).mode & 0o7777;
      await mkdir(hostPath, { recursive: true, mode: perm });
      await chmod(hostPath, perm);
    } catch {
      throw new MountsError(`failed to create subPath directory for volumeMount "${m.name}" of container "${container.name}"`);
    }
  }
  // The resolved path must stay inside the volume (a symlink must not lead out of it). The
  // container gets the resolved path, so like a kubelet subPath it does not follow later updates.
  try {
    const real = await realpath(hostPath);
    if (!isInside(real, await realpath(volumePath))) throw new Error('outside the volume');
    return real;
  } catch {
    throw new MountsError(`failed to prepare subPath for volumeMount "${m.name}" of container "${container.name}"`);
  }
}

/** kuberuntime: an empty, world-writable file the container writes its termination message to. */
async function terminationLogMount(podDir: string, container: Container): Promise<CriMount | undefined> {
  const target = container.terminationMessagePath ?? DEFAULT_TERMINATION_MESSAGE_PATH;
  if (target === '') return undefined;
  const dir = path.join(podDir, 'containers', container.name);
  await mkdir(dir, { recursive: true, mode: 0o750 });
  const file = path.join(dir, randomBytes(4).toString('hex')); // makeUID: %08x of a random uint32
  await writeFile(file, '', { mode: 0o666 });
  await chmod(file, 0o666);
  return { containerPath: target, hostPath: file, readonly: false, selinuxRelabel: false, propagation: 'PROPAGATION_PRIVATE' };
}

/** The host file behind a container's terminationMessagePath, found in its mounts. */
export function terminationLogHostPath(container: Container, mounts: readonly CriMount[]): string | undefined {
  const target = container.terminationMessagePath ?? DEFAULT_TERMINATION_MESSAGE_PATH;
  return mounts.find((m) => m.containerPath === target)?.hostPath;
}

/** makeMounts + the termination-log mount. Throws MountsError (CreateContainerConfigError). */
export async function containerMounts(
  pod: Pod,
  container: Container,
  volumes: ReadonlyMap<string, PreparedVolume>,
  podDir: string,
  opts: ContainerMountOptions = {},
): Promise<CriMount[]> {
  const podIPs = opts.podIPs ?? (pod.status?.podIPs ?? []).map((p) => p.ip);
  const mounts: CriMount[] = [];
  let mountEtcHosts = podIPs.length > 0 || pod.spec.hostNetwork === true;
  for (const m of container.volumeMounts ?? []) {
    if (m.mountPath === ETC_HOSTS_PATH) mountEtcHosts = false; // the container brings its own
    const vol = volumes.get(m.name);
    if (!vol) throw new MountsError(`cannot find volume "${m.name}" to mount into container "${container.name}"`);
    const hostPath = await volumeMountHostPath(container, m, vol, opts.env ?? []);
    mounts.push({
      containerPath: path.isAbsolute(m.mountPath) ? m.mountPath : `/${m.mountPath}`,
      hostPath,
      readonly: m.readOnly === true || vol.readOnly,
      selinuxRelabel: false,
      propagation: translateMountPropagation(m.mountPropagation),
    });
  }
  if (mountEtcHosts) {
    const file = await ensureHostsFile(pod, podDir, podIPs, opts);
    mounts.push({ containerPath: ETC_HOSTS_PATH, hostPath: file, readonly: false, selinuxRelabel: false, propagation: 'PROPAGATION_PRIVATE' });
  }
  const termination = await terminationLogMount(podDir, container);
  if (termination) mounts.push(termination);
  return mounts;
}
