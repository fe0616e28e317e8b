// Validation of the pods domain's params: every field checked, a 422 Invalid with one cause
// per bad field otherwise (../validate.ts). The command is an argv of bounded size and
// keystrokes are bounded per call: a window cannot push megabytes into a shell at once.
import { DEFAULT_EXEC_COMMAND, POD_EXEC_LIMITS, POD_STREAM_PREFIX } from '../../common/bridge/pods.js';
import { TERMINAL_LIMITS } from '../../common/bridge/nodes.js';
import { Fields, LABEL, SUBDOMAIN } from '../validate.js';

export interface ExecOpen {
  namespace: string;
  pod: string;
  container?: string;
  command: string[];
  cols: number;
  rows: number;
}

function int(f: Fields, field: string, min: number, max: number): number | undefined {
  const v = f.record[field];
  if (v === undefined) f.add(field, 'FieldValueRequired', 'Required value');
  else if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) f.add(field, 'FieldValueInvalid', `Invalid value: ${JSON.stringify(v)}: must be an integer from ${min} to ${max}`);
  else return v;
  return undefined;
}

/** argv: 1..maxArgs strings, each at most maxArgLength, no NUL (execve cannot carry one), a non-empty program */
function command(f: Fields): string[] | undefined {
  const v = f.record['command'];
  if (v === undefined) return [...DEFAULT_EXEC_COMMAND];
  if (!Array.isArray(v) || v.length === 0 || v.length > POD_EXEC_LIMITS.maxArgs) {
    f.add('command', 'FieldValueInvalid', `Invalid value: must be a list of 1 to ${POD_EXEC_LIMITS.maxArgs} strings`);
    return undefined;
  }
  const bad = v.findIndex((a, i) => typeof a !== 'string' || a.length > POD_EXEC_LIMITS.maxArgLength || a.includes('\0') || (i === 0 && a.length === 0));
  if (bad >= 0) {
    f.add(`command[${bad}]`, 'FieldValueInvalid', `Invalid value: ${JSON.stringify(v[bad])}: must be a string of at most ${POD_EXEC_LIMITS.maxArgLength} characters without NUL (the first not empty)`);
    return undefined;
  }
  return v as string[];
}

export function validateExecOpen(channel: string, params: unknown): ExecOpen {
  const f = new Fields(channel, params, ['namespace', 'pod', 'container', 'command', 'cols', 'rows']);
  const namespace = f.name('namespace', LABEL, 63, true);
  const pod = f.name('pod', SUBDOMAIN, 253, true);
  const container = f.name('container', LABEL, 63, false);
  const argv = command(f);
  const cols = int(f, 'cols', TERMINAL_LIMITS.minCols, TERMINAL_LIMITS.maxCols);
  const rows = int(f, 'rows', TERMINAL_LIMITS.minRows, TERMINAL_LIMITS.maxRows);
  f.done();
  return { namespace: namespace as string, pod: pod as string, ...(container !== undefined ? { container } : {}), command: argv as string[], cols: cols as number, rows: rows as number };
}

function streamId(f: Fields): string | undefined {
  const v = f.record['streamId'];
  if (typeof v === 'string' && new RegExp(`^${POD_STREAM_PREFIX.exec}\\d{1,9}$`).test(v)) return v;
  f.add('streamId', v === undefined ? 'FieldValueRequired' : 'FieldValueInvalid', v === undefined ? 'Required value' : `Invalid value: ${JSON.stringify(v)}`);
  return undefined;
}

export function validateExecInput(channel: string, params: unknown): { streamId: string; data: string } {
  const f = new Fields(channel, params, ['streamId', 'data']);
  const id = streamId(f);
  const data = f.record['data'];
  if (typeof data !== 'string') f.add('data', data === undefined ? 'FieldValueRequired' : 'FieldValueInvalid', data === undefined ? 'Required value' : 'Invalid value: must be a string');
  else if (data.length > POD_EXEC_LIMITS.maxInput) f.add('data', 'FieldValueTooLong', `Too long: may not be more than ${POD_EXEC_LIMITS.maxInput} characters`);
  f.done();
  return { streamId: id as string, data: data as string };
}

export function validateExecResize(channel: string, params: unknown): { streamId: string; cols: number; rows: number } {
  const f = new Fields(channel, params, ['streamId', 'cols', 'rows']);
  const id = streamId(f);
  const cols = int(f, 'cols', TERMINAL_LIMITS.minCols, TERMINAL_LIMITS.maxCols);
  const rows = int(f, 'rows', TERMINAL_LIMITS.minRows, TERMINAL_LIMITS.maxRows);
  f.done();
  return { streamId: id as string, cols: cols as number, rows: rows as number };
}

export function validateExecClose(channel: string, params: unknown): string {
  const f = new Fields(channel, params, ['streamId']);
  const id = streamId(f);
  f.done();
  return id as string;
}
