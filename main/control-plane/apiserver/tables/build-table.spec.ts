import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../common/kube-types.js';
import { buildTable, createTableWatchEncoder, parseTableOptions } from './build-table.js';
import { defaultTable } from './default-table.js';
import { tableFor, tablesByResource } from './index.js';
import { podTable } from './pod-table.js';

const now = new Date('2024-05-01T12:00:00Z');

const pod = (name: string, phase: string): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'default', resourceVersion: '41', labels: { app: 'web' }, creationTimestamp: '2024-05-01T11:59:00Z' },
  spec: { containers: [{ name: 'app', image: 'nginx' }] },
  status: { phase },
});

describe('buildTable', () => {
  it('returns a meta.k8s.io/v1 Table with PartialObjectMetadata rows by default (kubectl)', () => {
    const table = buildTable(podTable, [pod('a', 'Running')], {
      now,
      includeObject: 'Metadata',
      listMeta: { resourceVersion: '100', continue: '' },
    });
    expect(table.kind).toBe('Table');
    expect(table.apiVersion).toBe('meta.k8s.io/v1');
    expect(table.metadata).toEqual({ resourceVersion: '100' });
    expect(table.columnDefinitions?.length).toBe(9);
    expect(table.rows).toEqual([
      {
        cells: ['a', '0/1', 'Running', '0', '60s', '<none>', '<none>', '<none>', '<none>'],
        object: {
          kind: 'PartialObjectMetadata',
          apiVersion: 'meta.k8s.io/v1',
          metadata: pod('a', 'Running').metadata,
        },
      },
    ]);
    // Field order matches metav1.Table / TableRow, which kubectl does not care about but humans diffing do.
    expect(Object.keys(table)).toEqual(['kind', 'apiVersion', 'metadata', 'columnDefinitions', 'rows']);
  });

  it('embeds the full object for Object, null for None, and row conditions for finished pods', () => {
    const full = buildTable(podTable, [pod('done', 'Succeeded')], { now, includeObject: 'Object', listMeta: {} });
    expect(full.rows[0]?.object).toEqual(pod('done', 'Succeeded'));
    expect(full.rows[0]?.conditions?.[0]).toMatchObject({ type: 'Completed', status: 'True', reason: 'Succeeded' });
    expect(Object.keys(full.rows[0] ?? {})).toEqual(['cells', 'conditions', 'object']);
    expect(full.metadata).toEqual({});

    const none = buildTable(podTable, [pod('a', 'Running')], { now, includeObject: 'None', listMeta: {} });
    expect(none.rows[0]?.object).toBeNull();
    expect(JSON.stringify(none.rows[0])).toContain('"object":null');
  });

  it('carries list paging metadata and the object resourceVersion for a single GET', () => {
    const page = buildTable(podTable, [], { now, includeObject: 'Metadata', listMeta: { resourceVersion: '7', continue: 'abc', remainingItemCount: 3 } });
    expect(page.metadata).toEqual({ resourceVersion: '7', continue: 'abc', remainingItemCount: 3 });
    expect(page.rows).toEqual([]);
    const single = buildTable(podTable, [pod('a', 'Running')], { now, includeObject: 'Metadata' });
    expect(single.metadata).toEqual({ resourceVersion: '41' });
  });
});

describe('createTableWatchEncoder', () => {
  it('sends column definitions with the first event only', () => {
    const encode = createTableWatchEncoder(podTable, { includeObject: 'Metadata' });
    const first = encode(pod('a', 'Pending'), now);
    const second = encode(pod('a', 'Running'), now);
    expect(first.columnDefinitions?.map((c) => c.name)).toContain('Restarts');
    expect(second.columnDefinitions).toBeNull();
    expect(JSON.stringify(second)).toContain('"columnDefinitions":null');
    expect(second.rows[0]?.cells[2]).toBe('Running');
    expect(second.metadata).toEqual({ resourceVersion: '41' });
  });
});

describe('parseTableOptions', () => {
  it('defaults to Metadata and rejects unknown values like kube', () => {
    expect(parseTableOptions(new URLSearchParams(''))).toEqual({ ok: true, includeObject: 'Metadata' });
    expect(parseTableOptions(new URLSearchParams('includeObject=Object'))).toEqual({ ok: true, includeObject: 'Object' });
    expect(parseTableOptions(new URLSearchParams('includeObject=None'))).toEqual({ ok: true, includeObject: 'None' });
    const bad = parseTableOptions(new URLSearchParams('includeObject=All'));
    expect(bad.ok).toBe(false);
    if (!bad.ok) {
      expect(bad.status.code).toBe(400);
      expect(bad.status.reason).toBe('BadRequest');
      expect(bad.status.message).toBe(
        `Unable to convert to Table as requested: includeObject: Invalid value: "All": must be 'Metadata', 'Object', 'None', or empty`,
      );
    }
  });
});

describe('default table and lookup', () => {
  it('prints NAME and Created At for kinds without a printer', () => {
    const role: KubeObject = { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'admin', creationTimestamp: '2024-04-01T08:30:00Z' } };
    expect(tableFor('rbac.authorization.k8s.io', 'clusterroles')).toBe(defaultTable);
    expect(defaultTable.columns.map((c) => [c.name, c.type, c.format])).toEqual([
      ['Name', 'string', 'name'],
      ['Created At', 'date', ''],
    ]);
    expect(defaultTable.row(role, now)).toEqual(['admin', '2024-04-01T08:30:00Z']);
  });

  it('finds printers by group and plural, keeping the two event APIs apart', () => {
    expect(tableFor('', 'pods')).toBe(podTable);
    expect(tableFor('apps', 'deployments')).toBe(tablesByResource['deployments']);
    expect(tableFor('events.k8s.io', 'events')).not.toBe(tableFor('', 'events'));
    expect(tableFor('example.com', 'pods')).toBe(defaultTable);
    expect(Object.keys(tablesByResource).sort()).toEqual(
      [
        'configmaps',
        'cronjobs',
        'daemonsets',
        'deployments',
        'endpoints',
        'endpointslices',
        'events',
        'jobs',
        'leases',
        'namespaces',
        'nodes',
        'pods',
        'replicasets',
        'replicationcontrollers',
        'secrets',
        'serviceaccounts',
        'services',
        'statefulsets',
      ].sort(),
    );
  });
});
