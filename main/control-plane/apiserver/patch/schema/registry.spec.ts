import { describe, expect, it } from 'vitest';
import { childNode, isKnownKind, patchMetaTable, schemaFor, zeroValue } from './registry.js';

describe('merge schema tables', () => {
  it('lists the strategic merge tags of a Deployment, pod template included', () => {
    const table = patchMetaTable('apps/v1', 'Deployment');
    expect(table['metadata.finalizers']).toEqual({ patchStrategy: 'merge' });
    expect(table['metadata.ownerReferences']).toEqual({ patchStrategy: 'merge', patchMergeKey: 'uid' });
    expect(table['spec.strategy']).toEqual({ patchStrategy: 'retainKeys' });
    expect(table['spec.template.spec.containers']).toEqual({ patchStrategy: 'merge', patchMergeKey: 'name' });
    expect(table['spec.template.spec.containers[].ports']).toEqual({ patchStrategy: 'merge', patchMergeKey: 'containerPort' });
    expect(table['spec.template.spec.containers[].env']).toEqual({ patchStrategy: 'merge', patchMergeKey: 'name' });
    expect(table['spec.template.spec.containers[].volumeMounts']).toEqual({ patchStrategy: 'merge', patchMergeKey: 'mountPath' });
    expect(table['spec.template.spec.volumes']).toEqual({ patchStrategy: 'merge,retainKeys', patchMergeKey: 'name' });
    expect(table['spec.template.spec.hostAliases']).toEqual({ patchStrategy: 'merge', patchMergeKey: 'ip' });
    expect(table['spec.template.spec.topologySpreadConstraints']).toEqual({ patchStrategy: 'merge', patchMergeKey: 'topologyKey' });
    expect(table['spec.template.spec.tolerations']).toBeUndefined();
    expect(table['status.conditions']).toEqual({ patchStrategy: 'merge', patchMergeKey: 'type' });
  });

  it('covers Service, Node, ServiceAccount and leaves Endpoints subsets atomic', () => {
    expect(patchMetaTable('v1', 'Service')['spec.ports']).toEqual({ patchStrategy: 'merge', patchMergeKey: 'port' });
    expect(patchMetaTable('v1', 'Node')['spec.podCIDRs']).toEqual({ patchStrategy: 'merge' });
    expect(patchMetaTable('v1', 'ServiceAccount').secrets).toEqual({ patchStrategy: 'merge', patchMergeKey: 'name' });
    expect(patchMetaTable('v1', 'Endpoints').subsets).toBeUndefined();
    expect(isKnownKind('coordination.k8s.io/v1', 'Lease')).toBe(true);
    expect(isKnownKind('example.com/v1', 'Widget')).toBe(false);
  });

  it('gives server-side apply the list map keys, with defaults', () => {
    const container = childNode(childNode(childNode(schemaFor('v1', 'Pod'), 'spec', {}), 'containers', []), '', {});
    const ports = childNode(container, 'ports', []);
    expect(ports).toMatchObject({ kind: 'list', listType: 'map', keys: ['containerPort', 'protocol'], keyDefaults: { protocol: 'TCP' } });
    expect(childNode(container, 'command', [])).toMatchObject({ kind: 'list', listType: 'atomic' });
  });

  it('builds the Go zero value the field manager diffs a create against', () => {
    expect(zeroValue(schemaFor('apps/v1', 'Deployment'))).toEqual({
      metadata: {},
      spec: { selector: null, template: { metadata: {}, spec: { containers: null } }, strategy: {} },
      status: {},
    });
  });
});
