// Per-kind steps of kube's registry strategies (PrepareForCreate / PrepareForUpdate)
// that are not scheme defaults: a new pod's status and QoS class, a Service keeping
// its allocated addresses when `kubectl apply` omits them, a namespace keeping its
// finalizers and status, pods keeping their admitted tolerations.
import { isDeepStrictEqual } from 'node:util';
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

const TEMPLATE_GENERATION = 'deprecated.daemonset.template.generation';

/** apps/v1 keeps the DaemonSet's templateGeneration in an annotation; it counts template changes */
const daemonSet: Strategy = {
  afterCreateDefaults(obj) {
    obj.metadata.annotations = { ...obj.metadata.annotations, [TEMPLATE_GENERATION]: '1' };
  },
  prepareUpdate(obj, old) {
    const previous = Number(old.metadata.annotations?.[TEMPLATE_GENERATION] ?? '1') || 1;
    const template = (o: KubeObject): unknown => (o.spec as { template?: unknown } | undefined)?.template;
    const changed = !isDeepStrictEqual(template(obj), template(old));
    obj.metadata.annotations = { ...obj.metadata.annotations, [TEMPLATE_GENERATION]: String(changed ? previous + 1 : previous) };
  },
};

export function strategyFor(def: ResourceDef, tolerations: TolerationSeconds): Strategy {
  if (def.group === 'apps' && def.kind === 'DaemonSet') return daemonSet;
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
