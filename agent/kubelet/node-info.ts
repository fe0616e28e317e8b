// What the node reports about itself: capacity, system info, images (kubelet's
// nodestatus setters: MachineInfo, VersionInfo, Images, NodeAddress, DaemonEndpoints).
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync, statfsSync, writeFileSync } from 'node:fs';
import { arch, cpus, release, totalmem } from 'node:os';
import { join } from 'node:path';
import type { CriClient } from '../cri/cri-client.js';

/** the Kubernetes version the agent speaks for (kubelet --version) */
export const KUBELET_VERSION = 'v1.32.4';

export interface NodeSystemInfo {
  machineID: string;
  systemUUID: string;
  bootID: string;
  kernelVersion: string;
  osImage: string;
  containerRuntimeVersion: string;
  kubeletVersion: string;
  kubeProxyVersion: string;
  operatingSystem: string;
  architecture: string;
}

export function goArch(nodeArch = arch()): string {
  return nodeArch === 'x64' ? 'amd64' : nodeArch === 'ia32' ? '386' : nodeArch;
}

function readTrimmed(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8').trim();
  } catch {
    return undefined;
  }
}

export function osImage(): string {
  const text = readTrimmed('/etc/os-release') ?? '';
  const pretty = /^PRETTY_NAME="?([^"\n]*)"?$/m.exec(text)?.[1];
  return pretty ?? 'Linux';
}

/** a per-node id kept in the node's root dir: host nodes share the host's machine-id */
function nodeId(rootDir: string, file: string): string {
  const path = join(rootDir, file);
  if (existsSync(path)) return readFileSync(path, 'utf8').trim();
  const id = randomUUID();
  writeFileSync(path, id + '\n');
  return id;
}

export async function systemInfo(cri: CriClient, rootDir: string): Promise<NodeSystemInfo> {
  const v = await cri.version({ version: 'v1' });
  return {
    machineID: nodeId(rootDir, 'machine-id').replace(/-/g, ''),
    systemUUID: nodeId(rootDir, 'system-uuid'),
    bootID: readTrimmed('/proc/sys/kernel/random/boot_id') ?? '',
    kernelVersion: release(),
    osImage: osImage(),
    containerRuntimeVersion: `${v.runtimeName}://${v.runtimeVersion.replace(/~ds\d+$/, '')}`,
    kubeletVersion: KUBELET_VERSION,
    kubeProxyVersion: KUBELET_VERSION,
    operatingSystem: 'linux',
    architecture: goArch(),
  };
}

export interface NodeCapacity {
  [name: string]: string;
  cpu: string;
  memory: string;
  pods: string;
  'ephemeral-storage': string;
  'hugepages-1Gi': string;
  'hugepages-2Mi': string;
}

export function capacity(rootDir: string, maxPods: number): { capacity: NodeCapacity; allocatable: NodeCapacity } {
  const memKi = Math.floor(totalmem() / 1024);
  const fs = statfsSync(rootDir);
  const storageKi = Math.floor((fs.blocks * fs.bsize) / 1024);
  const cap: NodeCapacity = {
    cpu: String(cpus().length),
    memory: `${memKi}Ki`,
    pods: String(maxPods),
    'ephemeral-storage': `${storageKi}Ki`,
    'hugepages-1Gi': '0',
    'hugepages-2Mi': '0',
  };
  // allocatable = capacity - reserved - hard eviction thresholds (memory.available<100Mi,
  // nodefs.available<10%), as `kubectl describe node` shows on a kubeadm node
  return {
    capacity: cap,
    allocatable: { ...cap, memory: `${memKi - 100 * 1024}Ki`, 'ephemeral-storage': String(Math.floor(storageKi * 1024 * 0.9)) },
  };
}

export async function nodeImages(cri: CriClient): Promise<{ names: string[]; sizeBytes: number }[]> {
  const { images } = await cri.listImages({});
  // the kubelet reports at most 50 images, largest first (nodeStatusMaxImages)
  return images
    .map((i) => ({ names: [...i.repoTags, ...i.repoDigests], sizeBytes: Number(i.size) }))
    .filter((i) => i.names.length > 0)
    .sort((a, b) => b.sizeBytes - a.sizeBytes)
    .slice(0, 50);
}
