// Per-kind behaviour (defaults, validation, table printing, version conversion)
// joined onto the resource shapes in defs.ts.
import { tableFor } from '../tables/index.js';
import { defaulters } from '../defaults/index.js';
import { defaultPod } from '../defaults/pod.js';
import type { TolerationSeconds } from '../defaults/pod.js';
import type { KubeObject } from '../../../common/kube-types.js';

export interface ResourceOptions {
  tolerationSeconds?: TolerationSeconds;
}
import { gvkKey, validators } from '../validation/index.js';
import type { ResourceDef } from './types.js';
import { eventsV1Conversion } from './event-conversion.js';

type Behaviour = Pick<ResourceDef, 'defaults' | 'validate' | 'validateUpdate' | 'table' | 'convert'>;

export function behaviourFor(group: string, _version: string, _kind: string, plural: string, opts: ResourceOptions = {}): Behaviour {
  const key = gvkKey(group, _version, _kind);
  const v = validators[key];
  const tolerations = opts.tolerationSeconds;
  const defaults = key === 'v1/Pod' && tolerations ? (o: KubeObject) => defaultPod(o, tolerations) : defaulters[key];
  const b: Behaviour = { table: tableFor(group, plural), defaults, validate: v && ((o) => v.validate(o)), validateUpdate: v && ((o, old) => v.validateUpdate(o, old)) };
  if (group === 'events.k8s.io') b.convert = eventsV1Conversion;
  return b;
}
