// The Resources actions' validators: the kinds each verb takes, the replica count, the
// revision and the edited text, each refused as a 422 with a cause per field.
import { describe, expect, it } from 'vitest';
import { BridgeError } from './errors.js';
import { validateReplace, validateRestart, validateScale, validateUndo } from './validate.js';

function causes(fn: () => unknown): [string | undefined, string | undefined][] {
  try {
    fn();
  } catch (e) {
    if (!(e instanceof BridgeError)) throw e;
    expect(e.status).toMatchObject({ code: 422, reason: 'Invalid' });
    return (e.status.details?.causes ?? []).map((c) => [c.field, c.reason]);
  }
  throw new Error('expected a 422');
}

describe('resources:scale', () => {
  it('takes Deployments, ReplicaSets and ReplicationControllers with 0 or more replicas', () => {
    expect(validateScale('resources:scale', { kind: 'deployments', namespace: 'default', name: 'web', replicas: 3 })).toEqual({ ref: { kind: 'deployments', namespace: 'default', name: 'web' }, replicas: 3 });
    expect(validateScale('resources:scale', { kind: 'replicationcontrollers', namespace: 'lab', name: 'rc1', replicas: 0 }).replicas).toBe(0);
  });

  it('refuses other kinds, negative, fractional, missing and string replicas', () => {
    expect(causes(() => validateScale('resources:scale', { kind: 'pods', namespace: 'default', name: 'web', replicas: 1 }))).toEqual([['kind', 'FieldValueNotSupported']]);
    expect(causes(() => validateScale('resources:scale', { kind: 'deployments', namespace: 'default', name: 'web', replicas: -1 }))).toEqual([['replicas', 'FieldValueInvalid']]);
    expect(causes(() => validateScale('resources:scale', { kind: 'deployments', namespace: 'default', name: 'web', replicas: 1.5 }))).toEqual([['replicas', 'FieldValueInvalid']]);
    expect(causes(() => validateScale('resources:scale', { kind: 'deployments', namespace: 'default', name: 'web', replicas: '2' }))).toEqual([['replicas', 'FieldValueInvalid']]);
    expect(causes(() => validateScale('resources:scale', { kind: 'deployments', namespace: 'default', name: 'web' }))).toEqual([['replicas', 'FieldValueRequired']]);
    expect(causes(() => validateScale('resources:scale', { kind: 'deployments', name: 'web', replicas: 2 ** 31 }))).toEqual([
      ['namespace', 'FieldValueRequired'],
      ['replicas', 'FieldValueInvalid'],
    ]);
  });
});

describe('resources:restart and resources:undo', () => {
  it('restart takes Deployments and DaemonSets only', () => {
    expect(validateRestart('resources:restart', { kind: 'daemonsets', namespace: 'default', name: 'ds1' })).toEqual({ kind: 'daemonsets', namespace: 'default', name: 'ds1' });
    expect(causes(() => validateRestart('resources:restart', { kind: 'replicasets', namespace: 'default', name: 'x' }))).toEqual([['kind', 'FieldValueNotSupported']]);
  });

  it('undo takes Deployments, toRevision 0 (the previous) by default', () => {
    expect(validateUndo('resources:undo', { kind: 'deployments', namespace: 'default', name: 'web' })).toEqual({ ref: { kind: 'deployments', namespace: 'default', name: 'web' }, toRevision: 0 });
    expect(validateUndo('resources:undo', { kind: 'deployments', namespace: 'default', name: 'web', toRevision: 2 }).toRevision).toBe(2);
    expect(causes(() => validateUndo('resources:undo', { kind: 'daemonsets', namespace: 'default', name: 'ds1', toRevision: -1 }))).toEqual([
      ['kind', 'FieldValueNotSupported'],
      ['toRevision', 'FieldValueInvalid'],
    ]);
  });
});

describe('resources:replace', () => {
  it('takes the edited text as a string', () => {
    expect(validateReplace('resources:replace', { kind: 'configmaps', namespace: 'default', name: 'cm1', yaml: 'a: 1' })).toEqual({ ref: { kind: 'configmaps', namespace: 'default', name: 'cm1' }, yaml: 'a: 1' });
  });

  it('refuses a missing or non-string text and unknown fields', () => {
    expect(causes(() => validateReplace('resources:replace', { kind: 'configmaps', namespace: 'default', name: 'cm1' }))).toEqual([['yaml', 'FieldValueRequired']]);
    expect(causes(() => validateReplace('resources:replace', { kind: 'configmaps', namespace: 'default', name: 'cm1', yaml: { a: 1 }, force: true }))).toEqual([
      ['force', 'FieldValueNotSupported'],
      ['yaml', 'FieldValueInvalid'],
    ]);
  });
});
