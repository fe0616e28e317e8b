import { describe, expect, it } from 'vitest';
import { compileNodeSelectorMap, compileTerm, compileTerms, firstUntolerated, toleratesTaint } from './node-selector.js';

const node = (labels: Record<string, string>, name = 'n1') => ({ name, labels });

describe('node selector terms', () => {
  it('In, NotIn, Exists, DoesNotExist', () => {
    const n = node({ zone: 'a', ssd: 'true' });
    expect(compileTerm({ matchExpressions: [{ key: 'zone', operator: 'In', values: ['a', 'b'] }] })(n)).toBe(true);
    expect(compileTerm({ matchExpressions: [{ key: 'zone', operator: 'NotIn', values: ['a'] }] })(n)).toBe(false);
    expect(compileTerm({ matchExpressions: [{ key: 'missing', operator: 'NotIn', values: ['a'] }] })(n)).toBe(true);
    expect(compileTerm({ matchExpressions: [{ key: 'ssd', operator: 'Exists' }] })(n)).toBe(true);
    expect(compileTerm({ matchExpressions: [{ key: 'ssd', operator: 'DoesNotExist' }] })(n)).toBe(false);
  });

  it('Gt and Lt compare integers; a non-integer label never matches', () => {
    expect(compileTerm({ matchExpressions: [{ key: 'gen', operator: 'Gt', values: ['4'] }] })(node({ gen: '5' }))).toBe(true);
    expect(compileTerm({ matchExpressions: [{ key: 'gen', operator: 'Gt', values: ['4'] }] })(node({ gen: '4' }))).toBe(false);
    expect(compileTerm({ matchExpressions: [{ key: 'gen', operator: 'Lt', values: ['-1'] }] })(node({ gen: '-2' }))).toBe(true);
    expect(compileTerm({ matchExpressions: [{ key: 'gen', operator: 'Gt', values: ['4'] }] })(node({ gen: '5.0' }))).toBe(false);
    expect(compileTerm({ matchExpressions: [{ key: 'gen', operator: 'Gt', values: ['x'] }] })(node({ gen: '5' }))).toBe(false);
  });

  it('requirements AND within a term, terms OR; an empty term matches nothing', () => {
    const terms = [{ matchExpressions: [{ key: 'a', operator: 'Exists' }, { key: 'b', operator: 'Exists' }] }, { matchFields: [{ key: 'metadata.name', operator: 'In', values: ['special'] }] }];
    expect(compileTerms(terms)(node({ a: '1' }))).toBe(false);
    expect(compileTerms(terms)(node({ a: '1', b: '2' }))).toBe(true);
    expect(compileTerms(terms)(node({}, 'special'))).toBe(true);
    expect(compileTerm({})(node({}))).toBe(false);
    expect(compileTerms([])(node({}))).toBe(false);
  });

  it('nodeSelector requires every label', () => {
    expect(compileNodeSelectorMap({ disk: 'ssd' })(node({ disk: 'ssd', x: 'y' }))).toBe(true);
    expect(compileNodeSelectorMap({ disk: 'ssd' })(node({ disk: 'hdd' }))).toBe(false);
    expect(compileNodeSelectorMap(undefined)(node({}))).toBe(true);
  });
});

describe('tolerations', () => {
  const taint = { key: 'dedicated', value: 'gpu', effect: 'NoSchedule' };
  it('matches key, value and effect as ToleratesTaint does', () => {
    expect(toleratesTaint({ key: 'dedicated', operator: 'Equal', value: 'gpu', effect: 'NoSchedule' }, taint)).toBe(true);
    expect(toleratesTaint({ key: 'dedicated', value: 'gpu' }, taint)).toBe(true);
    expect(toleratesTaint({ key: 'dedicated', operator: 'Equal', value: 'cpu' }, taint)).toBe(false);
    expect(toleratesTaint({ key: 'dedicated', operator: 'Exists' }, taint)).toBe(true);
    expect(toleratesTaint({ operator: 'Exists' }, taint)).toBe(true);
    expect(toleratesTaint({ key: 'dedicated', operator: 'Exists', effect: 'NoExecute' }, taint)).toBe(false);
  });

  it('reports the first untolerated taint in node order', () => {
    const taints = [taint, { key: 'b', effect: 'NoExecute' }, { key: 'c', effect: 'NoSchedule' }];
    expect(firstUntolerated(taints, [{ key: 'dedicated', operator: 'Exists' }])?.key).toBe('b');
    expect(firstUntolerated(taints, [{ operator: 'Exists' }])).toBeUndefined();
  });
});
