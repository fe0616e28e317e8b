import { describe, expect, it } from 'vitest';
import { BridgeError } from '../errors.js';
import { validateGet, validateRun } from './manifest-handlers.js';

const causes = (fn: () => unknown): string[] => {
  try {
    fn();
  } catch (e) {
    if (e instanceof BridgeError) return (e.status.details?.causes ?? []).map((c) => `${c.field ?? ''}:${c.reason ?? ''}`);
    throw e;
  }
  return [];
};

describe('manifests handlers validate like the API server (422 with causes)', () => {
  it('accepts a run and keeps only what was given', () => {
    expect(validateRun('manifests:apply', { text: 'kind: Pod', dryRun: true, document: 1, namespace: 'dev' })).toEqual({ text: 'kind: Pod', dryRun: true, document: 1, namespace: 'dev' });
    expect(validateRun('manifests:diff', { text: '' })).toEqual({ text: '' });
  });

  it('refuses bad params field by field', () => {
    expect(causes(() => validateRun('manifests:apply', { dryRun: 'yes', document: -1, namespace: 'Dev', extra: 1 }))).toEqual(['extra:FieldValueNotSupported', 'text:FieldValueRequired', 'namespace:FieldValueInvalid', 'dryRun:FieldValueInvalid', 'document:FieldValueInvalid']);
    expect(causes(() => validateRun('manifests:apply', { text: 'x'.repeat(1_000_001) }))).toEqual(['text:FieldValueTooLong']);
    expect(causes(() => validateGet('manifests:get', { resource: '../pods', name: 'a' }))).toEqual(['resource:FieldValueInvalid']);
    expect(validateGet('manifests:get', { resource: 'deployments', name: 'web' })).toEqual({ resource: 'deployments', name: 'web' });
  });
});
