// Workload controllers: replicationcontrollers, replicasets, deployments, daemonsets,
// as printers.go prints them (server-side tables are always generated "wide", so the
// CONTAINERS / IMAGES / SELECTOR cells are always present; kubectl hides priority-1
// columns unless -o wide).
import type { KubeObject } from '../../../common/kube-types.js';
import { int, list, optInt, rec, str, stringMap } from './accessors.js';
import { ageColumn, column, doc, nameColumn, wide } from './columns.js';
import { translateTimestampSince } from './duration.js';
import { formatLabels, formatLabelSelector, labelSelectorString } from './labels.js';
import type { PrinterDef } from './printer-def.js';

/** printers.go layoutContainerCells: names and images joined by "," */
export function layoutContainerCells(containers: unknown[]): [names: string, images: string] {
  return [containers.map((c) => str(c, 'name')).join(','), containers.map((c) => str(c, 'image')).join(',')];
}

function templateContainers(obj: KubeObject): unknown[] {
  return list(obj, 'spec', 'template', 'spec', 'containers');
}

/** spec.replicas as the defaulted internal object holds it (the scheme defaults nil to 1) */
function desiredReplicas(obj: KubeObject): number {
  return optInt(obj, 'spec', 'replicas') ?? 1;
}

function age(obj: KubeObject, now: Date): string {
  return translateTimestampSince(obj.metadata.creationTimestamp, now);
}

export const replicationControllerTable: PrinterDef = {
  columns: [
    nameColumn,
    column('Desired', 'integer', doc.rcSpecReplicas),
    column('Current', 'integer', doc.rcStatusReplicas),
    column('Ready', 'integer', doc.rcReadyReplicas),
    ageColumn,
    wide('Containers', 'string', doc.containers),
    wide('Images', 'string', doc.images),
    wide('Selector', 'string', doc.rcSelector),
  ],
  row(rc, now) {
    const [names, images] = layoutContainerCells(templateContainers(rc));
    return [
      rc.metadata.name ?? '',
      desiredReplicas(rc),
      int(rc, 'status', 'replicas'),
      int(rc, 'status', 'readyReplicas'),
      age(rc, now),
      names,
      images,
      formatLabels(stringMap(rc, 'spec', 'selector')),
    ];
  },
};

export const replicaSetTable: PrinterDef = {
  columns: [
    nameColumn,
    column('Desired', 'integer', doc.rsSpecReplicas),
    column('Current', 'integer', doc.rsStatusReplicas),
    column('Ready', 'integer', doc.rsReadyReplicas),
    ageColumn,
    wide('Containers', 'string', doc.containers),
    wide('Images', 'string', doc.images),
    wide('Selector', 'string', doc.rsSelector),
  ],
  row(rs, now) {
    const [names, images] = layoutContainerCells(templateContainers(rs));
    return [
      rs.metadata.name ?? '',
      desiredReplicas(rs),
      int(rs, 'status', 'replicas'),
      int(rs, 'status', 'readyReplicas'),
      age(rs, now),
      names,
      images,
      formatLabelSelector(rec(rs, 'spec')['selector']),
    ];
  },
};

export const deploymentTable: PrinterDef = {
  columns: [
    nameColumn,
    column('Ready', 'string', 'Number of the pod with ready state'),
    column('Up-to-date', 'string', doc.deployUpdated),
    column('Available', 'string', doc.deployAvailable),
    ageColumn,
    wide('Containers', 'string', doc.containers),
    wide('Images', 'string', doc.images),
    wide('Selector', 'string', doc.deploySelector),
  ],
  row(deployment, now) {
    const [names, images] = layoutContainerCells(templateContainers(deployment));
    // printDeployment prints selector.String() itself rather than FormatLabelSelector:
    // an empty selector is "" (not "<none>") and an unconvertible one "<invalid>".
    const selector = labelSelectorString(rec(deployment, 'spec')['selector']);
    return [
      deployment.metadata.name ?? '',
      `${int(deployment, 'status', 'readyReplicas')}/${desiredReplicas(deployment)}`,
      int(deployment, 'status', 'updatedReplicas'),
      int(deployment, 'status', 'availableReplicas'),
      age(deployment, now),
      names,
      images,
      selector.ok ? selector.value : '<invalid>',
    ];
  },
};

export const daemonSetTable: PrinterDef = {
  columns: [
    nameColumn,
    column('Desired', 'integer', doc.dsDesired),
    column('Current', 'integer', doc.dsCurrent),
    column('Ready', 'integer', doc.dsReady),
    column('Up-to-date', 'integer', doc.dsUpdated),
    column('Available', 'integer', doc.dsAvailable),
    column('Node Selector', 'string', doc.nodeSelector),
    ageColumn,
    wide('Containers', 'string', doc.containers),
    wide('Images', 'string', doc.images),
    wide('Selector', 'string', doc.dsSelector),
  ],
  row(ds, now) {
    const [names, images] = layoutContainerCells(templateContainers(ds));
    return [
      ds.metadata.name ?? '',
      int(ds, 'status', 'desiredNumberScheduled'),
      int(ds, 'status', 'currentNumberScheduled'),
      int(ds, 'status', 'numberReady'),
      int(ds, 'status', 'updatedNumberScheduled'),
      int(ds, 'status', 'numberAvailable'),
      formatLabels(stringMap(ds, 'spec', 'template', 'spec', 'nodeSelector')),
      age(ds, now),
      names,
      images,
      formatLabelSelector(rec(ds, 'spec')['selector']),
    ];
  },
};

export const statefulSetTable: PrinterDef = {
  columns: [
    nameColumn,
    column('Ready', 'string', 'Number of the pod with ready state'),
    ageColumn,
    wide('Containers', 'string', doc.containers),
    wide('Images', 'string', doc.images),
  ],
  row(sts, now) {
    const [names, images] = layoutContainerCells(templateContainers(sts));
    return [sts.metadata.name ?? '', `${int(sts, 'status', 'readyReplicas')}/${desiredReplicas(sts)}`, age(sts, now), names, images];
  },
};
