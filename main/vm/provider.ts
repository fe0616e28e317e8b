// What a node provider does (host now, qemu next): nodes are added, stopped, started,
// crashed and removed by name; `exec` runs a command inside a node.
import type { NodeSsh } from '../provision/ssh-session.js';

export interface NodeInfo {
  name: string;
  ip: string;
  state: 'running' | 'stopped' | 'crashed';
}

export interface NodeProvider {
  readonly kind: 'host' | 'qemu';
  list(): NodeInfo[];
  add(name?: string): Promise<NodeInfo>;
  remove(name: string): Promise<void>;
  stop(name: string): Promise<void>;
  start(name: string): Promise<void>;
  crash(name: string): Promise<void>;
  /** stops every node and removes what the provider made (the cluster state stays) */
  shutdown(): Promise<void>;
  /** how the lab reaches into a node: its logs, a shell, its containerd (the Nodes view) */
  access?(name: string): NodeAccess;
}

/**
 * A host node is a network namespace with its own containerd on this machine; a VM node
 * is reached over the lab's SSH session. Logs of both live where `k8s-lab node logs` reads them.
 */
export type NodeAccess =
  | { kind: 'host'; name: string; nodeDir: string; netnsPath: string; containerdSocket: string }
  | { kind: 'qemu'; name: string; nodeDir: string; ssh: () => Promise<NodeSsh> };

export class NodeProviderError extends Error {
  constructor(
    message: string,
    readonly code: 'NotFound' | 'AlreadyExists' | 'Invalid' | 'Failed' = 'Failed',
  ) {
    super(message);
    this.name = 'NodeProviderError';
  }
}

const NAME_RE = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/**
 * A new node's name and index (its address and MACs derive from the index): the lowest
 * free index, `node-<index>` unless a name is given; the name must be a DNS label.
 */
export function allocateNode(nodes: Map<string, { rec: { index: number } }>, name?: string): { name: string; index: number } {
  const used = new Set([...nodes.values()].map((n) => n.rec.index));
  let index = 1;
  while (used.has(index)) index++;
  const nodeName = name ?? `node-${index}`;
  if (!NAME_RE.test(nodeName) || nodeName.length > 40) throw new NodeProviderError(`invalid node name "${nodeName}": use lower-case letters, digits and '-' (at most 40)`, 'Invalid');
  if (nodes.has(nodeName)) throw new NodeProviderError(`node "${nodeName}" already exists`, 'AlreadyExists');
  return { name: nodeName, index };
}

export function findNode<T>(nodes: Map<string, T>, name: string): T {
  const n = nodes.get(name);
  if (!n) throw new NodeProviderError(`node "${name}" not found (nodes: ${[...nodes.keys()].join(', ') || 'none'})`, 'NotFound');
  return n;
}
