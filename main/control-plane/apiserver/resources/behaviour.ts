// Per-kind behaviour (defaults, validation, table printing, version conversion)
// joined onto the resource shapes in defs.ts.
import { tableFor } from '../tables/index.js';
import type { ResourceDef } from './types.js';

type Behaviour = Pick<ResourceDef, 'defaults' | 'validate' | 'validateUpdate' | 'table' | 'convert'>;

export function behaviourFor(group: string, _version: string, _kind: string, plural: string): Behaviour {
  return { table: tableFor(group, plural) };
}
