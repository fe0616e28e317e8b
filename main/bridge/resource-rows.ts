// The Resources view's rows: the same printers the API server uses for kubectl's Table
// requests (pkg/printers/internalversion, reproduced in apiserver/tables), so a row in
// the app reads exactly like `kubectl get` — one printer, not a second copy. Only the
// contract's columns are kept, formatted the way kubectl's table printer writes cells.
import { NAMESPACED, RESOURCE_COLUMNS } from '../common/bridge/contract.js';
import type { ResourceKind, ResourceRow, ResourceTable } from '../common/bridge/contract.js';
import type { ResourcePath } from '../common/client/api-client.js';
import { objectKey } from '../common/client/informer.js';
import type { KubeObject } from '../common/kube-types.js';
import { deploymentTable, eventTable, namespaceTable, nodeTable, podTable, replicaSetTable, serviceTable } from '../control-plane/apiserver/tables/index.js';
import type { TableDef } from '../control-plane/apiserver/resources/types.js';

interface KindDef {
  path: Omit<ResourcePath, 'namespace'>;
  table: TableDef;
}

export const KIND_DEFS: Readonly<Record<ResourceKind, KindDef>> = {
  pods: { path: { group: '', version: 'v1', resource: 'pods' }, table: podTable },
  nodes: { path: { group: '', version: 'v1', resource: 'nodes' }, table: nodeTable },
  deployments: { path: { group: 'apps', version: 'v1', resource: 'deployments' }, table: deploymentTable },
  replicasets: { path: { group: 'apps', version: 'v1', resource: 'replicasets' }, table: replicaSetTable },
  services: { path: { group: '', version: 'v1', resource: 'services' }, table: serviceTable },
  events: { path: { group: '', version: 'v1', resource: 'events' }, table: eventTable },
  namespaces: { path: { group: '', version: 'v1', resource: 'namespaces' }, table: namespaceTable },
};

export function pathFor(kind: ResourceKind, namespace?: string): ResourcePath {
  return { ...KIND_DEFS[kind].path, ...(namespace !== undefined && NAMESPACED[kind] ? { namespace } : {}) };
}

/** the printer's cell index of each contract column (kubectl upper-cases the Table's names) */
function cellIndexes(kind: ResourceKind): number[] {
  const names = KIND_DEFS[kind].table.columns.map((c) => c.name.toUpperCase());
  return RESOURCE_COLUMNS[kind].map((col) => {
    const i = names.indexOf(col);
    if (i < 0) throw new Error(`bridge: the ${kind} printer has no ${col} column`);
    return i;
  });
}
const INDEXES = Object.fromEntries(Object.keys(KIND_DEFS).map((k) => [k, cellIndexes(k as ResourceKind)])) as Record<ResourceKind, number[]>;

/**
 * One cell as kubectl's table printer writes it (cli-runtime printers/tableprinter.go
 * printRows): nil prints nothing, strings are cut at the first line break with "...",
 * anything else prints with fmt's %v.
 */
export function formatCell(cell: unknown): string {
  if (cell === null || cell === undefined) return '';
  if (typeof cell === 'string') {
    const cut = cell.search(/[\r\n\f]/);
    return cut >= 0 ? `${cell.slice(0, cut)}...` : cell;
  }
  if (typeof cell === 'number' || typeof cell === 'boolean') return String(cell);
  return JSON.stringify(cell);
}

export function printRow(kind: ResourceKind, obj: KubeObject, now: Date): ResourceRow {
  const cells = KIND_DEFS[kind].table.row(obj, now);
  return {
    key: objectKey(obj),
    name: obj.metadata.name ?? '',
    ...(obj.metadata.namespace ? { namespace: obj.metadata.namespace } : {}),
    uid: obj.metadata.uid ?? '',
    resourceVersion: obj.metadata.resourceVersion ?? '',
    cells: INDEXES[kind].map((i) => formatCell(cells[i])),
  };
}

/** rows sorted by namespace then name, the order the API server lists them in */
export function printTable(kind: ResourceKind, namespace: string | null, objects: readonly KubeObject[], now: Date): ResourceTable {
  const rows = objects.map((o) => printRow(kind, o, now)).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return { kind, namespace: NAMESPACED[kind] ? namespace : null, columns: [...RESOURCE_COLUMNS[kind]], rows };
}
