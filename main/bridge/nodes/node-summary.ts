// A node as the Nodes view shows it: the provider's state (running, stopped, crashed)
// joined with the Node object (Ready, roles, addresses, resources, versions) and the
// number of pods bound to it. Pure: the service hands in what it listed or watched.
import type { NodeList, NodeSummary } from '../../common/bridge/nodes.js';
import type { KubeObject } from '../../common/kube-types.js';
import type { NodeInfo } from '../../vm/provider.js';

export interface NodeObject extends KubeObject {
  spec?: { podCIDR?: string; unschedulable?: boolean; taints?: { key: string; value?: string; effect: string }[] };
  status?: {
    conditions?: { type: string; status: string; reason?: string; message?: string }[];
    addresses?: { type: string; address: string }[];
    capacity?: Record<string, string>;
    allocatable?: Record<string, string>;
    nodeInfo?: { kubeletVersion?: string; containerRuntimeVersion?: string; osImage?: string };
  };
}

export interface PodObject extends KubeObject {
  spec?: { nodeName?: string; containers?: { name: string }[] };
  status?: {
    phase?: string;
    podIP?: string;
    containerStatuses?: { name: string; containerID?: string; state?: Record<string, unknown> }[];
  };
}

/** kubectl's STATUS column for a node (printers.go printNode: only the Ready condition counts) */
export function nodeStatus(node: NodeObject | undefined): string {
  const ready = node?.status?.conditions?.find((c) => c.type === 'Ready');
  const parts = [ready ? (ready.status === 'True' ? 'Ready' : 'NotReady') : 'Unknown'];
  if (node?.spec?.unschedulable) parts.push('SchedulingDisabled');
  return parts.join(',');
}

/** kubectl's ROLES column: node-role.kubernetes.io/<role> labels, or kubernetes.io/role */
export function nodeRoles(node: NodeObject | undefined): string {
  const roles = new Set<string>();
  for (const [k, v] of Object.entries(node?.metadata.labels ?? {})) {
    if (k.startsWith('node-role.kubernetes.io/')) roles.add(k.slice('node-role.kubernetes.io/'.length));
    else if (k === 'kubernetes.io/role' && v) roles.add(v);
  }
  return roles.size > 0 ? [...roles].sort().join(',') : '<none>';
}

/** a pod still holds its place on the node until it has terminated */
export function isActivePod(pod: PodObject): boolean {
  return pod.status?.phase !== 'Succeeded' && pod.status?.phase !== 'Failed';
}

export function summarizeNode(name: string, info: NodeInfo | undefined, node: NodeObject | undefined, podCount: number): NodeSummary {
  const ready = node?.status?.conditions?.find((c) => c.type === 'Ready');
  const readyStatus = ready?.status === 'True' || ready?.status === 'False' || ready?.status === 'Unknown' ? ready.status : null;
  return {
    name,
    state: info?.state ?? null,
    ready: readyStatus,
    readyReason: ready?.reason ?? '',
    readyMessage: ready?.message ?? '',
    status: node ? nodeStatus(node) : 'Unknown',
    roles: nodeRoles(node),
    addresses: node?.status?.addresses ?? (info ? [{ type: 'InternalIP', address: info.ip }] : []),
    podCIDR: node?.spec?.podCIDR ?? '',
    capacity: node?.status?.capacity ?? {},
    allocatable: node?.status?.allocatable ?? {},
    kubeletVersion: node?.status?.nodeInfo?.kubeletVersion ?? '',
    containerRuntimeVersion: node?.status?.nodeInfo?.containerRuntimeVersion ?? '',
    osImage: node?.status?.nodeInfo?.osImage ?? '',
    unschedulable: node?.spec?.unschedulable === true,
    taints: (node?.spec?.taints ?? []).map((t) => `${t.key}${t.value ? `=${t.value}` : ''}:${t.effect}`),
    podCount,
    created: node?.metadata.creationTimestamp ?? '',
  };
}

/** every node either side knows, by name: the provider's nodes and the API's Node objects */
export function summarizeNodes(provider: NodeList['provider'], infos: NodeInfo[], nodes: NodeObject[], pods: PodObject[]): NodeList {
  const byName = new Map(nodes.map((n) => [n.metadata.name ?? '', n]));
  const infoByName = new Map(infos.map((i) => [i.name, i]));
  const counts = new Map<string, number>();
  for (const p of pods) {
    const at = p.spec?.nodeName;
    if (at && isActivePod(p)) counts.set(at, (counts.get(at) ?? 0) + 1);
  }
  const names = [...new Set([...infoByName.keys(), ...byName.keys()])].filter((n) => n !== '').sort();
  return { provider, nodes: names.map((n) => summarizeNode(n, infoByName.get(n), byName.get(n), counts.get(n) ?? 0)) };
}
