// The agent's configuration (the kubelet's KubeletConfiguration + kubeconfig, reduced to
// what k8s-lab nodes need), read from one JSON file written by the node provider.
import { readFileSync } from 'node:fs';

export interface AgentConfig {
  nodeName: string;
  /** the node's address on the lab network (status.addresses InternalIP) */
  nodeIP: string;
  /** the API server as the node reaches it */
  apiServer: string;
  caFile: string;
  /** client certificate system:node:<name> / system:nodes */
  certFile: string;
  keyFile: string;
  /** the kubelet server's serving certificate (SAN = nodeIP) */
  servingCertFile: string;
  servingKeyFile: string;
  containerdSocket: string;
  /** --root-dir (/var/lib/kubelet): pods/<uid>/volumes … */
  rootDir: string;
  /** /var/log/pods */
  podLogsDir: string;
  /** where the CNI config is written once the node has a podCIDR */
  cniConfDir: string;
  /** --port (10250) */
  kubeletPort: number;
  /** --address: where the kubelet server listens (default nodeIP; 0.0.0.0 in a VM, reached through a QEMU forward) */
  kubeletAddress?: string;
  /** kube-proxy: run the service rules in this node */
  proxy: boolean;
  /** --cluster-domain */
  clusterDomain: string;
  /** --cluster-dns (none in k8s-lab yet: pods get the node's resolv.conf) */
  clusterDNS: string[];
  /** KubeletConfiguration nodeStatusUpdateFrequency (10 s) / nodeLeaseDurationSeconds (40) */
  nodeStatusUpdateFrequencyMs: number;
  nodeLeaseDurationSeconds: number;
  /** --max-pods (110) */
  maxPods: number;
  /** labels added at registration (--node-labels) */
  labels: Record<string, string>;
  /** the cgroup all pods live under (cgroupfs driver): /kubepods in a VM, per node on a host */
  cgroupRoot: string;
  /** image GC thresholds (percent of the image filesystem) */
  imageGcHighThresholdPercent: number;
  imageGcLowThresholdPercent: number;
}

export class AgentConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AgentConfigError';
  }
}

const DEFAULTS: Partial<AgentConfig> = {
  kubeletPort: 10250,
  proxy: true,
  clusterDomain: 'cluster.local',
  clusterDNS: [],
  nodeStatusUpdateFrequencyMs: 10_000,
  nodeLeaseDurationSeconds: 40,
  maxPods: 110,
  labels: {},
  cgroupRoot: '/kubepods',
  imageGcHighThresholdPercent: 85,
  imageGcLowThresholdPercent: 80,
};

const REQUIRED: (keyof AgentConfig)[] = [
  'nodeName',
  'nodeIP',
  'apiServer',
  'caFile',
  'certFile',
  'keyFile',
  'servingCertFile',
  'servingKeyFile',
  'containerdSocket',
  'rootDir',
  'podLogsDir',
  'cniConfDir',
];

export function parseAgentConfig(raw: unknown, source = 'config'): AgentConfig {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new AgentConfigError(`${source}: expected a JSON object`);
  const cfg = { ...DEFAULTS, ...(raw as Partial<AgentConfig>) };
  for (const key of REQUIRED) {
    if (typeof cfg[key] !== 'string' || cfg[key] === '') throw new AgentConfigError(`${source}: "${key}" is required (a non-empty string)`);
  }
  if (!/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(cfg.nodeName ?? '')) throw new AgentConfigError(`${source}: nodeName "${cfg.nodeName}" is not a valid DNS-1123 subdomain`);
  if (!Number.isInteger(cfg.kubeletPort) || (cfg.kubeletPort ?? 0) < 1 || (cfg.kubeletPort ?? 0) > 65535) throw new AgentConfigError(`${source}: kubeletPort must be 1-65535`);
  return cfg as AgentConfig;
}

export function loadAgentConfig(path: string): AgentConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new AgentConfigError(`cannot read ${path}: ${(e as Error).message}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new AgentConfigError(`${path}: invalid JSON: ${(e as Error).message}`);
  }
  return parseAgentConfig(raw, path);
}
