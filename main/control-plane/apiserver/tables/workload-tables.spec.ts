import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../common/kube-types.js';
import { daemonSetTable, deploymentTable, replicaSetTable, replicationControllerTable } from './workload-tables.js';

const now = new Date('2024-05-01T12:00:00Z');
const created = '2024-05-01T11:15:00Z'; // 45m before now

const template = {
  metadata: { labels: { app: 'web' } },
  spec: {
    containers: [
      { name: 'nginx', image: 'nginx:1.27' },
      { name: 'log', image: 'busybox:1.36' },
    ],
  },
};

function workload(kind: string, spec: Record<string, unknown>, status: Record<string, unknown>): KubeObject {
  return { apiVersion: 'apps/v1', kind, metadata: { name: 'web', creationTimestamp: created }, spec: { template, ...spec }, status };
}

describe('deploymentTable', () => {
  it('prints a ready 3/3 deployment with wide cells', () => {
    const d = workload(
      'Deployment',
      { replicas: 3, selector: { matchLabels: { app: 'web' } } },
      { replicas: 3, updatedReplicas: 3, readyReplicas: 3, availableReplicas: 3 },
    );
    expect(deploymentTable.row(d, now)).toEqual(['web', '3/3', 3, 3, '45m', 'nginx,log', 'nginx:1.27,busybox:1.36', 'app=web']);
    expect(deploymentTable.columns.map((c) => c.name)).toEqual([
      'Name',
      'Ready',
      'Up-to-date',
      'Available',
      'Age',
      'Containers',
      'Images',
      'Selector',
    ]);
  });

  it('prints a rollout in progress and an unconvertible selector as <invalid>', () => {
    const d = workload(
      'Deployment',
      { replicas: 4, selector: { matchExpressions: [{ key: 'app', operator: 'Near', values: ['x'] }] } },
      { replicas: 5, updatedReplicas: 2, readyReplicas: 3 },
    );
    expect(deploymentTable.row(d, now).slice(1, 4)).toEqual(['3/4', 2, 0]);
    expect(deploymentTable.row(d, now)[7]).toBe('<invalid>');
  });
});

describe('replicaSetTable and replicationControllerTable', () => {
  it('prints DESIRED CURRENT READY with a set-based selector', () => {
    const rs = workload(
      'ReplicaSet',
      { replicas: 2, selector: { matchLabels: { app: 'web', 'pod-template-hash': '5d4f8b7c9' } } },
      { replicas: 2, readyReplicas: 1 },
    );
    expect(replicaSetTable.row(rs, now)).toEqual([
      'web',
      2,
      2,
      1,
      '45m',
      'nginx,log',
      'nginx:1.27,busybox:1.36',
      'app=web,pod-template-hash=5d4f8b7c9',
    ]);
  });

  it('prints an RC with its map selector and an empty status as zeroes', () => {
    const rc: KubeObject = { apiVersion: 'v1', kind: 'ReplicationController', metadata: { name: 'legacy', creationTimestamp: created }, spec: { replicas: 0, selector: { app: 'legacy' } } };
    expect(replicationControllerTable.row(rc, now)).toEqual(['legacy', 0, 0, 0, '45m', '', '', 'app=legacy']);
  });
});

describe('daemonSetTable', () => {
  it('prints counts, node selector and selector', () => {
    const ds = workload(
      'DaemonSet',
      {
        selector: { matchLabels: { app: 'agent' } },
        template: { ...template, spec: { ...template.spec, nodeSelector: { 'kubernetes.io/os': 'linux' } } },
      },
      { desiredNumberScheduled: 3, currentNumberScheduled: 3, numberReady: 2, updatedNumberScheduled: 3, numberAvailable: 2 },
    );
    expect(daemonSetTable.row(ds, now)).toEqual([
      'web',
      3,
      3,
      2,
      3,
      2,
      'kubernetes.io/os=linux',
      '45m',
      'nginx,log',
      'nginx:1.27,busybox:1.36',
      'app=agent',
    ]);
  });

  it('prints <none> for a DaemonSet without node selector', () => {
    const ds = workload('DaemonSet', { selector: { matchLabels: { app: 'agent' } } }, {});
    expect(daemonSetTable.row(ds, now)[6]).toBe('<none>');
    expect(daemonSetTable.columns.filter((c) => c.priority === 0).map((c) => c.name)).toEqual([
      'Name',
      'Desired',
      'Current',
      'Ready',
      'Up-to-date',
      'Available',
      'Node Selector',
      'Age',
    ]);
  });
});
