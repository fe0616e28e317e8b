// API discovery for the garbage collector: which resources it watches (kube's
// GetDeletableResources: every resource supporting delete, list and watch, in the
// group's preferred version, minus the ignored ones — events by default) and how an
// ownerReference's apiVersion/kind maps to a resource to look the owner up.
import type { ApiClient, ResourcePath } from '../../common/client/api-client.js';

export interface ApiResource {
  group: string;
  version: string;
  resource: string;
  kind: string;
  namespaced: boolean;
  verbs: string[];
  /** served in the group's preferred version */
  preferred: boolean;
}

interface ApiResourceList {
  groupVersion: string;
  resources: { name: string; kind: string; namespaced: boolean; verbs?: string[] }[];
}

interface ApiGroupList {
  groups: { name: string; versions: { groupVersion: string; version: string }[]; preferredVersion?: { groupVersion: string } }[];
}

/** kube-controller-manager's default --gc-ignored-resources, as resource.group */
export const DEFAULT_IGNORED_RESOURCES = ['events', 'events.events.k8s.io'];

export function apiVersionOf(r: { group: string; version: string }): string {
  return r.group ? `${r.group}/${r.version}` : r.version;
}

export function pathOf(r: ApiResource, namespace?: string): ResourcePath {
  return { group: r.group, version: r.version, resource: r.resource, ...(r.namespaced && namespace ? { namespace } : {}) };
}

/** every resource of every served group version (subresources left out) */
export async function discoverResources(client: ApiClient): Promise<ApiResource[]> {
  const out: ApiResource[] = [];
  const add = (list: ApiResourceList, preferred: boolean): void => {
    const [group, version] = list.groupVersion.includes('/') ? (list.groupVersion.split('/') as [string, string]) : ['', list.groupVersion];
    for (const r of list.resources) {
      if (r.name.includes('/')) continue;
      out.push({ group, version, resource: r.name, kind: r.kind, namespaced: r.namespaced, verbs: r.verbs ?? [], preferred });
    }
  };
  add(await client.request<ApiResourceList>('GET', '/api/v1'), true);
  const groups = await client.request<ApiGroupList>('GET', '/apis');
  for (const g of groups.groups) {
    const preferred = g.preferredVersion?.groupVersion ?? g.versions[0]?.groupVersion;
    for (const v of g.versions) add(await client.request<ApiResourceList>('GET', `/apis/${v.groupVersion}`), v.groupVersion === preferred);
  }
  return out;
}

/** GetDeletableResources minus the ignored: what the dependency graph watches */
export function monitoredResources(all: readonly ApiResource[], ignored: readonly string[]): ApiResource[] {
  const skip = new Set(ignored);
  return all.filter((r) => {
    const id = r.group ? `${r.resource}.${r.group}` : r.resource;
    return r.preferred && !skip.has(id) && ['delete', 'list', 'watch'].every((v) => r.verbs.includes(v));
  });
}

export function resourceId(r: ApiResource): string {
  return `${r.group}/${r.version}/${r.resource}`;
}

/** the RESTMapper part the collector needs: apiVersion + kind → resource */
export class KindMapper {
  private readonly byKind = new Map<string, ApiResource[]>();

  constructor(resources: readonly ApiResource[]) {
    for (const r of resources) {
      const key = `${r.group}/${r.kind}`;
      const list = this.byKind.get(key) ?? [];
      list.push(r);
      this.byKind.set(key, list);
    }
  }

  /** the exact version when served, otherwise the group's preferred one */
  lookup(apiVersion: string, kind: string): ApiResource | undefined {
    const group = apiVersion.includes('/') ? (apiVersion.split('/')[0] ?? '') : '';
    const version = apiVersion.includes('/') ? (apiVersion.split('/')[1] ?? '') : apiVersion;
    const list = this.byKind.get(`${group}/${kind}`) ?? [];
    return list.find((r) => r.version === version) ?? list.find((r) => r.preferred) ?? list[0];
  }
}
