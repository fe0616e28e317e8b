import type { KubeObject } from '../../../common/kube-types.js';
import type { GroupResource } from '../errors.js';
import { setTypeMeta } from '../registry.js';
import type { ResourceDef } from '../resources/types.js';

export function gr(def: ResourceDef): GroupResource {
  return { group: def.group, resource: def.plural };
}

export function toStorage(def: ResourceDef, obj: KubeObject): KubeObject {
  return def.convert ? def.convert.toStorage(obj) : obj;
}

export function fromStorage(def: ResourceDef, obj: KubeObject): KubeObject {
  return setTypeMeta(def, def.convert ? def.convert.fromStorage(obj) : obj);
}
