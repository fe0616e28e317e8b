import { describe, expect, it } from 'vitest';
import { BridgeError } from '../errors.js';
import { validateExecClose, validateExecInput, validateExecOpen, validateExecResize } from './pod-validate.js';

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

describe('the pods domain validates every param', () => {
  it('exec open: names, argv (default sh), size', () => {
    expect(validateExecOpen('c', { namespace: 'default', pod: 'web', container: 'nginx', cols: 80, rows: 24 })).toEqual({ namespace: 'default', pod: 'web', container: 'nginx', command: ['sh'], cols: 80, rows: 24 });
    expect(validateExecOpen('c', { namespace: 'ns', pod: 'web.v1', command: ['sh', '-c', ''], cols: 2, rows: 1 }).command).toEqual(['sh', '-c', '']);
    expect(causes(() => validateExecOpen('c', { namespace: 'Default', pod: '../x', container: 'a_b', cols: 1, rows: 9999, tty: false }))).toEqual([
      'tty FieldValueNotSupported',
      'namespace FieldValueInvalid',
      'pod FieldValueInvalid',
      'container FieldValueInvalid',
      'cols FieldValueInvalid',
      'rows FieldValueInvalid',
    ]);
    expect(causes(() => validateExecOpen('c', { cols: 80 }))).toEqual(['namespace FieldValueRequired', 'pod FieldValueRequired', 'rows FieldValueRequired']);
  });

  it('exec open: the command is a bounded argv', () => {
    const base = { namespace: 'n', pod: 'p', cols: 80, rows: 24 };
    expect(causes(() => validateExecOpen('c', { ...base, command: 'sh' }))).toEqual(['command FieldValueInvalid']);
    expect(causes(() => validateExecOpen('c', { ...base, command: [] }))).toEqual(['command FieldValueInvalid']);
    expect(causes(() => validateExecOpen('c', { ...base, command: Array.from({ length: 65 }, () => 'a') }))).toEqual(['command FieldValueInvalid']);
    expect(causes(() => validateExecOpen('c', { ...base, command: [''] }))).toEqual(['command[0] FieldValueInvalid']);
    expect(causes(() => validateExecOpen('c', { ...base, command: ['sh', 3] }))).toEqual(['command[1] FieldValueInvalid']);
    expect(causes(() => validateExecOpen('c', { ...base, command: ['sh', 'a\0b'] }))).toEqual(['command[1] FieldValueInvalid']);
    expect(causes(() => validateExecOpen('c', { ...base, command: ['sh', 'x'.repeat(4097)] }))).toEqual(['command[1] FieldValueInvalid']);
  });

  it('input is at most 64 KiB a call; stream ids are the exec prefix', () => {
    expect(validateExecInput('c', { streamId: 'px3', data: 'echo hi\r' })).toEqual({ streamId: 'px3', data: 'echo hi\r' });
    expect(validateExecInput('c', { streamId: 'px3', data: 'x'.repeat(64 * 1024) }).data.length).toBe(65536);
    expect(causes(() => validateExecInput('c', { streamId: 'px3', data: 'x'.repeat(64 * 1024 + 1) }))).toEqual(['data FieldValueTooLong']);
    expect(causes(() => validateExecInput('c', { streamId: 'nt3', data: 1 }))).toEqual(['streamId FieldValueInvalid', 'data FieldValueInvalid']);
    expect(validateExecResize('c', { streamId: 'px1', cols: 100, rows: 30 })).toEqual({ streamId: 'px1', cols: 100, rows: 30 });
    expect(causes(() => validateExecResize('c', { streamId: 'px1', cols: 0 }))).toEqual(['cols FieldValueInvalid', 'rows FieldValueRequired']);
    expect(validateExecClose('c', { streamId: 'px12' })).toBe('px12');
    expect(causes(() => validateExecClose('c', {}))).toEqual(['streamId FieldValueRequired']);
  });
});
