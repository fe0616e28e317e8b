// events.k8s.io/v1 Event and core/v1 Event are one resource stored once (as core/v1,
// like kube-apiserver's storage version); the field renames follow
// pkg/apis/events/v1/conversion.go: regarding ↔ involvedObject, note ↔ message,
// reportingController ↔ reportingComponent, deprecated* ↔ source/firstTimestamp/...
import type { KubeObject } from '../../../common/kube-types.js';

const RENAMES: [eventsV1: string, coreV1: string][] = [
  ['regarding', 'involvedObject'],
  ['note', 'message'],
  ['reportingController', 'reportingComponent'],
  ['deprecatedSource', 'source'],
  ['deprecatedFirstTimestamp', 'firstTimestamp'],
  ['deprecatedLastTimestamp', 'lastTimestamp'],
  ['deprecatedCount', 'count'],
];

function rename(obj: KubeObject, from: 0 | 1, apiVersion: string): KubeObject {
  const out: KubeObject = { ...obj, apiVersion, kind: 'Event', metadata: obj.metadata };
  for (const pair of RENAMES) {
    const src = pair[from];
    const dst = pair[from === 0 ? 1 : 0];
    if (src in out) {
      out[dst] = out[src];
      delete out[src];
    }
  }
  return out;
}

export const eventsV1Conversion = {
  toStorage: (obj: KubeObject): KubeObject => rename(obj, 0, 'v1'),
  fromStorage: (obj: KubeObject): KubeObject => rename(obj, 1, 'events.k8s.io/v1'),
};
