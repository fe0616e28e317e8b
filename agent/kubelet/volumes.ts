// Pod volumes, set up on the node the way the kubelet's in-tree plugins do it, in the kubelet's
// layout: <podDir>/volumes/<plugin>/<volume name>, plugin names escaped with '~'
// (kubernetes.io~empty-dir, kubernetes.io~configmap, kubernetes.io~secret,
// kubernetes.io~downward-api, kubernetes.io~projected). hostPath volumes are the node path itself.
// Secret and projected volumes live on a tmpfs (they wrap an emptyDir of medium Memory), like
// emptyDir medium Memory. A failure is a VolumeError whose message is the FailedMount event's:
// `MountVolume.SetUp failed for volume "x" : configmap "y" not found`.
import { chmod, mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { atomicWrite } from './atomic-writer.js';
import { setUpHostPath } from './host-path.js';
import { systemMounter, type Mounter } from './mounter.js';
import type { Pod, ResourceList, Volume } from './pod-types.js';
import { quantityValue, type Quantity } from './quantity.js';
import {
  DEFAULT_MODE, configMapPayload, downwardAPIPayload, fetchConfigMap, fetchSecret, projectedPayload, secretPayload,
  type Payload, type PayloadDeps,
} from './volume-payloads.js';

export type VolumeKind = 'emptyDir' | 'hostPath' | 'configMap' | 'secret' | 'downwardAPI' | 'projected';

export interface PreparedVolume {
  /** what the container mounts (a directory, or for hostPath whatever the path is) */
  hostPath: string;
  /** configMap/secret/downwardAPI/projected are always mounted read-only (their plugin says so) */
  readOnly: boolean;
  kind: VolumeKind;
}

export interface VolumeDeps extends PayloadDeps {
  /** defaults to mount(8)/umount(8) */
  mounter?: Mounter;
  /** clock for the AtomicWriter's timestamped directories */
  now?: () => Date;
}

/** A volume could not be set up; `message` is the FailedMount event message. */
export class VolumeError extends Error {
  override readonly name = 'VolumeError';
  readonly reason = 'FailedMount';
  constructor(
    message: string,
    /** the volume concerned ('' when several failed: see failures) */
    readonly volumeName: string,
    /** one entry per failed volume when prepareVolumes/updateVolumes ran several */
    readonly failures: readonly VolumeError[] = [],
  ) {
    super(message);
  }
}

export const PLUGIN_DIRS: Record<Exclude<VolumeKind, 'hostPath'>, string> = {
  emptyDir: 'kubernetes.io~empty-dir',
  configMap: 'kubernetes.io~configmap',
  secret: 'kubernetes.io~secret',
  downwardAPI: 'kubernetes.io~downward-api',
  projected: 'kubernetes.io~projected',
};

export function volumeKind(v: Volume): VolumeKind | undefined {
  if (v.emptyDir) return 'emptyDir';
  if (v.hostPath) return 'hostPath';
  if (v.configMap) return 'configMap';
  if (v.secret) return 'secret';
  if (v.downwardAPI) return 'downwardAPI';
  if (v.projected) return 'projected';
  return undefined;
}

/** <podDir>/volumes/<plugin>/<name> */
export function volumeDir(podDir: string, kind: Exclude<VolumeKind, 'hostPath'>, name: string): string {
  return path.join(podDir, 'volumes', PLUGIN_DIRS[kind], name);
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Pod memory limit (cm.ResourceConfigForPod): only when every app container declares one. */
function podMemoryLimit(pod: Pod): bigint | undefined {
  const limitOf = (q: Quantity | undefined): bigint => (q === undefined ? 0n : quantityValue(q));
  const app = pod.spec.containers.map((c) => limitOf(c.resources?.limits?.memory));
  if (app.length === 0 || app.some((l) => l <= 0n)) return undefined;
  const sum = app.reduce((a, b) => a + b, 0n);
  const init = (pod.spec.initContainers ?? []).map((c) => limitOf(c.resources?.limits?.memory));
  return init.reduce((a, b) => (b > a ? b : a), sum);
}

/**
 * calculateEmptyDirMemorySize (SizeMemoryBackedVolumes): the tmpfs size is node allocatable
 * memory, lowered to the pod's memory limit and then to the volume's sizeLimit. Without an
 * allocatable figure only sizeLimit applies (else the kernel default, half of RAM).
 */
export function tmpfsSize(pod: Pod, sizeLimit: Quantity | undefined, nodeAllocatable: ResourceList): bigint | undefined {
  const vol = sizeLimit === undefined ? 0n : quantityValue(sizeLimit);
  const alloc = nodeAllocatable.memory;
  if (alloc === undefined) return vol > 0n ? vol : undefined;
  let size = quantityValue(alloc);
  const podLimit = podMemoryLimit(pod);
  if (podLimit !== undefined && podLimit > 0n && podLimit <= size) size = podLimit;
  if (vol > 0n && vol <= size) size = vol;
  return size;
}

/** emptyDir SetUpAt: a 0777 directory, or a tmpfs mounted on it for medium Memory. */
async function setUpEmptyDir(dir: string, medium: string, size: bigint | undefined, mounter: Mounter): Promise<void> {
  if (medium === 'Memory') {
    await mkdir(dir, { recursive: true, mode: 0o750 });
    const mounted = (await mounter.mountsUnder(dir)).some((m) => m.mountPoint === path.resolve(dir) && m.fsType === 'tmpfs');
    if (!mounted) await mounter.mountTmpfs(dir, size);
    return;
  }
  if (medium !== '') throw new Error(`unknown storage medium "${medium}"`);
  await mkdir(dir, { recursive: true, mode: 0o777 });
  await chmod(dir, 0o777); // the kubelet chmods: the umask must not narrow an emptyDir
}

async function writePayload(dir: string, medium: '' | 'Memory', payload: Payload, pod: Pod, deps: VolumeDeps): Promise<boolean> {
  const size = medium === 'Memory' ? tmpfsSize(pod, undefined, deps.nodeAllocatable) : undefined;
  await setUpEmptyDir(dir, medium, size, deps.mounter ?? systemMounter);
  return atomicWrite(dir, payload, { now: deps.now });
}

/** SetUp of one volume; returns where it is and whether the content changed. */
async function setUpVolume(pod: Pod, podDir: string, v: Volume, deps: VolumeDeps): Promise<{ prepared: PreparedVolume; changed: boolean }> {
  const ns = pod.metadata.namespace ?? '';
  const kind = volumeKind(v);
  if (kind === undefined) throw new Error('no volume plugin matched');
  if (kind === 'hostPath') {
    const hostPath = await setUpHostPath(v.hostPath ?? { path: '' });
    return { prepared: { hostPath, readOnly: false, kind }, changed: false };
  }
  const dir = volumeDir(podDir, kind, v.name);
  if (kind === 'emptyDir') {
    const medium = v.emptyDir?.medium ?? '';
    const size = medium === 'Memory' ? tmpfsSize(pod, v.emptyDir?.sizeLimit, deps.nodeAllocatable) : undefined;
    await setUpEmptyDir(dir, medium, size, deps.mounter ?? systemMounter);
    return { prepared: { hostPath: dir, readOnly: false, kind }, changed: false };
  }
  // The payload is read before anything is created, so a missing object leaves no half volume.
  let changed: boolean;
  if (kind === 'configMap' && v.configMap) {
    const src = v.configMap;
    const cm = await fetchConfigMap(deps, ns, src.name ?? '', src.optional === true);
    changed = await writePayload(dir, '', configMapPayload(src.items, cm, src.defaultMode ?? DEFAULT_MODE, src.optional === true), pod, deps);
  } else if (kind === 'secret' && v.secret) {
    const src = v.secret;
    const secret = await fetchSecret(deps, ns, src.secretName ?? '', src.optional === true);
    changed = await writePayload(dir, 'Memory', secretPayload(src.items, secret, src.defaultMode ?? DEFAULT_MODE, src.optional === true), pod, deps);
  } else if (kind === 'downwardAPI' && v.downwardAPI) {
    const payload = downwardAPIPayload(v.downwardAPI.items, pod, v.downwardAPI.defaultMode ?? DEFAULT_MODE, deps.nodeAllocatable);
    changed = await writePayload(dir, '', payload, pod, deps);
  } else {
    const payload = await projectedPayload(v.projected ?? {}, pod, deps, v.name);
    changed = await writePayload(dir, 'Memory', payload, pod, deps);
  }
  return { prepared: { hostPath: dir, readOnly: true, kind }, changed };
}

function setUpFailure(name: string, err: unknown): VolumeError {
  return new VolumeError(`MountVolume.SetUp failed for volume "${name}" : ${messageOf(err)}`, name);
}

function combined(failures: VolumeError[]): VolumeError {
  const first = failures[0];
  if (failures.length === 1 && first) return new VolumeError(first.message, first.volumeName, failures);
  return new VolumeError(failures.map((f) => f.message).join('; '), '', failures);
}

/**
 * Sets up every volume of the pod (idempotent: call it on each sync). Volumes that can be set up
 * are, even when others fail; then a VolumeError lists the failures (one FailedMount event each).
 */
export async function prepareVolumes(pod: Pod, podDir: string, deps: VolumeDeps): Promise<Map<string, PreparedVolume>> {
  const result = new Map<string, PreparedVolume>();
  const failures: VolumeError[] = [];
  await mkdir(path.join(podDir, 'volumes'), { recursive: true, mode: 0o750 });
  for (const v of pod.spec.volumes ?? []) {
    try {
      result.set(v.name, (await setUpVolume(pod, podDir, v, deps)).prepared);
    } catch (err) {
      failures.push(setUpFailure(v.name, err));
    }
  }
  if (failures.length > 0) throw combined(failures);
  return result;
}

/**
 * Refreshes the API-backed volumes (configMap, secret, downwardAPI, projected) the way the
 * kubelet's periodic remount does; returns the names whose content changed. On failure the old
 * content stays in place.
 */
export async function updateVolumes(pod: Pod, podDir: string, deps: VolumeDeps): Promise<string[]> {
  const changed: string[] = [];
  const failures: VolumeError[] = [];
  for (const v of pod.spec.volumes ?? []) {
    const kind = volumeKind(v);
    if (kind === undefined || kind === 'emptyDir' || kind === 'hostPath') continue;
    try {
      if ((await setUpVolume(pod, podDir, v, deps)).changed) changed.push(v.name);
    } catch (err) {
      failures.push(setUpFailure(v.name, err));
    }
  }
  if (failures.length > 0) throw combined(failures);
  return changed;
}

export interface CleanupOptions {
  mounter?: Mounter;
  /** remove the whole pod directory (etc-hosts, containers/, ...) once nothing is mounted in it */
  removePodDir?: boolean;
}

/**
 * Tears down a pod's volumes: unmounts every mount under the pod directory (tmpfs of emptyDir
 * Memory, secret, projected), deepest first, then removes <podDir>/volumes. Nothing is removed
 * while something is still mounted there, so a host directory can never be deleted through it.
 */
export async function cleanupVolumes(podDir: string, opts: CleanupOptions = {}): Promise<void> {
  const mounter = opts.mounter ?? systemMounter;
  const failures: VolumeError[] = [];
  for (const m of await mounter.mountsUnder(podDir)) {
    try {
      await mounter.unmount(m.mountPoint);
    } catch (err) {
      const name = path.basename(m.mountPoint);
      failures.push(new VolumeError(`UnmountVolume.TearDown failed for volume "${name}" : ${messageOf(err)}`, name));
    }
  }
  if (failures.length > 0) throw combined(failures);
  const left = await mounter.mountsUnder(podDir);
  if (left.length > 0) {
    throw new VolumeError(`UnmountVolume.TearDown failed: still mounted: ${left.map((m) => m.mountPoint).join(', ')}`, '');
  }
  await rm(opts.removePodDir ? podDir : path.join(podDir, 'volumes'), { recursive: true, force: true });
}
