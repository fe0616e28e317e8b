// The Resources view's rows: the same printers the API server uses for kubectl's Table
// requests (pkg/printers/internalversion, reproduced in apiserver/tables), so a row in
// the app reads exactly like `kubectl get` — one printer, not a second copy. Only the
// contract's columns are kept, formatted the way kubectl's table printer writes cells.
import { NAMESPACED, RESOURCE_COLUMNS } from '../common/bridge/contract.js';
import type { ResourceKind, ResourceRow, ResourceTable } from '../common/bridge/contract.js';
import type { ResourcePath } from '../common/client/api-client.js';
import { objectKey } from '../common/client/informer.js';
import type { KubeObject } from '../common/kube-types.js';
import {
  configMapTable,
  daemonSetTable,
  deploymentTable,
  endpointsTable,
  eventTable,
  namespaceTable,
  nodeTable,
  podTable,
  replicaSetTable,
  replicationControllerTable,
  secretTable,
  serviceTable,
} from '../control-plane/apiserver/tables/index.js';
import type { TableDef } from '../control-plane/apiserver/resources/types.js';

interface KindDef {
  path: Omit<ResourcePath, 'namespace'>;
  /** the API kind, as ownerReferences and `kind:` name it */
  apiKind: string;
  table: TableDef;
}

const core = (resource: string): Omit<ResourcePath, 'namespace'> => ({ group: '', version: 'v1', resource });
const apps = (resource: string): Omit<ResourcePath, 'namespace'> => ({ group: 'apps', version: 'v1', resource });

export const KIND_DEFS: Readonly<Record<ResourceKind, KindDef>> = {
  namespaces: { path: core('namespaces'), apiKind: 'Namespace', table: namespaceTable },
  pods: { path: core('pods'), apiKind: 'Pod', table: podTable },
  replicasets: { path: apps('replicasets'), apiKind: 'ReplicaSet', table: replicaSetTable },
  replicationcontrollers: { path: core('replicationcontrollers'), apiKind: 'ReplicationController', table: replicationControllerTable },
  deployments: { path: apps('deployments'), apiKind: 'Deployment', table: deploymentTable },
  daemonsets: { path: apps('daemonsets'), apiKind: 'DaemonSet', table: daemonSetTable },
  services: { path: core('services'), apiKind: 'Service', table: serviceTable },
  endpoints: { path: core('endpoints'), apiKind: 'Endpoints', table: endpointsTable },
  nodes: { path: core('nodes'), apiKind: 'Node', table: nodeTable },
  events: { path: core('events'), apiKind: 'Event', table: eventTable },
  configmaps: { path: core('configmaps'), apiKind: 'ConfigMap', table: configMapTable },
  secrets: { path: core('secrets'), apiKind: 'Secret', table: secretTable },
};

/** the Resources view's kind for an API group and kind (an ownerReference's), if it lists it */
export function kindOf(apiVersion: string, apiKind: string): ResourceKind | null {
  const group = apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
  for (const [kind, def] of Object.entries(KIND_DEFS)) if (def.apiKind === apiKind && def.path.group === group) return kind as ResourceKind;
  return null;
}

/** "deployment.apps/web", "pod/web": how kubectl names an object in its messages */
export function kubectlName(kind: ResourceKind, name: string): string {
  const def = KIND_DEFS[kind];
  return `${def.apiKind.toLowerCase()}${def.path.group ? `.${def.path.group}` : ''}/${name}`;
}

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
