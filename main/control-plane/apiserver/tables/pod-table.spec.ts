import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../common/kube-types.js';
import { podTable } from './pod-table.js';

const now = new Date('2024-05-01T12:00:00Z');
const ago = (ms: number): string => new Date(now.getTime() - ms).toISOString();
const MIN = 60_000;

function pod(spec: Record<string, unknown>, status: Record<string, unknown>, meta: Partial<KubeObject['metadata']> = {}): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'web-0', namespace: 'default', creationTimestamp: ago(10 * MIN), ...meta },
    spec: { containers: [{ name: 'app', image: 'nginx' }], ...spec },
    status,
  };
}

const running = (name: string, restartCount = 0, extra: Record<string, unknown> = {}) => ({
  name,
  ready: true,
  restartCount,
  started: true,
  state: { running: { startedAt: ago(5 * MIN) } },
  ...extra,
});

const waiting = (name: string, reason: string, extra: Record<string, unknown> = {}) => ({
  name,
  ready: false,
  restartCount: 0,
  state: { waiting: { reason } },
  ...extra,
});

describe('podTable columns', () => {
  it('declares kube 1.32 pod columns with wide ones at priority 1', () => {
    expect(podTable.columns.map((c) => [c.name, c.type, c.priority])).toEqual([
      ['Name', 'string', 0],
      ['Ready', 'string', 0],
      ['Status', 'string', 0],
      ['Restarts', 'string', 0],
      ['Age', 'string', 0],
      ['IP', 'string', 1],
      ['Node', 'string', 1],
      ['Nominated Node', 'string', 1],
      ['Readiness Gates', 'string', 1],
    ]);
    expect(podTable.columns[0]?.format).toBe('name');
  });
});

describe('podTable rows', () => {
  it('prints a Pending pod with no node and no IP', () => {
    const row = podTable.row(pod({}, { phase: 'Pending', qosClass: 'BestEffort' }), now);
    expect(row).toEqual(['web-0', '0/1', 'Pending', '0', '10m', '<none>', '<none>', '<none>', '<none>']);
  });

  it('prints ErrImagePull from one of two containers with READY 1/2', () => {
    const p = pod(
      { containers: [{ name: 'app' }, { name: 'sidecar' }], nodeName: 'node-1' },
      {
        phase: 'Pending',
        podIP: '10.1.0.5',
        podIPs: [{ ip: '10.1.0.5' }],
        containerStatuses: [running('app'), waiting('sidecar', 'ErrImagePull')],
      },
    );
    expect(podTable.row(p, now).slice(0, 7)).toEqual(['web-0', '1/2', 'ErrImagePull', '0', '10m', '10.1.0.5', 'node-1']);
  });

  it('prints CrashLoopBackOff with restarts and the age of the last termination', () => {
    const p = pod(
      { nodeName: 'node-1' },
      {
        phase: 'Running',
        containerStatuses: [
          waiting('app', 'CrashLoopBackOff', {
            restartCount: 5,
            lastState: { terminated: { exitCode: 1, reason: 'Error', finishedAt: ago(2 * MIN) } },
          }),
        ],
      },
    );
    expect(podTable.row(p, now).slice(1, 4)).toEqual(['0/1', 'CrashLoopBackOff', '5 (2m ago)']);
  });

  it('prints restarts without a suffix when no termination time is known', () => {
    const p = pod({}, { phase: 'Running', containerStatuses: [running('app', 3)] });
    expect(podTable.row(p, now)[3]).toBe('3');
  });

  it('prints Running with READY 1/1 and the newest restart across containers', () => {
    const p = pod(
      { containers: [{ name: 'a' }, { name: 'b' }] },
      {
        phase: 'Running',
        containerStatuses: [
          running('a', 1, { lastState: { terminated: { exitCode: 137, finishedAt: ago(90 * MIN) } } }),
          running('b', 2, { lastState: { terminated: { exitCode: 1, finishedAt: ago(45_000) } } }),
        ],
      },
    );
    expect(podTable.row(p, now).slice(1, 4)).toEqual(['2/2', 'Running', '3 (45s ago)']);
  });

  it.each([
    [{ terminated: { exitCode: 0, reason: 'Completed' } }, 'Succeeded', 'Completed'],
    [{ terminated: { exitCode: 1, reason: 'Error' } }, 'Failed', 'Error'],
    [{ terminated: { exitCode: 137, reason: 'OOMKilled' } }, 'Running', 'OOMKilled'],
    [{ terminated: { exitCode: 2 } }, 'Failed', 'ExitCode:2'],
    [{ terminated: { exitCode: 0, signal: 9 } }, 'Failed', 'Signal:9'],
    [{ waiting: { reason: 'ContainerCreating' } }, 'Pending', 'ContainerCreating'],
    [{ waiting: { reason: 'ImagePullBackOff', message: 'Back-off pulling image' } }, 'Pending', 'ImagePullBackOff'],
  ])('prints container state %j as %s → %s', (state, phase, expected) => {
    const p = pod({}, { phase, containerStatuses: [{ name: 'app', ready: false, restartCount: 0, state }] });
    expect(podTable.row(p, now)[2]).toBe(expected);
  });

  it('turns Completed back into Running while another container is ready', () => {
    const status = (ready: boolean) => ({
      phase: 'Running',
      conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }],
      containerStatuses: [
        { name: 'job', ready: false, restartCount: 0, state: { terminated: { exitCode: 0, reason: 'Completed' } } },
        running('server'),
      ],
    });
    const spec = { containers: [{ name: 'job' }, { name: 'server' }] };
    expect(podTable.row(pod(spec, status(true)), now).slice(1, 3)).toEqual(['1/2', 'Running']);
    expect(podTable.row(pod(spec, status(false)), now).slice(1, 3)).toEqual(['1/2', 'NotReady']);
  });

  it('prints Terminating when a running pod has a deletionTimestamp, but keeps a finished phase', () => {
    const deleting = { deletionTimestamp: ago(5_000) };
    const live = pod({}, { phase: 'Running', containerStatuses: [running('app')] }, deleting);
    expect(podTable.row(live, now)[2]).toBe('Terminating');
    const done = pod(
      {},
      { phase: 'Succeeded', containerStatuses: [{ name: 'app', state: { terminated: { exitCode: 0, reason: 'Completed' } } }] },
      deleting,
    );
    expect(podTable.row(done, now)[2]).toBe('Completed');
  });

  it('prints Unknown for a pod being deleted off an unreachable node, NodeLost before that', () => {
    const status = { phase: 'Running', reason: 'NodeLost', containerStatuses: [{ name: 'app', ready: false, state: {} }] };
    expect(podTable.row(pod({}, status), now)[2]).toBe('NodeLost');
    expect(podTable.row(pod({}, status, { deletionTimestamp: ago(0) }), now)[2]).toBe('Unknown');
  });

  it('prints Evicted and SchedulingGated from the pod status', () => {
    expect(podTable.row(pod({}, { phase: 'Failed', reason: 'Evicted' }), now)[2]).toBe('Evicted');
    const gated = { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'SchedulingGated' }] };
    expect(podTable.row(pod({ schedulingGates: [{ name: 'g' }] }, gated), now)[2]).toBe('SchedulingGated');
  });
});

describe('podTable init containers', () => {
  const spec = { initContainers: [{ name: 'init' }], containers: [{ name: 'app' }] };
  const appWaiting = { name: 'app', ready: false, restartCount: 0, state: { waiting: { reason: 'PodInitializing' } } };

  it('prints Init:0/1 while the first init container runs', () => {
    const p = pod(spec, {
      phase: 'Pending',
      initContainerStatuses: [{ name: 'init', ready: false, restartCount: 0, state: { running: {} } }],
      containerStatuses: [appWaiting],
    });
    expect(podTable.row(p, now).slice(1, 4)).toEqual(['0/1', 'Init:0/1', '0']);
  });

  it('prints Init:ErrImagePull, Init:Error, Init:CrashLoopBackOff and Init:ExitCode', () => {
    const withInit = (state: Record<string, unknown>, restartCount = 0) =>
      pod(spec, { phase: 'Pending', initContainerStatuses: [{ name: 'init', restartCount, state }], containerStatuses: [appWaiting] });
    expect(podTable.row(withInit({ waiting: { reason: 'ErrImagePull' } }), now)[2]).toBe('Init:ErrImagePull');
    expect(podTable.row(withInit({ terminated: { exitCode: 1, reason: 'Error' } }), now)[2]).toBe('Init:Error');
    expect(podTable.row(withInit({ terminated: { exitCode: 3 } }), now)[2]).toBe('Init:ExitCode:3');
    // Init container restarts count while the pod is still initializing.
    expect(podTable.row(withInit({ waiting: { reason: 'CrashLoopBackOff' } }, 4), now).slice(2, 4)).toEqual([
      'Init:CrashLoopBackOff',
      '4',
    ]);
  });

  it('moves to the second init container once the first completed', () => {
    const p = pod(
      { initContainers: [{ name: 'a' }, { name: 'b' }], containers: [{ name: 'app' }] },
      {
        phase: 'Pending',
        initContainerStatuses: [
          { name: 'a', restartCount: 0, state: { terminated: { exitCode: 0, reason: 'Completed' } } },
          { name: 'b', restartCount: 0, state: { waiting: { reason: 'PodInitializing' } } },
        ],
      },
    );
    expect(podTable.row(p, now)[2]).toBe('Init:1/2');
  });

  it('counts a started sidecar (restartPolicy Always) in READY and its restarts after init', () => {
    const p = pod(
      { initContainers: [{ name: 'proxy', restartPolicy: 'Always' }], containers: [{ name: 'app' }] },
      {
        phase: 'Running',
        conditions: [{ type: 'Initialized', status: 'True' }],
        initContainerStatuses: [
          running('proxy', 2, { lastState: { terminated: { exitCode: 1, finishedAt: ago(3 * MIN) } } }),
        ],
        containerStatuses: [running('app')],
      },
    );
    expect(podTable.row(p, now).slice(1, 4)).toEqual(['2/2', 'Running', '2 (3m ago)']);
  });
});

describe('podTable wide cells and conditions', () => {
  it('prints IP, node, nominated node and readiness gates', () => {
    const p = pod(
      { nodeName: 'node-2', readinessGates: [{ conditionType: 'example.com/lb' }, { conditionType: 'example.com/dns' }] },
      {
        phase: 'Running',
        podIPs: [{ ip: 'fd00::5' }],
        nominatedNodeName: 'node-3',
        conditions: [
          { type: 'example.com/lb', status: 'True' },
          { type: 'example.com/dns', status: 'False' },
        ],
        containerStatuses: [running('app')],
      },
    );
    expect(podTable.row(p, now).slice(5)).toEqual(['fd00::5', 'node-2', 'node-3', '1/2']);
  });

  it('marks Succeeded and Failed rows Completed, others not', () => {
    expect(podTable.conditions?.(pod({}, { phase: 'Succeeded' }))).toEqual([
      { type: 'Completed', status: 'True', reason: 'Succeeded', message: 'The pod has completed successfully.' },
    ]);
    expect(podTable.conditions?.(pod({}, { phase: 'Failed' }))?.[0]?.reason).toBe('Failed');
    expect(podTable.conditions?.(pod({}, { phase: 'Running' }))).toBeUndefined();
  });
});
