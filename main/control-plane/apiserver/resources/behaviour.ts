// Per-kind behaviour (defaults, validation, table printing, version conversion)
// joined onto the resource shapes in defs.ts.
import type { ResourceDef, TableDef } from './types.js';

type Behaviour = Pick<ResourceDef, 'defaults' | 'validate' | 'validateUpdate' | 'table' | 'convert'>;

const nameAgeTable: TableDef = {
  columns: [
    { name: 'Name', type: 'string', format: 'name', description: 'Name must be unique within a namespace.', priority: 0 },
    { name: 'Created At', type: 'date', format: '', description: 'CreationTimestamp is a timestamp representing the server time when this object was created.', priority: 0 },
  ],
  row: (obj) => [obj.metadata.name ?? '', obj.metadata.creationTimestamp ?? ''],
};

export function behaviourFor(_group: string, _version: string, _kind: string, _plural: string): Behaviour {
  return { table: nameAgeTable };
}
