// Per-kind steps of kube's registry strategies (PrepareForCreate / PrepareForUpdate)
// that are not scheme defaults: a new pod's status and QoS class, a Service keeping
// its allocated addresses when `kubectl apply` omits them, a namespace keeping its
// finalizers and status, pods keeping their admitted tolerations.
import type { KubeObject } from '../../../common/kube-types.js';
import { admitPodUpdate, preparePodForCreate } from '../defaults/pod.js';
import type { TolerationSeconds } from '../defaults/pod.js';
import { prepareNamespaceForUpdate } from '../defaults/core.js';
import { prepareServiceForUpdate } from '../defaults/service.js';
import type { ResourceDef } from '../resources/types.js';

interface Strategy {
  afterCreateDefaults?(obj: KubeObject): void;
  prepareUpdate?(obj: KubeObject, old: KubeObject): void;
}

export function strategyFor(def: ResourceDef, tolerations: TolerationSeconds): Strategy {
  if (def.group !== '') return {};
  switch (def.kind) {
    case 'Pod':
      return { afterCreateDefaults: preparePodForCreate, prepareUpdate: (obj, old) => admitPodUpdate(obj, old, tolerations) };
    case 'Service':
      return { prepareUpdate: prepareServiceForUpdate };
    case 'Namespace':
      return { prepareUpdate: prepareNamespaceForUpdate };
    default:
      return {};
  }
}
