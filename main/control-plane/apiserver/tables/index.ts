// Server-side table printers (kube-apiserver 1.32 pkg/printers/internalversion) as data:
// one TableDef per resource, plus the Table response builder. A resource without an
// entry gets defaultTable, as kube's resources without printers do.
import type { TableDef } from '../resources/types.js';
import { cronJobTable, jobTable } from './batch-tables.js';
import { leaseTable, namespaceTable, nodeTable } from './cluster-tables.js';
import { configMapTable, secretTable, serviceAccountTable } from './config-tables.js';
import { defaultTable } from './default-table.js';
import { eventTable, eventsV1Table } from './event-tables.js';
import { podTable } from './pod-table.js';
import { endpointSliceTable, endpointsTable, serviceTable } from './service-tables.js';
import { daemonSetTable, deploymentTable, replicaSetTable, replicationControllerTable, statefulSetTable } from './workload-tables.js';

export { at, isRecord, list, rec, str } from './accessors.js';
export { cronJobTable, jobCompletions, jobStatus, jobTable } from './batch-tables.js';
export { leaseTable, namespaceTable, nodeRoles, nodeStatus, nodeTable } from './cluster-tables.js';
export { ageColumn, nameColumn } from './columns.js';
export { configMapTable, secretTable, serviceAccountTable } from './config-tables.js';
export { defaultTable } from './default-table.js';
export { formatRfc3339, humanDuration, parseTime, shortHumanDuration, translateTimestampSince } from './duration.js';
export { eventTable, eventsV1Table } from './event-tables.js';
export { formatLabels, formatLabelSelector, labelSelectorString, labelSetString, type SelectorString } from './labels.js';
export { podTable, summarizePod } from './pod-table.js';
export { hasConditions, type PrinterDef, type TableRowCondition } from './printer-def.js';
export {
  endpointSliceTable,
  endpointsTable,
  formatEndpoints,
  serviceExternalIP,
  servicePorts,
  serviceTable,
} from './service-tables.js';
export {
  daemonSetTable,
  deploymentTable,
  layoutContainerCells,
  replicaSetTable,
  replicationControllerTable,
  statefulSetTable,
} from './workload-tables.js';
export {
  buildTable,
  createTableWatchEncoder,
  parseTableOptions,
  rowObject,
  type BuildTableOptions,
  type IncludeObject,
  type PartialObjectMetadata,
  type TableApiVersion,
  type TableJson,
  type TableOptionsResult,
  type TableRowJson,
} from './build-table.js';

/**
 * Printers by group-qualified resource ("pods", "deployments.apps", "events.events.k8s.io"),
 * the way kube names a GroupResource. Use tableFor(group, resource) to look one up.
 */
export const tablesByGroupResource: Readonly<Record<string, TableDef>> = {
  pods: podTable,
  namespaces: namespaceTable,
  nodes: nodeTable,
  services: serviceTable,
  endpoints: endpointsTable,
  events: eventTable,
  replicationcontrollers: replicationControllerTable,
  configmaps: configMapTable,
  secrets: secretTable,
  serviceaccounts: serviceAccountTable,
  'replicasets.apps': replicaSetTable,
  'deployments.apps': deploymentTable,
  'daemonsets.apps': daemonSetTable,
  'statefulsets.apps': statefulSetTable,
  'jobs.batch': jobTable,
  'cronjobs.batch': cronJobTable,
  'events.events.k8s.io': eventsV1Table,
  'leases.coordination.k8s.io': leaseTable,
  'endpointslices.discovery.k8s.io': endpointSliceTable,
};

/**
 * Printers by plural alone. "events" is the core/v1 printer; events.k8s.io/v1 has
 * different field names and lives under tablesByGroupResource / tableFor.
 */
export const tablesByResource: Readonly<Record<string, TableDef>> = {
  pods: podTable,
  namespaces: namespaceTable,
  nodes: nodeTable,
  services: serviceTable,
  endpoints: endpointsTable,
  events: eventTable,
  replicationcontrollers: replicationControllerTable,
  replicasets: replicaSetTable,
  deployments: deploymentTable,
  daemonsets: daemonSetTable,
  statefulsets: statefulSetTable,
  jobs: jobTable,
  cronjobs: cronJobTable,
  configmaps: configMapTable,
  secrets: secretTable,
  serviceaccounts: serviceAccountTable,
  leases: leaseTable,
  endpointslices: endpointSliceTable,
};

/** the printer for a group ('' for core) and plural, or kube's default NAME / Created At table */
export function tableFor(group: string, resource: string): TableDef {
  const key = group === '' ? resource : `${resource}.${group}`;
  return tablesByGroupResource[key] ?? defaultTable;
}
