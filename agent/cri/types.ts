// CRI v1 messages (agent/cri/api.proto) as plain objects, the way @grpc/proto-loader
// hands them over with { keepCase: false, longs: Number, enums: String, defaults: true }:
// camelCase fields; int64/uint64 as numbers (nanosecond timestamps stay below 2^53
// until the year 2255); enums as their names; bytes as Buffer; maps as records;
// every scalar, list and map present, an absent sub-message null.
//
// Requests are written with CriInput<T>: every field optional at every depth (proto3
// has no required fields; the runtime fills the defaults).
// Sandbox and stats messages live in sandbox-types.ts and stats-types.ts; this file
// re-exports them so callers import from one place.
import type { NamespaceOption, PodSandboxConfig, SeLinuxOption, SecurityProfile } from './sandbox-types.js';

export type * from './sandbox-types.js';
export type * from './stats-types.js';

/** A request as the caller writes it: any field may be left out. */
export type CriInput<T> = T extends Buffer
  ? T
  : T extends readonly (infer U)[]
    ? CriInput<U>[]
    : T extends object
      ? { [K in keyof T]?: CriInput<NonNullable<T[K]>> }
      : T;

export type StringMap = Record<string, string>;

export type ContainerState = 'CONTAINER_CREATED' | 'CONTAINER_RUNNING' | 'CONTAINER_EXITED' | 'CONTAINER_UNKNOWN';
export type MountPropagation = 'PROPAGATION_PRIVATE' | 'PROPAGATION_HOST_TO_CONTAINER' | 'PROPAGATION_BIDIRECTIONAL';

export interface Int64Value {
  value: number;
}

export interface VersionRequest {
  version: string;
}
export interface VersionResponse {
  version: string;
  runtimeName: string;
  runtimeVersion: string;
  runtimeApiVersion: string;
}

// ---- images ----

export interface ImageSpec {
  image: string;
  annotations: StringMap;
}
export interface Image {
  id: string;
  repoTags: string[];
  repoDigests: string[];
  size: number;
  uid: Int64Value | null;
  username: string;
  spec: ImageSpec | null;
  pinned: boolean;
}
export interface ListImagesRequest {
  filter: { image: ImageSpec | null } | null;
}
export interface ListImagesResponse {
  images: Image[];
}
export interface ImageStatusRequest {
  image: ImageSpec | null;
  verbose: boolean;
}
export interface ImageStatusResponse {
  /** null when the image is not present */
  image: Image | null;
  info: StringMap;
}
export interface AuthConfig {
  username: string;
  password: string;
  auth: string;
  serverAddress: string;
  identityToken: string;
  registryToken: string;
}
export interface PullImageRequest {
  image: ImageSpec | null;
  auth: AuthConfig | null;
  sandboxConfig: PodSandboxConfig | null;
}
export interface PullImageResponse {
  imageRef: string;
}
export interface RemoveImageRequest {
  image: ImageSpec | null;
}
export type RemoveImageResponse = Record<string, never>;

// ---- containers ----

export interface ContainerMetadata {
  name: string;
  attempt: number;
}
export interface KeyValue {
  key: string;
  value: string;
}
export interface Mount {
  containerPath: string;
  hostPath: string;
  readonly: boolean;
  selinuxRelabel: boolean;
  propagation: MountPropagation;
}
export interface Device {
  containerPath: string;
  hostPath: string;
  permissions: string;
}
export interface HugepageLimit {
  pageSize: string;
  limit: number;
}
export interface LinuxContainerResources {
  cpuPeriod: number;
  cpuQuota: number;
  cpuShares: number;
  memoryLimitInBytes: number;
  oomScoreAdj: number;
  cpusetCpus: string;
  cpusetMems: string;
  hugepageLimits: HugepageLimit[];
  unified: StringMap;
  memorySwapLimitInBytes: number;
}
export interface WindowsContainerResources {
  cpuShares: number;
  cpuCount: number;
  cpuMaximum: number;
  memoryLimitInBytes: number;
  rootfsSizeInBytes: number;
}
export interface Capability {
  addCapabilities: string[];
  dropCapabilities: string[];
  addAmbientCapabilities: string[];
}
export interface LinuxContainerSecurityContext {
  capabilities: Capability | null;
  privileged: boolean;
  namespaceOptions: NamespaceOption | null;
  selinuxOptions: SeLinuxOption | null;
  runAsUser: Int64Value | null;
  runAsGroup: Int64Value | null;
  runAsUsername: string;
  readonlyRootfs: boolean;
  supplementalGroups: number[];
  noNewPrivs: boolean;
  maskedPaths: string[];
  readonlyPaths: string[];
  seccomp: SecurityProfile | null;
  apparmor: SecurityProfile | null;
  /** @deprecated use apparmor */
  apparmorProfile: string;
  /** @deprecated use seccomp */
  seccompProfilePath: string;
}
export interface LinuxContainerConfig {
  resources: LinuxContainerResources | null;
  securityContext: LinuxContainerSecurityContext | null;
}
export interface WindowsContainerConfig {
  resources: WindowsContainerResources | null;
  securityContext: { runAsUsername: string; credentialSpec: string; hostProcess: boolean } | null;
}
export interface ContainerConfig {
  metadata: ContainerMetadata | null;
  image: ImageSpec | null;
  command: string[];
  args: string[];
  workingDir: string;
  envs: KeyValue[];
  mounts: Mount[];
  devices: Device[];
  labels: StringMap;
  annotations: StringMap;
  /** relative to PodSandboxConfig.logDirectory */
  logPath: string;
  stdin: boolean;
  stdinOnce: boolean;
  tty: boolean;
  linux: LinuxContainerConfig | null;
  windows: WindowsContainerConfig | null;
}
export interface CreateContainerRequest {
  podSandboxId: string;
  config: ContainerConfig | null;
  sandboxConfig: PodSandboxConfig | null;
}
export interface CreateContainerResponse {
  containerId: string;
}
export interface ContainerIdRequest {
  containerId: string;
}
export type StartContainerRequest = ContainerIdRequest;
export type StartContainerResponse = Record<string, never>;
export interface StopContainerRequest {
  containerId: string;
  /** grace period in seconds; 0 kills at once */
  timeout: number;
}
export type StopContainerResponse = Record<string, never>;
export type RemoveContainerRequest = ContainerIdRequest;
export type RemoveContainerResponse = Record<string, never>;
export type ReopenContainerLogRequest = ContainerIdRequest;
export type ReopenContainerLogResponse = Record<string, never>;

export interface ContainerFilter {
  id: string;
  state: { state: ContainerState } | null;
  podSandboxId: string;
  labelSelector: StringMap;
}
export interface ListContainersRequest {
  filter: ContainerFilter | null;
}
export interface Container {
  id: string;
  podSandboxId: string;
  metadata: ContainerMetadata | null;
  image: ImageSpec | null;
  imageRef: string;
  state: ContainerState;
  /** nanoseconds since the epoch */
  createdAt: number;
  labels: StringMap;
  annotations: StringMap;
}
export interface ListContainersResponse {
  containers: Container[];
}
export interface ContainerStatusRequest {
  containerId: string;
  verbose: boolean;
}
export interface ContainerStatus {
  id: string;
  metadata: ContainerMetadata | null;
  state: ContainerState;
  /** nanoseconds since the epoch; startedAt/finishedAt are 0 until they happen */
  createdAt: number;
  startedAt: number;
  finishedAt: number;
  exitCode: number;
  image: ImageSpec | null;
  imageRef: string;
  /** e.g. Completed, Error, OOMKilled */
  reason: string;
  message: string;
  labels: StringMap;
  annotations: StringMap;
  mounts: Mount[];
  logPath: string;
  resources: { linux: LinuxContainerResources | null; windows: WindowsContainerResources | null } | null;
}
export interface ContainerStatusResponse {
  status: ContainerStatus | null;
  /** verbose only: JSON documents */
  info: StringMap;
}
export interface UpdateContainerResourcesRequest {
  containerId: string;
  linux: LinuxContainerResources | null;
  windows: WindowsContainerResources | null;
  annotations: StringMap;
}
export type UpdateContainerResourcesResponse = Record<string, never>;

// ---- exec, attach, port-forward ----

export interface ExecSyncRequest {
  containerId: string;
  cmd: string[];
  /** seconds; 0 runs without a limit */
  timeout: number;
}
export interface ExecSyncResponse {
  stdout: Buffer;
  stderr: Buffer;
  exitCode: number;
}
export interface ExecRequest {
  containerId: string;
  cmd: string[];
  tty: boolean;
  stdin: boolean;
  stdout: boolean;
  stderr: boolean;
}
export interface AttachRequest {
  containerId: string;
  stdin: boolean;
  tty: boolean;
  stdout: boolean;
  stderr: boolean;
}
export interface PortForwardRequest {
  podSandboxId: string;
  port: number[];
}
/** ExecResponse, AttachResponse, PortForwardResponse: the streaming server's URL. */
export interface StreamingUrlResponse {
  url: string;
}
export type ExecResponse = StreamingUrlResponse;
export type AttachResponse = StreamingUrlResponse;
export type PortForwardResponse = StreamingUrlResponse;

// ---- runtime ----

export interface UpdateRuntimeConfigRequest {
  runtimeConfig: { networkConfig: { podCidr: string } | null } | null;
}
export type UpdateRuntimeConfigResponse = Record<string, never>;
export interface RuntimeCondition {
  /** RuntimeReady or NetworkReady (required), or an optional one */
  type: string;
  status: boolean;
  reason: string;
  message: string;
}
export interface StatusRequest {
  verbose: boolean;
}
export interface StatusResponse {
  status: { conditions: RuntimeCondition[] } | null;
  info: StringMap;
}
