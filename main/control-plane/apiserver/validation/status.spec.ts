import { describe, expect, it } from 'vitest';
import { forbidden, invalid, notSupported, required } from './field-errors.js';
import { aggregateFieldErrors, formatFieldErrors, newInvalidStatus, qualifiedKind } from './status.js';

describe('field error bodies', () => {
  it('matches ErrorBody for each type', () => {
    expect(required('spec.containers').message).toBe('Required value');
    expect(required('metadata.name', 'name or generateName is required').message).toBe('Required value: name or generateName is required');
    expect(invalid('spec.replicas', -1, 'must be greater than or equal to 0').message).toBe('Invalid value: -1: must be greater than or equal to 0');
    expect(notSupported('spec.restartPolicy', 'Sometimes', ['Always', 'OnFailure', 'Never']).message).toBe(
      'Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"',
    );
    expect(forbidden('spec', 'nope').message).toBe('Forbidden: nope');
  });
});

describe('NewInvalid', () => {
  const a = required('spec.containers[0].image');
  const b = notSupported('spec.restartPolicy', 'Sometimes', ['Always', 'OnFailure', 'Never']);

  it('has no brackets for a single error', () => {
    expect(formatFieldErrors('Pod', 'nginx', [a])).toBe('Pod "nginx" is invalid: spec.containers[0].image: Required value');
  });

  it('brackets and comma-joins several errors, dropping duplicates', () => {
    expect(aggregateFieldErrors([a, b, a])).toBe(
      '[spec.containers[0].image: Required value, spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"]',
    );
  });

  it('qualifies the kind with its group', () => {
    expect(qualifiedKind('ReplicaSet', 'apps')).toBe('ReplicaSet.apps');
    expect(qualifiedKind('Pod')).toBe('Pod');
  });

  it('builds the 422 Status with one cause per error (duplicates kept)', () => {
    const status = newInvalidStatus('apps', 'Deployment', 'web', [a, a]);
    expect(status).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'Deployment.apps "web" is invalid: spec.containers[0].image: Required value',
      reason: 'Invalid',
      details: {
        name: 'web',
        group: 'apps',
        kind: 'Deployment',
        causes: [
          { reason: 'FieldValueRequired', message: 'Required value', field: 'spec.containers[0].image' },
          { reason: 'FieldValueRequired', message: 'Required value', field: 'spec.containers[0].image' },
        ],
      },
      code: 422,
    });
    expect(newInvalidStatus('', 'Pod', 'p', [a]).details).not.toHaveProperty('group');
  });
});

describe('validators map', () => {
  it('covers the same kinds as the defaulters, keyed by gvkKey', async () => {
    const { validators, gvkKey } = await import('./index.js');
    const { defaulters } = await import('../defaults/index.js');
    expect(Object.keys(validators).sort()).toEqual(Object.keys(defaulters).sort());
    expect(gvkKey('', 'v1', 'Pod')).toBe('v1/Pod');
    expect(gvkKey('apps', 'v1', 'Deployment')).toBe('apps/v1/Deployment');
  });
});
