// Per-kind steps of kube's registry strategies (PrepareForCreate / PrepareForUpdate)
// that are not scheme defaults: a new pod's status and QoS class, a Service keeping
// its allocated addresses when `kubectl apply` omits them, a namespace keeping its
// finalizers and status, pods keeping their admitted tolerations.
import type { KubeObject } from '../../../common/kube-types.js';
import { admitPodUpdate, preparePodForCreate } from '../defaults/pod.js';
import { prepareNamespaceForUpdate } from '../defaults/core.js';
import { prepareServiceForUpdate } from '../defaults/service.js';
import type { ResourceDef } from '../resources/types.js';

interface Strategy {
  afterCreateDefaults?(obj: KubeObject): void;
  prepareUpdate?(obj: KubeObject, old: KubeObject): void;
}

const CORE: Record<string, Strategy> = {
  Pod: { afterCreateDefaults: preparePodForCreate, prepareUpdate: admitPodUpdate },
  Service: { prepareUpdate: prepareServiceForUpdate },
  Namespace: { prepareUpdate: prepareNamespaceForUpdate },
};

export function strategyFor(def: ResourceDef): Strategy {
  return def.group === '' ? (CORE[def.kind] ?? {}) : {};
}
