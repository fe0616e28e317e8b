// The setup channels' params, checked field by field (422 Invalid with causes).
import { NODE_LIMITS } from '../../common/bridge/setup.js';
import type { LabChoice } from '../../common/bridge/setup.js';
import { Fields, LABEL } from '../validate.js';

function flag(f: Fields, field: string, required: boolean): boolean {
  const v = f.record[field];
  if (v === undefined) {
    if (required) f.add(field, 'FieldValueRequired', 'Required value');
    return false;
  }
  if (typeof v !== 'boolean') f.add(field, 'FieldValueInvalid', `Invalid value: ${JSON.stringify(v)}: must be true or false`);
  return v === true;
}

export function validateChoice(channel: string, params: unknown): LabChoice {
  const f = new Fields(channel, params, ['provider', 'nodes', 'cpus', 'memoryMiB']);
  const provider = f.oneOf('provider', ['host', 'qemu'] as const);
  const nodes = f.integer('nodes', NODE_LIMITS.minNodes, NODE_LIMITS.maxNodes);
  const cpus = f.integer('cpus', NODE_LIMITS.minCpus, NODE_LIMITS.maxCpus);
  const memoryMiB = f.integer('memoryMiB', NODE_LIMITS.minMemoryMiB, NODE_LIMITS.maxMemoryMiB);
  f.done();
  return { provider: provider!, nodes: nodes!, cpus: cpus!, memoryMiB: memoryMiB! };
}

/** a node name is a DNS label (provider.ts allocateNode), at most 40 characters */
export function validateNodeName(channel: string, params: unknown, required: boolean): string | undefined {
  const f = new Fields(channel, params, ['name']);
  const name = f.name('name', LABEL, 40, required);
  f.done();
  return name;
}

export function validateProbe(channel: string, params: unknown): boolean {
  const f = new Fields(channel, params, ['probe']);
  const probe = flag(f, 'probe', false);
  f.done();
  return probe;
}

export function validateMerge(channel: string, params: unknown, withDigest: boolean): { setCurrentContext: boolean; baseDigest: string } {
  const f = new Fields(channel, params, withDigest ? ['setCurrentContext', 'baseDigest'] : ['setCurrentContext']);
  const setCurrentContext = flag(f, 'setCurrentContext', true);
  const d = f.record['baseDigest'];
  if (withDigest && (typeof d !== 'string' || !/^(none|[0-9a-f]{64})$/.test(d))) f.add('baseDigest', d === undefined ? 'FieldValueRequired' : 'FieldValueInvalid', d === undefined ? 'Required value' : `Invalid value: ${JSON.stringify(d)}`);
  f.done();
  return { setCurrentContext, baseDigest: typeof d === 'string' ? d : '' };
}
