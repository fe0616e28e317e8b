// The table as `kubectl get` prints it (NAMESPACE first for all namespaces, like -A).
// Headings and cells are kubectl's output, not UI text: data-raw marks them as such.
import type { ReactNode } from 'react';
import { NAMESPACED } from '../../../main/common/bridge/contract.js';
import type { ResourceTable } from '../../../main/common/bridge/contract.js';

export interface ResourceTableProps {
  table: ResourceTable;
  selected: string | null;
  onSelect: (key: string) => void;
}

export function ResourceTableView({ table, selected, onSelect }: ResourceTableProps): ReactNode {
  const allNamespaces = NAMESPACED[table.kind] && table.namespace === null;
  const columns = allNamespaces ? ['NAMESPACE', ...table.columns] : table.columns;
  return (
    <table className="resource-table" data-raw="" data-kind={table.kind}>
      <thead>
        <tr>
          {columns.map((c) => (
            <th key={c} scope="col">
              {c}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {table.rows.map((row) => (
          <tr
            key={row.key}
            data-key={row.key}
            aria-selected={row.key === selected}
            tabIndex={0}
            onClick={() => onSelect(row.key)}
            onKeyDown={(e) => (e.key === 'Enter' || e.key === ' ') && onSelect(row.key)}
          >
            {(allNamespaces ? [row.namespace ?? '', ...row.cells] : row.cells).map((cell, i) => (
              <td key={columns[i]} data-col={columns[i]}>
                {cell}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
