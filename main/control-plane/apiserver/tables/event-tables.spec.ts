import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../common/kube-types.js';
import { eventTable, eventsV1Table } from './event-tables.js';

const now = new Date('2024-05-01T12:00:00Z');

describe('eventTable (core/v1)', () => {
  it('declares LAST SEEN TYPE REASON OBJECT MESSAGE with the rest at priority 1', () => {
    expect(eventTable.columns.map((c) => `${c.name}:${c.priority}`)).toEqual([
      'Last Seen:0',
      'Type:0',
      'Reason:0',
      'Object:0',
      'Subobject:1',
      'Source:1',
      'Message:0',
      'First Seen:1',
      'Count:1',
      'Name:1',
    ]);
  });

  it('prints a kubelet event', () => {
    const event: KubeObject = {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: 'web-0.17c8a', namespace: 'default' },
      involvedObject: { kind: 'Pod', name: 'web-0', namespace: 'default', fieldPath: 'spec.containers{app}' },
      reason: 'BackOff',
      message: 'Back-off restarting failed container app in pod web-0_default(uid)\n',
      source: { component: 'kubelet', host: 'node-1' },
      firstTimestamp: '2024-05-01T11:50:00Z',
      lastTimestamp: '2024-05-01T11:58:00Z',
      count: 7,
      type: 'Warning',
    };
    expect(eventTable.row(event, now)).toEqual([
      '2m',
      'Warning',
      'BackOff',
      'pod/web-0',
      'spec.containers{app}',
      'kubelet, node-1',
      'Back-off restarting failed container app in pod web-0_default(uid)',
      '10m',
      7,
      'web-0.17c8a',
    ]);
  });

  it('falls back to eventTime, the reporting controller and a count of 1 for new-style events', () => {
    const event: KubeObject = {
      metadata: { name: 'sched.1' },
      involvedObject: { kind: 'Pod', name: 'web-1' },
      reason: 'Scheduled',
      message: 'Successfully assigned default/web-1 to node-2',
      eventTime: '2024-05-01T11:59:15.123456Z',
      reportingComponent: 'default-scheduler',
      reportingInstance: 'default-scheduler-cp-1',
      type: 'Normal',
    };
    const row = eventTable.row(event, now);
    expect(row.slice(0, 4)).toEqual(['44s', 'Normal', 'Scheduled', 'pod/web-1']);
    expect(row.slice(5)).toEqual([
      'default-scheduler, default-scheduler-cp-1',
      'Successfully assigned default/web-1 to node-2',
      '44s',
      1,
      'sched.1',
    ]);
  });

  it('prints the kind alone when the involved object has no name, and <unknown> without times', () => {
    const event: KubeObject = { metadata: { name: 'x' }, involvedObject: { kind: 'Node' }, type: 'Normal', reason: 'Starting' };
    expect(eventTable.row(event, now).slice(0, 4)).toEqual(['<unknown>', 'Normal', 'Starting', 'node']);
  });
});

describe('eventsV1Table (events.k8s.io/v1)', () => {
  it('reads regarding, note and series', () => {
    const event: KubeObject = {
      apiVersion: 'events.k8s.io/v1',
      kind: 'Event',
      metadata: { name: 'web-0.abc' },
      eventTime: '2024-05-01T11:00:00.000000Z',
      series: { count: 12, lastObservedTime: '2024-05-01T11:59:30.000000Z' },
      reportingController: 'kubelet',
      reportingInstance: 'node-1',
      action: 'Pulling',
      reason: 'Pulling',
      regarding: { kind: 'Pod', name: 'web-0', fieldPath: 'spec.containers{app}' },
      note: 'Pulling image "nginx"',
      type: 'Normal',
    };
    expect(eventsV1Table.row(event, now)).toEqual([
      '30s',
      'Normal',
      'Pulling',
      'pod/web-0',
      'spec.containers{app}',
      'kubelet, node-1',
      'Pulling image "nginx"',
      '60m',
      12,
      'web-0.abc',
    ]);
  });
});
