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
  const cols = f.integer('cols', TERMINAL_LIMITS.minCols, TERMINAL_LIMITS.maxCols);
  const rows = f.integer('rows', TERMINAL_LIMITS.minRows, TERMINAL_LIMITS.maxRows);
  f.done();
  return { namespace: namespace as string, pod: pod as string, ...(container !== undefined ? { container } : {}), command: argv as string[], cols: cols as number, rows: rows as number };
}

export function validateExecInput(channel: string, params: unknown): { streamId: string; data: string } {
  const f = new Fields(channel, params, ['streamId', 'data']);
  const id = f.streamId('streamId', POD_STREAM_PREFIX.exec);
  const data = f.text('data', POD_EXEC_LIMITS.maxInput);
  f.done();
  return { streamId: id as string, data: data as string };
}

export function validateExecResize(channel: string, params: unknown): { streamId: string; cols: number; rows: number } {
  const f = new Fields(channel, params, ['streamId', 'cols', 'rows']);
  const id = f.streamId('streamId', POD_STREAM_PREFIX.exec);
  const cols = f.integer('cols', TERMINAL_LIMITS.minCols, TERMINAL_LIMITS.maxCols);
  const rows = f.integer('rows', TERMINAL_LIMITS.minRows, TERMINAL_LIMITS.maxRows);
  f.done();
  return { streamId: id as string, cols: cols as number, rows: rows as number };
}

export function validateExecClose(channel: string, params: unknown): string {
  const f = new Fields(channel, params, ['streamId']);
  const id = f.streamId('streamId', POD_STREAM_PREFIX.exec);
  f.done();
  return id as string;
}
