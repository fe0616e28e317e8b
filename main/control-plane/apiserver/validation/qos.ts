// The pod QoS class (pkg/apis/core/helper/qos ComputePodQOS), which the pod
// strategy writes to status.qosClass on create and `kubectl describe pod` shows.
// Only cpu and memory count; zero quantities are ignored.
import { getObject, getObjects } from './json.js';
import type { JsonObject } from './json.js';
import { addQuantities, compareQuantities, quantityOf } from '../../../common/quantity.js';
import type { Quantity } from '../../../common/quantity.js';

export type QosClass = 'Guaranteed' | 'Burstable' | 'BestEffort';

const QOS_RESOURCES = ['cpu', 'memory'];

function accumulate(into: Map<string, Quantity>, list: JsonObject | undefined): Set<string> {
  const found = new Set<string>();
  for (const name of QOS_RESOURCES) {
    const q = quantityOf(list?.[name]);
    if (!q || q.nanos <= 0n) continue;
    found.add(name);
    const prev = into.get(name);
    into.set(name, prev ? addQuantities(prev, q) : q);
  }
  return found;
}

export function computePodQos(pod: JsonObject): QosClass {
  const spec = getObject(pod, 'spec');
  const requests = new Map<string, Quantity>();
  const limits = new Map<string, Quantity>();
  let guaranteed = true;
  for (const c of [...getObjects(spec, 'containers'), ...getObjects(spec, 'initContainers')]) {
    const resources = getObject(c, 'resources');
    accumulate(requests, getObject(resources, 'requests'));
    const limitsFound = accumulate(limits, getObject(resources, 'limits'));
    if (!QOS_RESOURCES.every((r) => limitsFound.has(r))) guaranteed = false;
  }
  if (requests.size === 0 && limits.size === 0) return 'BestEffort';
  if (guaranteed) {
    for (const [name, req] of requests) {
      const lim = limits.get(name);
      if (!lim || compareQuantities(lim, req) !== 0) {
        guaranteed = false;
        break;
      }
    }
  }
  return guaranteed && requests.size === limits.size ? 'Guaranteed' : 'Burstable';
}
