import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../common/kube-types.js';
import { leaseTable, namespaceTable, nodeTable } from './cluster-tables.js';
import { configMapTable, secretTable, serviceAccountTable } from './config-tables.js';

const now = new Date('2024-05-01T12:00:00Z');
const created = '2024-04-23T12:00:00Z'; // 8d before now

function node(labels: Record<string, string>, spec: Record<string, unknown>, status: Record<string, unknown>): KubeObject {
  return { apiVersion: 'v1', kind: 'Node', metadata: { name: 'cp-1', creationTimestamp: created, labels }, spec, status };
}

const nodeInfo = {
  kubeletVersion: 'v1.32.4',
  osImage: 'Debian GNU/Linux 12 (bookworm)',
  kernelVersion: '6.1.0-18-amd64',
  containerRuntimeVersion: 'containerd://1.7.24',
};

describe('nodeTable', () => {
  it('prints a cordoned control-plane node as Ready,SchedulingDisabled', () => {
    const n = node(
      { 'node-role.kubernetes.io/control-plane': '', 'kubernetes.io/hostname': 'cp-1' },
      { unschedulable: true },
      {
        conditions: [
          { type: 'MemoryPressure', status: 'False' },
          { type: 'Ready', status: 'True' },
        ],
        addresses: [
          { type: 'InternalIP', address: '192.168.122.10' },
          { type: 'Hostname', address: 'cp-1' },
        ],
        nodeInfo,
      },
    );
    expect(nodeTable.row(n, now)).toEqual([
      'cp-1',
      'Ready,SchedulingDisabled',
      'control-plane',
      '8d',
      'v1.32.4',
      '192.168.122.10',
      '<none>',
      'Debian GNU/Linux 12 (bookworm)',
      '6.1.0-18-amd64',
      'containerd://1.7.24',
    ]);
  });

  it('prints NotReady for a Ready condition that is False or Unknown, Unknown without one', () => {
    const notReady = node({}, {}, { conditions: [{ type: 'Ready', status: 'Unknown' }] });
    expect(nodeTable.row(notReady, now).slice(1, 3)).toEqual(['NotReady', '<none>']);
    const fresh = node({}, { unschedulable: true }, {});
    expect(nodeTable.row(fresh, now).slice(1, 2)).toEqual(['Unknown,SchedulingDisabled']);
    expect(nodeTable.row(fresh, now).slice(4)).toEqual(['', '<none>', '<none>', '<unknown>', '<unknown>', '<unknown>']);
  });

  it('collects roles from node-role labels and the legacy kubernetes.io/role label, sorted', () => {
    const n = node({ 'node-role.kubernetes.io/worker': '', 'node-role.kubernetes.io/': '', 'kubernetes.io/role': 'ingress' }, {}, {});
    expect(nodeTable.row(n, now)[2]).toBe('ingress,worker');
  });
});

describe('namespace, lease and configuration tables', () => {
  it('prints a namespace with its phase', () => {
    const ns: KubeObject = { metadata: { name: 'kube-system', creationTimestamp: created }, status: { phase: 'Active' } };
    expect(namespaceTable.row(ns, now)).toEqual(['kube-system', 'Active', '8d']);
  });

  it('prints a lease holder, empty when unheld', () => {
    const held: KubeObject = { metadata: { name: 'kube-scheduler', creationTimestamp: created }, spec: { holderIdentity: 'cp-1_4f2a' } };
    expect(leaseTable.row(held, now)).toEqual(['kube-scheduler', 'cp-1_4f2a', '8d']);
    expect(leaseTable.row({ metadata: { name: 'free' } }, now)).toEqual(['free', '', '<unknown>']);
  });

  it('counts configmap, secret and service account entries', () => {
    const cm: KubeObject = { metadata: { name: 'kube-root-ca.crt', creationTimestamp: created }, data: { 'ca.crt': 'x' }, binaryData: { blob: 'AA==' } };
    expect(configMapTable.row(cm, now)).toEqual(['kube-root-ca.crt', 2, '8d']);
    const secret: KubeObject = { metadata: { name: 'tls', creationTimestamp: created }, type: 'kubernetes.io/tls', data: { 'tls.crt': 'a', 'tls.key': 'b' } };
    expect(secretTable.row(secret, now)).toEqual(['tls', 'kubernetes.io/tls', 2, '8d']);
    const sa: KubeObject = { metadata: { name: 'default', creationTimestamp: created } };
    expect(serviceAccountTable.row(sa, now)).toEqual(['default', 0, '8d']);
  });
});
