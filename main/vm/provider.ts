// What a node provider does (host now, qemu next): nodes are added, stopped, started,
// crashed and removed by name; `exec` runs a command inside a node.
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
}

export class NodeProviderError extends Error {
  constructor(
    message: string,
    readonly code: 'NotFound' | 'AlreadyExists' | 'Invalid' | 'Failed' = 'Failed',
  ) {
    super(message);
    this.name = 'NodeProviderError';
  }
}
