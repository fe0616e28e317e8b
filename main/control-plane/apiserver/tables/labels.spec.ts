import { describe, expect, it } from 'vitest';
import { formatLabels, formatLabelSelector, labelSelectorString } from './labels.js';

describe('formatLabels (labels.FormatLabels)', () => {
  it('sorts k=v pairs and prints <none> for an empty map', () => {
    expect(formatLabels({ tier: 'web', app: 'nginx' })).toBe('app=nginx,tier=web');
    expect(formatLabels({})).toBe('<none>');
  });
});

describe('formatLabelSelector (metav1.FormatLabelSelector)', () => {
  it('prints matchLabels and matchExpressions sorted by key, set values sorted', () => {
    const selector = {
      matchLabels: { app: 'nginx' },
      matchExpressions: [
        { key: 'tier', operator: 'In', values: ['b', 'a'] },
        { key: 'env', operator: 'NotIn', values: ['prod'] },
        { key: 'canary', operator: 'DoesNotExist' },
        { key: 'zone', operator: 'Exists' },
      ],
    };
    expect(formatLabelSelector(selector)).toBe('app=nginx,!canary,env notin (prod),tier in (a,b),zone');
  });

  it('prints <none> for a nil or empty selector and <error> for an invalid one', () => {
    expect(formatLabelSelector(undefined)).toBe('<none>');
    expect(formatLabelSelector({})).toBe('<none>');
    expect(formatLabelSelector({ matchExpressions: [{ key: 'a', operator: 'Between', values: ['1'] }] })).toBe('<error>');
    expect(formatLabelSelector({ matchExpressions: [{ key: 'a', operator: 'In', values: [] }] })).toBe('<error>');
    expect(formatLabelSelector({ matchLabels: { 'bad key!': 'x' } })).toBe('<error>');
  });

  it('leaves an empty selector empty in the raw selector string (printDeployment)', () => {
    expect(labelSelectorString(undefined)).toEqual({ ok: true, value: '' });
    expect(labelSelectorString({ matchLabels: {} })).toEqual({ ok: true, value: '' });
    expect(labelSelectorString({ matchLabels: { 'app.kubernetes.io/name': 'web' } })).toEqual({
      ok: true,
      value: 'app.kubernetes.io/name=web',
    });
  });
});
