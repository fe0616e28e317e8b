// Events: core/v1 and events.k8s.io/v1 share one printer in kube-apiserver (both are
// stored as the internal core Event), so the events.k8s.io table reads the v1 field
// names that pkg/apis/events/v1 conversion maps onto the internal ones:
// regarding→involvedObject, note→message, deprecatedSource→source,
// deprecatedFirstTimestamp/LastTimestamp/Count→firstTimestamp/lastTimestamp/count.
import type { KubeObject } from '../../../common/kube-types.js';
import { at, int, isRecord, rec, str, type JsonRecord } from './accessors.js';
import { column, doc, nameColumn } from './columns.js';
import { parseTime, translateTimestampSince } from './duration.js';
import type { PrinterDef } from './printer-def.js';

/** the internal Event fields printEvent reads */
interface EventFields {
  name: string;
  type: string;
  reason: string;
  message: string;
  involvedObject: JsonRecord;
  source: JsonRecord;
  reportingController: string;
  reportingInstance: string;
  firstTimestamp: unknown;
  lastTimestamp: unknown;
  eventTime: unknown;
  count: number;
  series: JsonRecord | undefined;
}

function coreEventFields(event: KubeObject): EventFields {
  const series = at(event, 'series');
  return {
    name: event.metadata.name ?? '',
    type: str(event, 'type'),
    reason: str(event, 'reason'),
    message: str(event, 'message'),
    involvedObject: rec(event, 'involvedObject'),
    source: rec(event, 'source'),
    reportingController: str(event, 'reportingComponent'),
    reportingInstance: str(event, 'reportingInstance'),
    firstTimestamp: at(event, 'firstTimestamp'),
    lastTimestamp: at(event, 'lastTimestamp'),
    eventTime: at(event, 'eventTime'),
    count: int(event, 'count'),
    series: isRecord(series) ? series : undefined,
  };
}

function eventsV1Fields(event: KubeObject): EventFields {
  const series = at(event, 'series');
  return {
    name: event.metadata.name ?? '',
    type: str(event, 'type'),
    reason: str(event, 'reason'),
    message: str(event, 'note'),
    involvedObject: rec(event, 'regarding'),
    source: rec(event, 'deprecatedSource'),
    reportingController: str(event, 'reportingController'),
    reportingInstance: str(event, 'reportingInstance'),
    firstTimestamp: at(event, 'deprecatedFirstTimestamp'),
    lastTimestamp: at(event, 'deprecatedLastTimestamp'),
    eventTime: at(event, 'eventTime'),
    count: int(event, 'deprecatedCount'),
    series: isRecord(series) ? series : undefined,
  };
}

/** formatEventSource: component (or reportingController), then ", host" (or reportingInstance) */
function formatEventSource(fields: EventFields): string {
  const component = str(fields.source, 'component') || fields.reportingController;
  const instance = str(fields.source, 'host') || fields.reportingInstance;
  return instance === '' ? component : `${component}, ${instance}`;
}

/** printEvent, always in its wide form (the server renders tables wide) */
function eventRow(fields: EventFields, now: Date): unknown[] {
  let firstSeen = translateTimestampSince(fields.firstTimestamp, now);
  if (parseTime(fields.firstTimestamp) === undefined) firstSeen = translateTimestampSince(fields.eventTime, now);
  let lastSeen = translateTimestampSince(fields.lastTimestamp, now);
  if (parseTime(fields.lastTimestamp) === undefined) lastSeen = firstSeen;
  let count = fields.count;
  if (fields.series !== undefined) {
    lastSeen = translateTimestampSince(fields.series['lastObservedTime'], now);
    count = int(fields.series, 'count');
  } else if (count === 0) {
    // Singleton events don't have a count set in the new API.
    count = 1;
  }
  const kind = str(fields.involvedObject, 'kind').toLowerCase();
  const involvedName = str(fields.involvedObject, 'name');
  const target = involvedName === '' ? kind : `${kind}/${involvedName}`;
  return [
    lastSeen,
    fields.type,
    fields.reason,
    target,
    str(fields.involvedObject, 'fieldPath'),
    formatEventSource(fields),
    fields.message.trim(),
    firstSeen,
    count,
    fields.name,
  ];
}

const eventColumns = [
  column('Last Seen', 'string', doc.eventLastTimestamp),
  column('Type', 'string', doc.eventType),
  column('Reason', 'string', doc.eventReason),
  column('Object', 'string', doc.eventInvolvedObject),
  column('Subobject', 'string', doc.fieldPath, { priority: 1 }),
  column('Source', 'string', doc.eventSource, { priority: 1 }),
  column('Message', 'string', doc.eventMessage),
  column('First Seen', 'string', doc.eventFirstTimestamp, { priority: 1 }),
  column('Count', 'string', doc.eventCount, { priority: 1 }),
  { ...nameColumn, priority: 1 },
];

export const eventTable: PrinterDef = {
  columns: eventColumns,
  row: (event, now) => eventRow(coreEventFields(event), now),
};

export const eventsV1Table: PrinterDef = {
  columns: eventColumns,
  row: (event, now) => eventRow(eventsV1Fields(event), now),
};
