// Kinds without a printer get k8s.io/apiserver/pkg/registry/rest defaultTableConvertor:
// NAME and "Created At" (type date) holding the creation time in RFC 3339 UTC, which is
// why `kubectl get clusterroles` shows a CREATED AT timestamp instead of an AGE.
import { column, doc, nameColumn } from './columns.js';
import { formatRfc3339 } from './duration.js';
import type { PrinterDef } from './printer-def.js';

export const defaultTable: PrinterDef = {
  columns: [nameColumn, column('Created At', 'date', doc.creationTimestamp)],
  row(obj) {
    return [obj.metadata.name ?? '', formatRfc3339(obj.metadata.creationTimestamp)];
  },
};
