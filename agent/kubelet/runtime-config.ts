// The CRI configs the kubelet sends for a pod (kuberuntime_sandbox.go
// generatePodSandboxConfig, kuberuntime_container.go generateContainerConfig,
// kuberuntime_container_linux.go for resources): names, labels, log paths, namespaces,
// port mappings, CPU shares/quota and memory limits from the pod spec.
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { milliValue, quantityOf, quantityValue } from '../../main/common/quantity.js';
import type { ContainerConfig, CriInput, KeyValue, LinuxContainerResources, Mount, PodSandboxConfig, PortMapping } from '../cri/types.js';
import type { Container, Pod } from './pod-types.js';
import {
  ANNOTATION_CONTAINER_HASH,
  ANNOTATION_GRACE_PERIOD,
  ANNOTATION_RESTART_COUNT,
  ANNOTATION_TERMINATION_MESSAGE_PATH,
  LABEL_CONTAINER_NAME,
  LABEL_POD_NAME,
  LABEL_POD_NAMESPACE,
  LABEL_POD_UID,
} from './runtime-pod.js';

export interface RuntimeConfigOptions {
  podLogsDir: string;
  cgroupRoot: string;
  clusterDNS: string[];
  clusterDomain: string;
}

/** /var/log/pods/<namespace>_<name>_<uid> (BuildPodLogsDirectory) */
export function podLogsDirectory(podLogsDir: string, pod: Pod): string {
  return join(podLogsDir, `${pod.metadata.namespace ?? 'default'}_${pod.metadata.name ?? ''}_${pod.metadata.uid ?? ''}`);
}

/** <container>/<restartCount>.log, relative to the pod's log directory (BuildContainerLogsDirectory) */
export function containerLogPath(name: string, restartCount: number): string {
  return `${name}/${restartCount}.log`;
}

function podLabels(pod: Pod): Record<string, string> {
  return {
    [LABEL_POD_NAME]: pod.metadata.name ?? '',
    [LABEL_POD_NAMESPACE]: pod.metadata.namespace ?? 'default',
    [LABEL_POD_UID]: pod.metadata.uid ?? '',
  };
}

function namespaceOptions(pod: Pod): { network: 'POD' | 'NODE'; pid: 'CONTAINER' | 'NODE'; ipc: 'POD' | 'NODE' } {
  return { network: pod.spec.hostNetwork ? 'NODE' : 'POD', pid: pod.spec.hostPID ? 'NODE' : 'CONTAINER', ipc: pod.spec.hostIPC ? 'NODE' : 'POD' };
}

export function podCgroupParent(pod: Pod, cgroupRoot: string): string {
  return `${cgroupRoot}/pod${pod.metadata.uid ?? ''}`;
}

export function sandboxConfig(pod: Pod, attempt: number, o: RuntimeConfigOptions): CriInput<PodSandboxConfig> {
  const ns = pod.metadata.namespace ?? 'default';
  const portMappings: PortMapping[] = [];
  for (const c of pod.spec.containers) {
    for (const p of c.ports ?? []) {
      if (p.hostPort) portMappings.push({ protocol: p.protocol ?? 'TCP', containerPort: p.containerPort, hostPort: p.hostPort, hostIp: p.hostIP ?? '' });
    }
  }
  const hostname = pod.spec.hostNetwork ? '' : (pod.spec.hostname ?? pod.metadata.name ?? '').slice(0, 63).replace(/[-.]+$/, '');
  const dnsConfig =
    o.clusterDNS.length > 0 && !pod.spec.hostNetwork && (pod.spec.dnsPolicy ?? 'ClusterFirst') === 'ClusterFirst'
      ? { servers: o.clusterDNS, searches: [`${ns}.svc.${o.clusterDomain}`, `svc.${o.clusterDomain}`, o.clusterDomain], options: ['ndots:5'] }
      : undefined;
  return {
    metadata: { name: pod.metadata.name ?? '', namespace: ns, uid: pod.metadata.uid ?? '', attempt },
    hostname,
    logDirectory: podLogsDirectory(o.podLogsDir, pod),
    dnsConfig,
    portMappings,
    labels: { ...(pod.metadata.labels ?? {}), ...podLabels(pod) },
    annotations: { ...(pod.metadata.annotations ?? {}) },
    linux: {
      cgroupParent: podCgroupParent(pod, o.cgroupRoot),
      securityContext: {
        namespaceOptions: { ...namespaceOptions(pod), targetId: '' },
        selinuxOptions: undefined,
        runAsUser: pod.spec.securityContext?.runAsUser !== undefined ? { value: pod.spec.securityContext.runAsUser } : undefined,
        runAsGroup: pod.spec.securityContext?.runAsGroup !== undefined ? { value: pod.spec.securityContext.runAsGroup } : undefined,
        readonlyRootfs: false,
        supplementalGroups: pod.spec.securityContext?.fsGroup !== undefined ? [pod.spec.securityContext.fsGroup] : [],
        privileged: pod.spec.containers.some((c) => c.securityContext?.privileged),
        seccomp: undefined,
        apparmor: undefined,
        seccompProfilePath: '',
      },
      sysctls: Object.fromEntries((pod.spec.securityContext?.sysctls ?? []).map((s) => [s.name, s.value])),
      overhead: undefined,
      resources: undefined,
    },
    windows: undefined,
  };
}

/** kubelet's HashContainer: any change to the container's spec (the image, in a running pod) restarts it */
export function containerHash(c: Container): string {
  return createHash('sha256').update(JSON.stringify(c)).digest('hex').slice(0, 8);
}

const CPU_PERIOD = 100_000;
const MIN_SHARES = 2;

/** kuberuntime_container_linux.go: requests → shares, limits → CFS quota and memory limit */
export function linuxResources(c: Container, qos: 'Guaranteed' | 'Burstable' | 'BestEffort' | undefined): LinuxContainerResources {
  const q = (v: unknown): ReturnType<typeof quantityOf> => (v === undefined ? undefined : quantityOf(v));
  const cpuRequest = q(c.resources?.requests?.cpu) ?? q(c.resources?.limits?.cpu);
  const cpuLimit = q(c.resources?.limits?.cpu);
  const memLimit = q(c.resources?.limits?.memory);
  const shares = cpuRequest ? Math.max(MIN_SHARES, Math.floor((milliValue(cpuRequest) * 1024) / 1000)) : MIN_SHARES;
  const quota = cpuLimit ? Math.max(1000, Math.floor((milliValue(cpuLimit) * CPU_PERIOD) / 1000)) : 0;
  return {
    cpuPeriod: quota ? CPU_PERIOD : 0,
    cpuQuota: quota,
    cpuShares: shares,
    memoryLimitInBytes: memLimit ? quantityValue(memLimit) : 0,
    // GetContainerOOMScoreAdjust: the runtime clamps it (restrict_oom_score_adj)
    oomScoreAdj: qos === 'Guaranteed' ? -997 : qos === 'BestEffort' ? 1000 : 999,
    cpusetCpus: '',
    cpusetMems: '',
    hugepageLimits: [],
    unified: {},
    memorySwapLimitInBytes: 0,
  };
}

export interface ContainerConfigInput {
  pod: Pod;
  container: Container;
  restartCount: number;
  imageRef: string;
  command: string[];
  args: string[];
  envs: KeyValue[];
  mounts: Mount[];
}

export function containerConfig(i: ContainerConfigInput): CriInput<ContainerConfig> {
  const { pod, container: c } = i;
  const sc = c.securityContext;
  return {
    metadata: { name: c.name, attempt: i.restartCount },
    image: { image: i.imageRef, annotations: {} },
    command: i.command,
    args: i.args,
    workingDir: c.workingDir ?? '',
    envs: i.envs,
    mounts: i.mounts,
    devices: [],
    labels: { ...podLabels(pod), [LABEL_CONTAINER_NAME]: c.name },
    annotations: {
      [ANNOTATION_CONTAINER_HASH]: containerHash(c),
      [ANNOTATION_RESTART_COUNT]: String(i.restartCount),
      [ANNOTATION_TERMINATION_MESSAGE_PATH]: c.terminationMessagePath ?? '/dev/termination-log',
      'io.kubernetes.container.terminationMessagePolicy': c.terminationMessagePolicy ?? 'File',
      [ANNOTATION_GRACE_PERIOD]: String(pod.spec.terminationGracePeriodSeconds ?? 30),
    },
    logPath: containerLogPath(c.name, i.restartCount),
    stdin: c.stdin ?? false,
    stdinOnce: c.stdinOnce ?? false,
    tty: c.tty ?? false,
    linux: {
      resources: linuxResources(c, pod.status?.qosClass),
      securityContext: {
        capabilities: sc?.capabilities ? { addCapabilities: sc.capabilities.add ?? [], dropCapabilities: sc.capabilities.drop ?? [], addAmbientCapabilities: [] } : undefined,
        privileged: sc?.privileged ?? false,
        namespaceOptions: { ...namespaceOptions(pod), targetId: '' },
        selinuxOptions: undefined,
        runAsUser: sc?.runAsUser !== undefined ? { value: sc.runAsUser } : pod.spec.securityContext?.runAsUser !== undefined ? { value: pod.spec.securityContext.runAsUser } : undefined,
        runAsGroup: sc?.runAsGroup !== undefined ? { value: sc.runAsGroup } : pod.spec.securityContext?.runAsGroup !== undefined ? { value: pod.spec.securityContext.runAsGroup } : undefined,
        runAsUsername: '',
        readonlyRootfs: sc?.readOnlyRootFilesystem ?? false,
        supplementalGroups: pod.spec.securityContext?.fsGroup !== undefined ? [pod.spec.securityContext.fsGroup] : [],
        noNewPrivs: sc?.allowPrivilegeEscalation === false,
        maskedPaths: [],
        readonlyPaths: [],
        seccomp: undefined,
        apparmor: undefined,
        apparmorProfile: '',
        seccompProfilePath: '',
      },
    },
    windows: undefined,
  };
}
