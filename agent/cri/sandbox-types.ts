// CRI v1 pod sandbox messages (see types.ts for how proto-loader shapes them).
import type { Int64Value, LinuxContainerResources, StringMap } from './types.js';

export type PodSandboxState = 'SANDBOX_READY' | 'SANDBOX_NOTREADY';
/** NODE is hostNetwork/hostPID/hostIPC; the kubelet sets pid CONTAINER for v1 pods. */
export type NamespaceMode = 'POD' | 'CONTAINER' | 'NODE' | 'TARGET';
export type Protocol = 'TCP' | 'UDP' | 'SCTP';
export type SecurityProfileType = 'RuntimeDefault' | 'Unconfined' | 'Localhost';

export interface PodSandboxMetadata {
  name: string;
  uid: string;
  namespace: string;
  attempt: number;
}
export interface DnsConfig {
  servers: string[];
  searches: string[];
  options: string[];
}
export interface PortMapping {
  protocol: Protocol;
  containerPort: number;
  hostPort: number;
  hostIp: string;
}
export interface IdMapping {
  hostId: number;
  containerId: number;
  length: number;
}
export interface UserNamespace {
  mode: NamespaceMode;
  uids: IdMapping[];
  gids: IdMapping[];
}
export interface NamespaceOption {
  network: NamespaceMode;
  pid: NamespaceMode;
  ipc: NamespaceMode;
  targetId: string;
  usernsOptions: UserNamespace | null;
}
export interface SeLinuxOption {
  user: string;
  role: string;
  type: string;
  level: string;
}
export interface SecurityProfile {
  profileType: SecurityProfileType;
  localhostRef: string;
}
export interface LinuxSandboxSecurityContext {
  namespaceOptions: NamespaceOption | null;
  selinuxOptions: SeLinuxOption | null;
  runAsUser: Int64Value | null;
  runAsGroup: Int64Value | null;
  readonlyRootfs: boolean;
  supplementalGroups: number[];
  privileged: boolean;
  seccomp: SecurityProfile | null;
  apparmor: SecurityProfile | null;
  /** @deprecated use seccomp */
  seccompProfilePath: string;
}
export interface LinuxPodSandboxConfig {
  cgroupParent: string;
  securityContext: LinuxSandboxSecurityContext | null;
  sysctls: StringMap;
  overhead: LinuxContainerResources | null;
  resources: LinuxContainerResources | null;
}
export interface WindowsPodSandboxConfig {
  securityContext: { runAsUsername: string; credentialSpec: string; hostProcess: boolean } | null;
}
export interface PodSandboxConfig {
  metadata: PodSandboxMetadata | null;
  /** may be empty only with a NODE network namespace */
  hostname: string;
  /** e.g. /var/log/pods/<namespace>_<name>_<uid>/; container log paths are relative to it */
  logDirectory: string;
  dnsConfig: DnsConfig | null;
  portMappings: PortMapping[];
  labels: StringMap;
  annotations: StringMap;
  linux: LinuxPodSandboxConfig | null;
  windows: WindowsPodSandboxConfig | null;
}
export interface RunPodSandboxRequest {
  config: PodSandboxConfig | null;
  /** RuntimeClass handler; empty for the default runtime */
  runtimeHandler: string;
}
export interface RunPodSandboxResponse {
  podSandboxId: string;
}
export interface PodSandboxIdRequest {
  podSandboxId: string;
}
export type StopPodSandboxRequest = PodSandboxIdRequest;
export type StopPodSandboxResponse = Record<string, never>;
export type RemovePodSandboxRequest = PodSandboxIdRequest;
export type RemovePodSandboxResponse = Record<string, never>;
export interface PodSandboxStatusRequest {
  podSandboxId: string;
  verbose: boolean;
}
export interface PodSandboxNetworkStatus {
  ip: string;
  additionalIps: { ip: string }[];
}
export interface PodSandboxStatus {
  id: string;
  metadata: PodSandboxMetadata | null;
  state: PodSandboxState;
  /** nanoseconds since the epoch */
  createdAt: number;
  network: PodSandboxNetworkStatus | null;
  linux: { namespaces: { options: NamespaceOption | null } | null } | null;
  labels: StringMap;
  annotations: StringMap;
  runtimeHandler: string;
}
export interface PodSandboxStatusResponse {
  status: PodSandboxStatus | null;
  /** verbose only: JSON documents */
  info: StringMap;
}
export interface PodSandboxFilter {
  id: string;
  state: { state: PodSandboxState } | null;
  labelSelector: StringMap;
}
export interface ListPodSandboxRequest {
  filter: PodSandboxFilter | null;
}
export interface PodSandbox {
  id: string;
  metadata: PodSandboxMetadata | null;
  state: PodSandboxState;
  createdAt: number;
  labels: StringMap;
  annotations: StringMap;
  runtimeHandler: string;
}
export interface ListPodSandboxResponse {
  items: PodSandbox[];
}
