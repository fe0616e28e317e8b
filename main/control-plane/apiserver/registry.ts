// The resource registry: every served resource is a ResourceDef (data), looked up by
// group/version/plural from URLs and by apiVersion/kind from bodies.
import type { KubeObject } from '../../common/kube-types.js';
import type { ResourceDef } from './resources/types.js';

export class ResourceRegistry {
  private readonly byPath = new Map<string, ResourceDef>();
  private readonly byKind = new Map<string, ResourceDef>();
  readonly all: ResourceDef[] = [];

  constructor(defs: ResourceDef[]) {
    for (const d of defs) {
      this.all.push(d);
      this.byPath.set(`${d.group}/${d.version}/${d.plural}`, d);
      this.byKind.set(`${apiVersionOf(d)}/${d.kind}`, d);
    }
  }

  lookup(group: string, version: string, plural: string): ResourceDef | undefined {
    return this.byPath.get(`${group}/${version}/${plural}`);
  }

  byApiVersionKind(apiVersion: string, kind: string): ResourceDef | undefined {
    return this.byKind.get(`${apiVersion}/${kind}`);
  }

  groupVersions(): { group: string; version: string }[] {
    const seen = new Map<string, { group: string; version: string }>();
    for (const d of this.all) seen.set(`${d.group}/${d.version}`, { group: d.group, version: d.version });
    return [...seen.values()];
  }
}

export function apiVersionOf(d: Pick<ResourceDef, 'group' | 'version'>): string {
  return d.group ? `${d.group}/${d.version}` : d.version;
}

/** /registry/<resource>/<ns>/<name>, or /registry/<resource>/<name> when cluster-scoped */
export function storageKey(d: ResourceDef, namespace: string, name: string): string {
  return d.namespaced ? `/registry/${d.storageResource}/${namespace}/${name}` : `/registry/${d.storageResource}/${name}`;
}

/** prefix of a list: every namespace when namespace is '' */
export function storagePrefix(d: ResourceDef, namespace: string): string {
  return d.namespaced && namespace ? `/registry/${d.storageResource}/${namespace}/` : `/registry/${d.storageResource}/`;
}

export function setTypeMeta(d: ResourceDef, obj: KubeObject): KubeObject {
  obj.apiVersion = apiVersionOf(d);
  obj.kind = d.kind;
  return obj;
}
