// Cluster-scoped and node-facing kinds: nodes, namespaces, leases (printNode,
// printNamespace, printLease in printers.go 1.32).
import type { KubeObject } from '../../../common/kube-types.js';
import { bool, list, optStr, rec, str } from './accessors.js';
import { ageColumn, column, doc, nameColumn, wide } from './columns.js';
import { translateTimestampSince } from './duration.js';
import { compareGoStrings } from './labels.js';
import type { PrinterDef } from './printer-def.js';

const NODE_ROLE_PREFIX = 'node-role.kubernetes.io/';
/** the legacy single-role label, still honoured by findNodeRoles */
const NODE_ROLE_LABEL = 'kubernetes.io/role';

/** printNode STATUS: Ready / NotReady / Unknown, then ",SchedulingDisabled" when cordoned */
export function nodeStatus(node: KubeObject): string {
  // conditionMap keeps the last condition of each type, so the last Ready entry wins.
  let ready: string | undefined;
  for (const condition of list(node, 'status', 'conditions')) {
    if (str(condition, 'type') === 'Ready') ready = str(condition, 'status');
  }
  const status: string[] = [];
  if (ready === undefined) status.push('Unknown');
  else status.push(ready === 'True' ? 'Ready' : 'NotReady');
  if (bool(node, 'spec', 'unschedulable')) status.push('SchedulingDisabled');
  return status.join(',');
}

/** findNodeRoles: node-role.kubernetes.io/<role> keys and kubernetes.io/role values, sorted */
export function nodeRoles(node: KubeObject): string {
  const roles = new Set<string>();
  for (const [key, value] of Object.entries(node.metadata.labels ?? {})) {
    if (key.startsWith(NODE_ROLE_PREFIX)) {
      const role = key.slice(NODE_ROLE_PREFIX.length);
      if (role !== '') roles.add(role);
    } else if (key === NODE_ROLE_LABEL && value !== '') {
      roles.add(value);
    }
  }
  return roles.size === 0 ? '<none>' : [...roles].sort(compareGoStrings).join(',');
}

function nodeAddress(node: KubeObject, type: string): string {
  const address = list(node, 'status', 'addresses').find((a) => str(a, 'type') === type);
  return address === undefined ? '<none>' : str(address, 'address');
}

function orUnknown(value: string): string {
  return value === '' ? '<unknown>' : value;
}

export const nodeTable: PrinterDef = {
  columns: [
    nameColumn,
    column('Status', 'string', 'The status of the node'),
    column('Roles', 'string', 'The roles of the node'),
    ageColumn,
    column('Version', 'string', doc.kubeletVersion),
    wide('Internal-IP', 'string', doc.nodeAddresses),
    wide('External-IP', 'string', doc.nodeAddresses),
    wide('OS-Image', 'string', doc.osImage),
    wide('Kernel-Version', 'string', doc.kernelVersion),
    wide('Container-Runtime', 'string', doc.containerRuntimeVersion),
  ],
  row(node, now) {
    const info = rec(node, 'status', 'nodeInfo');
    return [
      node.metadata.name ?? '',
      nodeStatus(node),
      nodeRoles(node),
      translateTimestampSince(node.metadata.creationTimestamp, now),
      str(info, 'kubeletVersion'),
      nodeAddress(node, 'InternalIP'),
      nodeAddress(node, 'ExternalIP'),
      orUnknown(str(info, 'osImage')),
      orUnknown(str(info, 'kernelVersion')),
      orUnknown(str(info, 'containerRuntimeVersion')),
    ];
  },
};

export const namespaceTable: PrinterDef = {
  columns: [nameColumn, column('Status', 'string', 'The status of the namespace'), ageColumn],
  row(ns, now) {
    return [ns.metadata.name ?? '', str(ns, 'status', 'phase'), translateTimestampSince(ns.metadata.creationTimestamp, now)];
  },
};

export const leaseTable: PrinterDef = {
  columns: [nameColumn, column('Holder', 'string', doc.leaseHolder), ageColumn],
  row(lease, now) {
    return [
      lease.metadata.name ?? '',
      optStr(lease, 'spec', 'holderIdentity') ?? '',
      translateTimestampSince(lease.metadata.creationTimestamp, now),
    ];
  },
};
