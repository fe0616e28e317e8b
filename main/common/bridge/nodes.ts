// The Nodes view's channels: node actions (and, as the view grows, logs, terminals and
// the crictl-style pane). Types and tiny pure helpers only: see ./contract.ts.

export const NODE_ACTIONS = ['stop', 'start', 'restart', 'crash'] as const;
export type NodeAction = (typeof NODE_ACTIONS)[number];

export interface NodeRequests {
  'nodes:action': { params: { name: string; action: NodeAction }; result: { message: string } };
}

export type NodeEvents = Record<never, never>;

export const NODE_CHANNELS = ['nodes:action'] as const satisfies readonly (keyof NodeRequests)[];
