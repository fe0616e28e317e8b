import { describe, expect, it } from 'vitest';
import { RESOURCE_COLUMNS, RESOURCE_KINDS } from '../common/bridge/contract.js';
import type { KubeObject } from '../common/kube-types.js';
import { formatCell, kindOf, kubectlName, printRow, printTable } from './resource-rows.js';

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

  it('replicationcontrollers: NAME DESIRED CURRENT READY AGE (kubectl get rc)', () => {
    const rc: KubeObject = { metadata: { name: 'rc1', namespace: 'default', creationTimestamp: ago(2 * S) }, spec: { replicas: 2, selector: { app: 'rc1' } }, status: { replicas: 2, readyReplicas: 0 } };
    expect(cells('replicationcontrollers', rc)).toEqual({ NAME: 'rc1', DESIRED: '2', CURRENT: '2', READY: '0', AGE: '2s' });
  });

  it('daemonsets: the five counts and NODE SELECTOR (kubectl get ds)', () => {
    const ds: KubeObject = {
      metadata: { name: 'ds1', namespace: 'default', creationTimestamp: ago(2 * S) },
      spec: { template: { spec: { nodeSelector: { disk: 'ssd' }, containers: [{ name: 'c', image: 'nginx' }] } } },
      status: { desiredNumberScheduled: 0, currentNumberScheduled: 0, numberReady: 0, updatedNumberScheduled: 0, numberAvailable: 0 },
    };
    expect(cells('daemonsets', ds)).toEqual({ NAME: 'ds1', DESIRED: '0', CURRENT: '0', READY: '0', 'UP-TO-DATE': '0', AVAILABLE: '0', 'NODE SELECTOR': 'disk=ssd', AGE: '2s' });
  });

  it('endpoints: NAME ENDPOINTS AGE, <none> without addresses', () => {
    const none: KubeObject = { metadata: { name: 'web', namespace: 'default', creationTimestamp: ago(2 * S) } };
    expect(cells('endpoints', none)).toEqual({ NAME: 'web', ENDPOINTS: '<none>', AGE: '2s' });
    const two: KubeObject = { ...none, subsets: [{ addresses: [{ ip: '10.244.1.2' }, { ip: '10.244.1.3' }], ports: [{ port: 80 }] }] };
    expect(cells('endpoints', two).ENDPOINTS).toBe('10.244.1.2:80,10.244.1.3:80');
  });

  it('configmaps and secrets: DATA counts keys (data and binaryData), secrets add TYPE', () => {
    const cm: KubeObject = { metadata: { name: 'cm1', namespace: 'default', creationTimestamp: ago(4 * S) }, data: { a: '1', b: '2' } };
    expect(cells('configmaps', cm)).toEqual({ NAME: 'cm1', DATA: '2', AGE: '4s' });
    const secret: KubeObject = { metadata: { name: 's1', namespace: 'default', creationTimestamp: ago(4 * S) }, type: 'Opaque', data: { x: 'eQ==' } };
    expect(cells('secrets', secret)).toEqual({ NAME: 's1', TYPE: 'Opaque', DATA: '1', AGE: '4s' });
  });

  it('the columns are kubectl 1.32\'s for every kind', () => {
    // copied from `kubectl get KIND` against a lab (pods with -o wide's IP and NODE)
    expect(RESOURCE_COLUMNS).toEqual({
      namespaces: ['NAME', 'STATUS', 'AGE'],
      pods: ['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE', 'IP', 'NODE'],
      replicasets: ['NAME', 'DESIRED', 'CURRENT', 'READY', 'AGE'],
      replicationcontrollers: ['NAME', 'DESIRED', 'CURRENT', 'READY', 'AGE'],
      deployments: ['NAME', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'AGE'],
      daemonsets: ['NAME', 'DESIRED', 'CURRENT', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'NODE SELECTOR', 'AGE'],
      services: ['NAME', 'TYPE', 'CLUSTER-IP', 'EXTERNAL-IP', 'PORT(S)', 'AGE'],
      endpoints: ['NAME', 'ENDPOINTS', 'AGE'],
      nodes: ['NAME', 'STATUS', 'ROLES', 'AGE', 'VERSION'],
      events: ['LAST SEEN', 'TYPE', 'REASON', 'OBJECT', 'MESSAGE'],
      configmaps: ['NAME', 'DATA', 'AGE'],
      secrets: ['NAME', 'TYPE', 'DATA', 'AGE'],
    });
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

describe('kinds by API kind, and kubectl\'s names for objects', () => {
  it('maps an ownerReference\'s apiVersion and kind onto a listed kind, or null', () => {
    expect(kindOf('apps/v1', 'ReplicaSet')).toBe('replicasets');
    expect(kindOf('apps/v1', 'Deployment')).toBe('deployments');
    expect(kindOf('v1', 'ReplicationController')).toBe('replicationcontrollers');
    expect(kindOf('apps/v1', 'DaemonSet')).toBe('daemonsets');
    expect(kindOf('batch/v1', 'Job')).toBeNull();
    expect(kindOf('extensions/v1beta1', 'ReplicaSet')).toBeNull();
  });

  it('names objects as kubectl\'s messages do: kind.group/name', () => {
    expect(kubectlName('deployments', 'web')).toBe('deployment.apps/web');
    expect(kubectlName('replicationcontrollers', 'rc1')).toBe('replicationcontroller/rc1');
    expect(kubectlName('pods', 'web')).toBe('pod/web');
  });
});
