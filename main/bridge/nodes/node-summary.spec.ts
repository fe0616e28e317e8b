import { describe, expect, it } from 'vitest';
import { nodeRoles, nodeStatus, summarizeNodes } from './node-summary.js';
import type { NodeObject } from './node-summary.js';

const ready: NodeObject = {
  metadata: { name: 'node-1', labels: { 'node-role.kubernetes.io/worker': '' }, creationTimestamp: '2026-01-01T00:00:00Z' },
  spec: { podCIDR: '10.246.1.0/24', unschedulable: true },
  status: {
    conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady' }],
    addresses: [{ type: 'InternalIP', address: '10.242.0.11' }],
    capacity: { cpu: '2', pods: '110' },
    nodeInfo: { kubeletVersion: 'v1.32.0-k8s-lab', containerRuntimeVersion: 'containerd://1.6.20' },
  },
};

describe('node summary', () => {
  it('prints STATUS and ROLES as kubectl get nodes does', () => {
    expect(nodeStatus(ready)).toBe('Ready,SchedulingDisabled');
    expect(nodeStatus({ metadata: {}, status: { conditions: [{ type: 'Ready', status: 'Unknown' }] } })).toBe('NotReady');
    expect(nodeStatus({ metadata: {} })).toBe('Unknown');
    expect(nodeRoles(ready)).toBe('worker');
    expect(nodeRoles({ metadata: {} })).toBe('<none>');
  });

  it('joins provider nodes, Node objects and the pods bound to them', () => {
    const list = summarizeNodes(
      'host',
      [
        { name: 'node-1', ip: '10.242.0.11', state: 'running' },
        { name: 'node-2', ip: '10.242.0.12', state: 'crashed' },
      ],
      [ready],
      [
        { metadata: { name: 'a' }, spec: { nodeName: 'node-1' }, status: { phase: 'Running' } },
        { metadata: { name: 'b' }, spec: { nodeName: 'node-1' }, status: { phase: 'Succeeded' } },
        { metadata: { name: 'c' }, spec: {}, status: { phase: 'Pending' } },
      ],
    );
    expect(list.nodes.map((n) => [n.name, n.state, n.status, n.podCount, n.podCIDR])).toEqual([
      ['node-1', 'running', 'Ready,SchedulingDisabled', 1, '10.246.1.0/24'],
      ['node-2', 'crashed', 'Unknown', 0, ''],
    ]);
    expect(list.nodes[1]?.addresses).toEqual([{ type: 'InternalIP', address: '10.242.0.12' }]);
  });
});
