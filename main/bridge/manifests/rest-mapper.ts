// Kind → resource, the way kubectl's RESTMapper finds where to send a document: from the API
// server's discovery (/api/v1, /apis, /apis/<group>/<version>), not from a table of our own,
// so a kind the server adds is editable with no change here.
import type { ApiClient, ResourcePath } from '../../common/client/api-client.js';
import type { KindMapping } from './schema-reduce.js';

interface ApiResource {
  name: string;
  namespaced: boolean;
  kind: string;
  shortNames?: string[];
}

interface ApiResourceList {
  groupVersion: string;
  resources: ApiResource[];
}

interface ApiGroupList {
  groups: { name: string; versions: { groupVersion: string }[] }[];
}

/** every group-version the API server serves (the legacy core one first) */
export async function discoverGroupVersions(client: ApiClient): Promise<string[]> {
  const core = await client.request<{ versions: string[] }>('GET', '/api');
  const groups = await client.request<ApiGroupList>('GET', '/apis');
  return [...core.versions, ...groups.groups.flatMap((g) => g.versions.map((v) => v.groupVersion))];
}

export async function discoverKinds(client: ApiClient, groupVersions: readonly string[]): Promise<KindMapping[]> {
  const lists = await Promise.all(groupVersions.map((gv) => client.request<ApiResourceList>('GET', gv.includes('/') ? `/apis/${gv}` : `/api/${gv}`)));
  return lists.flatMap((l) =>
    l.resources
      .filter((r) => !r.name.includes('/')) // subresources (pods/status) are not documents
      .map((r) => ({ apiVersion: l.groupVersion, kind: r.kind, resource: r.name, namespaced: r.namespaced })),
  );
}

/** where a mapped kind's objects live; the namespace only for namespaced kinds */
export function pathOf(m: KindMapping, namespace: string | undefined): ResourcePath {
  const slash = m.apiVersion.indexOf('/');
  return {
    group: slash > 0 ? m.apiVersion.slice(0, slash) : '',
    version: slash > 0 ? m.apiVersion.slice(slash + 1) : m.apiVersion,
    resource: m.resource,
    ...(m.namespaced && namespace !== undefined ? { namespace } : {}),
  };
}
