import { describe, expect, it } from 'vitest';
import { RESOURCE_COLUMNS, RESOURCE_KINDS } from '../common/bridge/contract.js';
import type { KubeObject } from '../common/kube-types.js';
import { formatCell, printRow, printTable } from './resource-rows.js';

const NOW = new Date('2025-03-01T12:00:00Z');
const ago = (ms: number): string => new Date(NOW.getTime() - ms).toISOString();
const S = 1000;
const M = 60 * S;
const D = 24 * 60 * M;

function pod(status: Record<string, unknown>, extra: Partial<KubeObject> = {}, containers = ['web']): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'web', namespace: 'default', uid: 'u1', resourceVersion: '7', creationTimestamp: ago(5 * S) },
    spec: { containers: containers.map((name) => ({ name, image: 'nginx' })) },
    status,
    ...extra,
  };
}

/** the row as a column → cell map, so a failure names the column */
function cells(kind: (typeof RESOURCE_KINDS)[number], obj: KubeObject): Record<string, string> {
  const row = printRow(kind, obj, NOW);
  return Object.fromEntries(RESOURCE_COLUMNS[kind].map((c, i) => [c, row.cells[i] ?? '<missing>']));
}

describe('pod rows (kubectl get pods -o wide, printPod)', () => {
  it('a pod with no node: 0/1 Pending, no IP, no node', () => {
    expect(printRow('pods', pod({ phase: 'Pending' }), NOW)).toEqual({
      key: 'default/web',
      name: 'web',
      namespace: 'default',
      uid: 'u1',
      resourceVersion: '7',
      cells: ['web', '0/1', 'Pending', '0', '5s', '<none>', '<none>'],
    });
  });

  it('STATUS is the waiting reason: ContainerCreating, ImagePullBackOff', () => {
    const waiting = (reason: string): KubeObject =>
      pod({ phase: 'Pending', podIP: '10.244.1.5', containerStatuses: [{ name: 'web', ready: false, restartCount: 0, state: { waiting: { reason } } }] }, { spec: { nodeName: 'node-1', containers: [{ name: 'web' }] } });
    expect(cells('pods', waiting('ContainerCreating'))).toMatchObject({ READY: '0/1', STATUS: 'ContainerCreating', IP: '10.244.1.5', NODE: 'node-1' });
    expect(cells('pods', waiting('ImagePullBackOff'))).toMatchObject({ STATUS: 'ImagePullBackOff' });
  });

  it('a pod being deleted reads Terminating', () => {
    const p = pod({ phase: 'Running', containerStatuses: [{ name: 'web', ready: true, restartCount: 0, state: { running: {} } }] });
    p.metadata.deletionTimestamp = ago(1 * S);
    expect(cells('pods', p).STATUS).toBe('Terminating');
  });

  it('READY counts ready containers; RESTARTS sums them with the last restart\'s age', () => {
    const p = pod(
      {
        phase: 'Running',
        conditions: [{ type: 'Ready', status: 'False' }],
        containerStatuses: [
          { name: 'web', ready: true, restartCount: 0, state: { running: {} } },
          { name: 'side', ready: false, restartCount: 3, state: { waiting: { reason: 'CrashLoopBackOff' } }, lastState: { terminated: { exitCode: 1, finishedAt: ago(5 * M) } } },
        ],
      },
      {},
      ['web', 'side'],
    );
    expect(cells('pods', p)).toMatchObject({ READY: '1/2', STATUS: 'CrashLoopBackOff', RESTARTS: '3 (5m ago)' });
  });

  it('init containers show as Init:x/y', () => {
    const p = pod({ phase: 'Pending', initContainerStatuses: [{ name: 'init', ready: false, restartCount: 0, state: { running: {} } }] });
    (p['spec'] as Record<string, unknown>)['initContainers'] = [{ name: 'init' }];
    expect(cells('pods', p).STATUS).toBe('Init:0/1');
  });
});

describe('AGE (duration.HumanDuration, as kubectl prints it)', () => {
  const ns = (created: string): KubeObject => ({ metadata: { name: 'lab', uid: 'n', creationTimestamp: created }, status: { phase: 'Active' } });
  it.each([
    [5 * S, '5s'],
    [90 * S, '90s'],
    [3 * M, '3m'],
    [5 * M + 30 * S, '5m30s'],
    [2 * D, '2d'],
    [3 * D + 4 * 60 * M, '3d4h'],
  ])('%i ms → %s', (ms, age) => {
    expect(cells('namespaces', ns(ago(ms)))).toEqual({ NAME: 'lab', STATUS: 'Active', AGE: age });
  });
  it('no creationTimestamp → <unknown>', () => {
    expect(cells('namespaces', { metadata: { name: 'x' } }).AGE).toBe('<unknown>');
  });
});

describe('other kinds', () => {
  it('nodes: STATUS from the Ready condition, ROLES from node-role labels, VERSION', () => {
    const node: KubeObject = {
      metadata: { name: 'node-1', uid: 'n1', creationTimestamp: ago(3 * M), labels: { 'node-role.kubernetes.io/worker': '' } },
      spec: { unschedulable: true },
      status: { conditions: [{ type: 'Ready', status: 'True' }], nodeInfo: { kubeletVersion: 'v1.32.0' } },
    };
    expect(cells('nodes', node)).toEqual({ NAME: 'node-1', STATUS: 'Ready,SchedulingDisabled', ROLES: 'worker', AGE: '3m', VERSION: 'v1.32.0' });
  });

  it('deployments and replicasets: the replica counts kubectl shows', () => {
    const d: KubeObject = { metadata: { name: 'web', namespace: 'default', creationTimestamp: ago(10 * S) }, spec: { replicas: 3 }, status: { readyReplicas: 2, updatedReplicas: 3, availableReplicas: 2 } };
    expect(cells('deployments', d)).toEqual({ NAME: 'web', READY: '2/3', 'UP-TO-DATE': '3', AVAILABLE: '2', AGE: '10s' });
    const rs: KubeObject = { metadata: { name: 'web-5d8', namespace: 'default', creationTimestamp: ago(10 * S) }, spec: { replicas: 3 }, status: { replicas: 3, readyReplicas: 1 } };
    expect(cells('replicasets', rs)).toEqual({ NAME: 'web-5d8', DESIRED: '3', CURRENT: '3', READY: '1', AGE: '10s' });
  });

  it('services: TYPE, CLUSTER-IP, EXTERNAL-IP, PORT(S)', () => {
    const svc: KubeObject = {
      metadata: { name: 'web', namespace: 'default', creationTimestamp: ago(2 * M) },
      spec: { type: 'NodePort', clusterIP: '10.96.0.20', ports: [{ port: 80, nodePort: 30080, protocol: 'TCP' }] },
    };
    expect(cells('services', svc)).toEqual({ NAME: 'web', TYPE: 'NodePort', 'CLUSTER-IP': '10.96.0.20', 'EXTERNAL-IP': '<none>', 'PORT(S)': '80:30080/TCP', AGE: '2m' });
  });

  it('events: LAST SEEN TYPE REASON OBJECT MESSAGE, the message cut at a line break', () => {
    const ev: KubeObject = {
      metadata: { name: 'web.1', namespace: 'default' },
      involvedObject: { kind: 'Pod', name: 'web', namespace: 'default' },
      type: 'Warning',
      reason: 'FailedScheduling',
      message: 'no nodes available to schedule pods\nsecond line',
      lastTimestamp: ago(7 * S),
      firstTimestamp: ago(20 * S),
    };
    expect(cells('events', ev)).toEqual({ 'LAST SEEN': '7s', TYPE: 'Warning', REASON: 'FailedScheduling', OBJECT: 'pod/web', MESSAGE: 'no nodes available to schedule pods...' });
  });

  it('every kind prints exactly the contract columns', () => {
    for (const kind of RESOURCE_KINDS) expect(printRow(kind, { metadata: { name: 'x' } }, NOW).cells).toHaveLength(RESOURCE_COLUMNS[kind].length);
  });
});

describe('tables', () => {
  it('sorts by namespace then name and keeps the namespace only for namespaced kinds', () => {
    const mk = (namespace: string, name: string): KubeObject => ({ metadata: { name, namespace, creationTimestamp: ago(S) } });
    const t = printTable('pods', null, [mk('kube-system', 'b'), mk('default', 'z'), mk('default', 'a')], NOW);
    expect(t.rows.map((r) => r.key)).toEqual(['default/a', 'default/z', 'kube-system/b']);
    expect(t.columns).toEqual(['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE', 'IP', 'NODE']);
    expect(printTable('nodes', 'default', [], NOW).namespace).toBeNull();
  });

  it('cells print like kubectl: nil empty, numbers as digits, strings to the first line break', () => {
    expect([formatCell(null), formatCell(undefined), formatCell(3), formatCell('a\r\nb'), formatCell('one')]).toEqual(['', '', '3', 'a...', 'one']);
  });
});
