// Validation of the Nodes view's params: every field checked, a 422 Invalid with one cause
// per bad field otherwise (./../validate.ts). Terminal input is bounded: a window cannot
// push megabytes into a shell in one call.
import { LOG_LIMITS, LOG_SOURCES, NODE_ACTIONS, NODE_STREAM_PREFIX, TERMINAL_LIMITS } from '../../common/bridge/nodes.js';
import type { LogOpenParams, NodeAction, TerminalOpenParams } from '../../common/bridge/nodes.js';
import { Fields, LABEL, SUBDOMAIN, validateStreamId } from '../validate.js';

/** node names: the API's are subdomains, the providers' are labels (a subdomain check covers both) */
function nodeName(f: Fields, field: string, required: boolean): string | undefined {
  return f.name(field, SUBDOMAIN, 253, required);
}

export function validateNodeAction(channel: string, params: unknown): { name: string; action: NodeAction; force: boolean } {
  const f = new Fields(channel, params, ['name', 'action', 'force']);
  const name = nodeName(f, 'name', true);
  const action = f.oneOf('action', NODE_ACTIONS);
  const force = f.record['force'];
  if (force !== undefined && typeof force !== 'boolean') f.add('force', 'FieldValueInvalid', `Invalid value: ${JSON.stringify(force)}: must be a boolean`);
  if (force !== undefined && action !== undefined && action !== 'drain') f.add('force', 'FieldValueForbidden', 'Forbidden: only drain takes force');
  f.done();
  return { name: name as string, action: action as NodeAction, force: force === true };
}

export function validateLogOpen(channel: string, params: unknown): LogOpenParams {
  const f = new Fields(channel, params, ['source', 'node', 'namespace', 'pod', 'container', 'previous', 'tailBytes']);
  const source = f.oneOf('source', LOG_SOURCES);
  const isContainer = source === 'container';
  const node = nodeName(f, 'node', source !== undefined && !isContainer);
  const namespace = f.name('namespace', LABEL, 63, isContainer);
  const pod = f.name('pod', SUBDOMAIN, 253, isContainer);
  const container = f.name('container', LABEL, 63, false);
  const tailBytes = f.integer('tailBytes', 0, LOG_LIMITS.maxTailBytes, false);
  const previous = f.record['previous'];
  if (previous !== undefined && typeof previous !== 'boolean') f.add('previous', 'FieldValueInvalid', `Invalid value: ${JSON.stringify(previous)}: must be a boolean`);
  if (source !== undefined && !isContainer) {
    for (const k of ['namespace', 'pod', 'container', 'previous'] as const) {
      if (f.record[k] !== undefined) f.add(k, 'FieldValueForbidden', `Forbidden: only source "container" takes ${k}`);
    }
  }
  if (isContainer && f.record['node'] !== undefined) f.add('node', 'FieldValueForbidden', 'Forbidden: a container log is found by its pod');
  f.done();
  return {
    source: source as LogOpenParams['source'],
    ...(node !== undefined ? { node } : {}),
    ...(namespace !== undefined ? { namespace } : {}),
    ...(pod !== undefined ? { pod } : {}),
    ...(container !== undefined ? { container } : {}),
    ...(tailBytes !== undefined ? { tailBytes } : {}),
    ...(previous === true ? { previous } : {}),
  };
}

export function validateTerminalOpen(channel: string, params: unknown): TerminalOpenParams {
  const f = new Fields(channel, params, ['node', 'cols', 'rows']);
  const node = nodeName(f, 'node', true);
  const cols = f.integer('cols', TERMINAL_LIMITS.minCols, TERMINAL_LIMITS.maxCols);
  const rows = f.integer('rows', TERMINAL_LIMITS.minRows, TERMINAL_LIMITS.maxRows);
  f.done();
  return { node: node as string, cols: cols as number, rows: rows as number };
}

export function validateTerminalInput(channel: string, params: unknown): { streamId: string; data: string } {
  const f = new Fields(channel, params, ['streamId', 'data']);
  const streamId = f.streamId('streamId', NODE_STREAM_PREFIX.terminal);
  const data = f.text('data', TERMINAL_LIMITS.maxInput);
  f.done();
  return { streamId: streamId as string, data: data as string };
}

export function validateTerminalResize(channel: string, params: unknown): { streamId: string; cols: number; rows: number } {
  const f = new Fields(channel, params, ['streamId', 'cols', 'rows']);
  const streamId = f.streamId('streamId', NODE_STREAM_PREFIX.terminal);
  const cols = f.integer('cols', TERMINAL_LIMITS.minCols, TERMINAL_LIMITS.maxCols);
  const rows = f.integer('rows', TERMINAL_LIMITS.minRows, TERMINAL_LIMITS.maxRows);
  f.done();
  return { streamId: streamId as string, cols: cols as number, rows: rows as number };
}

export function validateNodeRef(channel: string, params: unknown): { node: string } {
  const f = new Fields(channel, params, ['node']);
  const node = nodeName(f, 'node', true);
  f.done();
  return { node: node as string };
}

export function validateStream(channel: string, params: unknown, prefix: string): string {
  return validateStreamId(channel, params, 'streamId', prefix);
}
