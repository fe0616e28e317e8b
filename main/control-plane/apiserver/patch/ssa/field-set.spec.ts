import { describe, expect, it } from 'vitest';
import { FieldSet, fromFieldsV1, toFieldsV1 } from './field-set.js';
import { comparePE, fieldPE, keyPE, pathString, valuePE } from './fieldpath.js';

describe('fieldpath', () => {
  it('prints paths like fieldpath.Path.String()', () => {
    expect(pathString([fieldPE('spec'), fieldPE('containers'), keyPE({ name: 'nginx' }), fieldPE('image')])).toBe('.spec.containers[name="nginx"].image');
    expect(pathString([fieldPE('spec'), fieldPE('ports'), keyPE({ protocol: 'TCP', port: 80 })])).toBe('.spec.ports[port=80,protocol="TCP"]');
    expect(pathString([fieldPE('metadata'), fieldPE('finalizers'), valuePE('a')])).toBe('.metadata.finalizers[="a"]');
  });

  it('orders fields before keys before values, keys by their fields and values', () => {
    const sorted = [valuePE('b'), keyPE({ containerPort: 8080 }), fieldPE('b'), keyPE({ containerPort: 80 }), fieldPE('a'), valuePE(1)].sort(comparePE);
    expect(sorted).toEqual(['f:a', 'f:b', 'k:{"containerPort":80}', 'k:{"containerPort":8080}', 'v:1', 'v:"b"']);
  });
});

describe('FieldSet and FieldsV1', () => {
  const raw = {
    'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } },
    'f:spec': { 'f:containers': { 'k:{"name":"a"}': { '.': {}, 'f:image': {} } }, 'f:replicas': {} },
  };

  it('round-trips FieldsV1, "." marking nodes that are members with children', () => {
    const set = fromFieldsV1(raw);
    expect(set.has([fieldPE('metadata'), fieldPE('labels')])).toBe(true);
    expect(set.has([fieldPE('metadata')])).toBe(false);
    expect(set.has([fieldPE('spec'), fieldPE('containers'), keyPE({ name: 'a' })])).toBe(true);
    expect(toFieldsV1(set)).toEqual(raw);
  });

  it('canonicalises key spelling so parsed and computed paths meet', () => {
    const set = fromFieldsV1({ 'f:ports': { 'k:{"protocol":"TCP","containerPort":80}': {} } });
    expect(set.has([fieldPE('ports'), keyPE({ containerPort: 80, protocol: 'TCP' })])).toBe(true);
  });

  it('computes union, difference and intersection on exact paths', () => {
    const a = FieldSet.of([[fieldPE('spec'), fieldPE('replicas')], [fieldPE('spec'), fieldPE('paused')]]);
    const b = FieldSet.of([[fieldPE('spec'), fieldPE('replicas')], [fieldPE('spec')]]);
    expect(a.difference(b).paths()).toEqual([[fieldPE('spec'), fieldPE('paused')]]);
    expect(a.intersection(b).paths()).toEqual([[fieldPE('spec'), fieldPE('replicas')]]);
    expect(a.union(b).paths()).toEqual([[fieldPE('spec')], [fieldPE('spec'), fieldPE('paused')], [fieldPE('spec'), fieldPE('replicas')]]);
    expect(a.withoutPrefix([fieldPE('spec')]).isEmpty()).toBe(true);
  });
});
