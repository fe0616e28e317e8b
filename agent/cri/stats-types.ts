// CRI v1 stats messages (see types.ts for how proto-loader shapes them). Timestamps
// are nanoseconds since the epoch; the UInt64Value wrappers are null when unknown.
import type { PodSandboxMetadata } from './sandbox-types.js';
import type { ContainerMetadata, StringMap } from './types.js';

export interface UInt64Value {
  value: number;
}
export interface CpuUsage {
  timestamp: number;
  usageCoreNanoSeconds: UInt64Value | null;
  usageNanoCores: UInt64Value | null;
}
export interface MemoryUsage {
  timestamp: number;
  workingSetBytes: UInt64Value | null;
  availableBytes: UInt64Value | null;
  usageBytes: UInt64Value | null;
  rssBytes: UInt64Value | null;
  pageFaults: UInt64Value | null;
  majorPageFaults: UInt64Value | null;
}
export interface FilesystemUsage {
  timestamp: number;
  fsId: { mountpoint: string } | null;
  usedBytes: UInt64Value | null;
  inodesUsed: UInt64Value | null;
}
export interface ContainerAttributes {
  id: string;
  metadata: ContainerMetadata | null;
  labels: StringMap;
  annotations: StringMap;
}
export interface ContainerStats {
  attributes: ContainerAttributes | null;
  cpu: CpuUsage | null;
  memory: MemoryUsage | null;
  writableLayer: FilesystemUsage | null;
}
export interface ContainerStatsRequest {
  containerId: string;
}
export interface ContainerStatsResponse {
  stats: ContainerStats | null;
}
export interface ListContainerStatsRequest {
  filter: { id: string; podSandboxId: string; labelSelector: StringMap } | null;
}
export interface ListContainerStatsResponse {
  stats: ContainerStats[];
}

export interface NetworkInterfaceUsage {
  name: string;
  rxBytes: UInt64Value | null;
  rxErrors: UInt64Value | null;
  txBytes: UInt64Value | null;
  txErrors: UInt64Value | null;
}
export interface NetworkUsage {
  timestamp: number;
  defaultInterface: NetworkInterfaceUsage | null;
  interfaces: NetworkInterfaceUsage[];
}
export interface LinuxPodSandboxStats {
  cpu: CpuUsage | null;
  memory: MemoryUsage | null;
  network: NetworkUsage | null;
  process: { timestamp: number; processCount: UInt64Value | null } | null;
  containers: ContainerStats[];
}
export interface PodSandboxAttributes {
  id: string;
  metadata: PodSandboxMetadata | null;
  labels: StringMap;
  annotations: StringMap;
}
export interface PodSandboxStats {
  attributes: PodSandboxAttributes | null;
  linux: LinuxPodSandboxStats | null;
  /** WindowsPodSandboxStats has no fields yet */
  windows: Record<string, never> | null;
}
export interface PodSandboxStatsRequest {
  podSandboxId: string;
}
export interface PodSandboxStatsResponse {
  stats: PodSandboxStats | null;
}
export interface ListPodSandboxStatsRequest {
  filter: { id: string; labelSelector: StringMap } | null;
}
export interface ListPodSandboxStatsResponse {
  stats: PodSandboxStats[];
}

export type ImageFsInfoRequest = Record<string, never>;
export interface ImageFsInfoResponse {
  imageFilesystems: FilesystemUsage[];
}
