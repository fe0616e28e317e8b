// Configuration kinds: configmaps, secrets, serviceaccounts (printConfigMap,
// printSecret, printServiceAccount in printers.go 1.32).
import { keyCount, list, rec, str } from './accessors.js';
import { ageColumn, column, doc, nameColumn } from './columns.js';
import { translateTimestampSince } from './duration.js';
import type { PrinterDef } from './printer-def.js';

export const configMapTable: PrinterDef = {
  columns: [nameColumn, column('Data', 'string', doc.configMapData), ageColumn],
  row(cm, now) {
    return [
      cm.metadata.name ?? '',
      keyCount(cm, 'data') + keyCount(cm, 'binaryData'),
      translateTimestampSince(cm.metadata.creationTimestamp, now),
    ];
  },
};

export const secretTable: PrinterDef = {
  columns: [nameColumn, column('Type', 'string', doc.secretType), column('Data', 'string', doc.secretData), ageColumn],
  row(secret, now) {
    // The internal Secret has stringData already merged into data (v1 conversion), so
    // DATA counts the union of both maps' keys.
    const keys = new Set([...Object.keys(rec(secret, 'data')), ...Object.keys(rec(secret, 'stringData'))]);
    return [secret.metadata.name ?? '', str(secret, 'type'), keys.size, translateTimestampSince(secret.metadata.creationTimestamp, now)];
  },
};

export const serviceAccountTable: PrinterDef = {
  columns: [nameColumn, column('Secrets', 'string', doc.serviceAccountSecrets), ageColumn],
  row(sa, now) {
    return [sa.metadata.name ?? '', list(sa, 'secrets').length, translateTimestampSince(sa.metadata.creationTimestamp, now)];
  },
};
