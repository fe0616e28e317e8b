import { describe, expect, it } from 'vitest';
import { BridgeError } from '../errors.js';
import { validateLogOpen, validateNodeAction, validateTerminalInput, validateTerminalOpen, validateTerminalResize } from './node-validate.js';

function causes(fn: () => unknown): string[] {
  try {
    fn();
  } catch (e) {
    if (e instanceof BridgeError) {
      expect(e.status.code).toBe(422);
      return (e.status.details?.causes ?? []).map((c) => `${c.field ?? ''} ${c.reason ?? ''}`);
    }
    throw e;
  }
  return [];
}

describe('the Nodes view validates every param', () => {
  it('node actions', () => {
    expect(validateNodeAction('c', { name: 'node-1', action: 'drain', force: true })).toEqual({ name: 'node-1', action: 'drain', force: true });
    expect(validateNodeAction('c', { name: 'node-1', action: 'cordon' })).toEqual({ name: 'node-1', action: 'cordon', force: false });
    expect(causes(() => validateNodeAction('c', { name: 'Node_1', action: 'reboot', force: 'yes', extra: 1 }))).toEqual([
      'extra FieldValueNotSupported',
      'name FieldValueInvalid',
      'action FieldValueNotSupported',
      'force FieldValueInvalid',
    ]);
    expect(causes(() => validateNodeAction('c', { name: 'n', action: 'stop', force: true }))).toEqual(['force FieldValueForbidden']);
  });

  it('log streams', () => {
    expect(validateLogOpen('c', { source: 'agent', node: 'node-1', tailBytes: 1024 })).toEqual({ source: 'agent', node: 'node-1', tailBytes: 1024 });
    expect(validateLogOpen('c', { source: 'container', namespace: 'default', pod: 'web', container: 'nginx' })).toEqual({ source: 'container', namespace: 'default', pod: 'web', container: 'nginx' });
    expect(causes(() => validateLogOpen('c', { source: 'agent' }))).toEqual(['node FieldValueRequired']);
    // kubectl logs -p: the container's previous instance
    expect(validateLogOpen('c', { source: 'container', namespace: 'default', pod: 'web', previous: true })).toEqual({ source: 'container', namespace: 'default', pod: 'web', previous: true });
    expect(causes(() => validateLogOpen('c', { source: 'agent', node: 'n', previous: 'yes' }))).toEqual(['previous FieldValueInvalid', 'previous FieldValueForbidden']);
    expect(causes(() => validateLogOpen('c', { source: 'container', node: 'n' }))).toEqual(['namespace FieldValueRequired', 'pod FieldValueRequired', 'node FieldValueForbidden']);
    expect(causes(() => validateLogOpen('c', { source: 'agent', node: 'n', pod: 'p', tailBytes: 1e9 }))).toEqual(['tailBytes FieldValueInvalid', 'pod FieldValueForbidden']);
    expect(causes(() => validateLogOpen('c', { source: 'syslog', node: '../etc' }))).toEqual(['source FieldValueNotSupported', 'node FieldValueInvalid']);
  });

  it('terminals: sizes in range, input bounded, stream ids shaped', () => {
    expect(validateTerminalOpen('c', { node: 'node-1', cols: 80, rows: 24 })).toEqual({ node: 'node-1', cols: 80, rows: 24 });
    expect(causes(() => validateTerminalOpen('c', { node: 'node-1', cols: 1e6, rows: 2.5 }))).toEqual(['cols FieldValueInvalid', 'rows FieldValueInvalid']);
    expect(validateTerminalInput('c', { streamId: 'nt3', data: 'crictl ps\r' })).toEqual({ streamId: 'nt3', data: 'crictl ps\r' });
    expect(causes(() => validateTerminalInput('c', { streamId: 'nt3', data: 'x'.repeat(64 * 1024 + 1) }))).toEqual(['data FieldValueTooLong']);
    expect(causes(() => validateTerminalInput('c', { streamId: 'nl3', data: 1 }))).toEqual(['streamId FieldValueInvalid', 'data FieldValueInvalid']);
    expect(validateTerminalResize('c', { streamId: 'nt1', cols: 120, rows: 40 })).toEqual({ streamId: 'nt1', cols: 120, rows: 40 });
  });
});
