import { describe, expect, it } from 'vitest';
import { matchesRequirements, parseFieldSelector, parseLabelSelector, selectorMatches, SelectorParseError } from './label-selector.js';

describe('label selectors', () => {
  it('parses equality, set-based and existence requirements', () => {
    const reqs = parseLabelSelector('app=nginx,tier!=db,env in (dev, qa),track notin (canary),!legacy,owner');
    expect(reqs).toEqual([
      { key: 'app', op: '=', values: ['nginx'] },
      { key: 'tier', op: '!=', values: ['db'] },
      { key: 'env', op: 'in', values: ['dev', 'qa'] },
      { key: 'track', op: 'notin', values: ['canary'] },
      { key: 'legacy', op: '!', values: [] },
      { key: 'owner', op: 'exists', values: [] },
    ]);
    expect(matchesRequirements(reqs, { app: 'nginx', tier: 'web', env: 'qa', owner: 'x' })).toBe(true);
    expect(matchesRequirements(reqs, { app: 'nginx', tier: 'web', env: 'prod', owner: 'x' })).toBe(false);
    expect(matchesRequirements(reqs, { app: 'nginx', env: 'qa', owner: 'x', legacy: 'y' })).toBe(false);
    expect(matchesRequirements(reqs, { app: 'nginx', env: 'qa' })).toBe(false);
  });

  it('treats != and notin as matching objects without the label, as Kubernetes does', () => {
    expect(matchesRequirements(parseLabelSelector('tier!=db'), {})).toBe(true);
    expect(matchesRequirements(parseLabelSelector('tier notin (db)'), undefined)).toBe(true);
  });

  it('refuses malformed selectors', () => {
    expect(() => parseLabelSelector('app==')).not.toThrow();
    expect(() => parseLabelSelector('a b c')).toThrow(SelectorParseError);
  });

  it('matches LabelSelector objects: empty matches all, null matches none', () => {
    expect(selectorMatches({}, { a: 'b' })).toBe(true);
    expect(selectorMatches(null, { a: 'b' })).toBe(false);
    expect(selectorMatches({ matchLabels: { a: 'b' }, matchExpressions: [{ key: 'c', operator: 'DoesNotExist' }] }, { a: 'b' })).toBe(true);
    expect(selectorMatches({ matchExpressions: [{ key: 'c', operator: 'In', values: ['1'] }] }, { c: '2' })).toBe(false);
  });

  it('parses field selectors with escapes', () => {
    expect(parseFieldSelector('metadata.name=a\\,b,status.phase!=Running')).toEqual([
      { field: 'metadata.name', op: '=', value: 'a,b' },
      { field: 'status.phase', op: '!=', value: 'Running' },
    ]);
    expect(parseFieldSelector('spec.nodeName==node-1')).toEqual([{ field: 'spec.nodeName', op: '=', value: 'node-1' }]);
    expect(() => parseFieldSelector('nonsense')).toThrow(SelectorParseError);
  });
});
