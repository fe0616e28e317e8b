// API discovery, legacy (/api, /apis, /api/v1, /apis/<g>/<v>) and aggregated
// (apidiscovery.k8s.io/v2, which kubectl 1.32 asks for first and which saves it a
// request per group version).
import type { ResourceRegistry } from './registry.js';
import type { ResourceDef } from './resources/types.js';

interface SubresourceShape {
  kind: string;
  group?: string;
  version?: string;
  verbs: string[];
}

/** kinds and verbs of subresources as kube-apiserver's discovery lists them */
function subresourceShape(def: ResourceDef, sub: string): SubresourceShape {
  switch (sub) {
    case 'status':
      return { kind: def.kind, verbs: ['get', 'patch', 'update'] };
    case 'scale':
      return { kind: 'Scale', group: 'autoscaling', version: 'v1', verbs: ['get', 'patch', 'update'] };
    case 'binding':
      return { kind: 'Binding', verbs: ['create'] };
    case 'eviction':
      return { kind: 'Eviction', group: 'policy', version: 'v1', verbs: ['create'] };
    case 'log':
      return { kind: 'Pod', verbs: ['get'] };
    case 'exec':
      return { kind: 'PodExecOptions', verbs: ['create', 'get'] };
    case 'attach':
      return { kind: 'PodAttachOptions', verbs: ['create', 'get'] };
    case 'portforward':
      return { kind: 'PodPortForwardOptions', verbs: ['create', 'get'] };
    case 'proxy':
      return { kind: def.kind === 'Node' ? 'NodeProxyOptions' : def.kind === 'Service' ? 'ServiceProxyOptions' : 'PodProxyOptions', verbs: ['create', 'delete', 'get', 'patch', 'update'] };
    case 'finalize':
      return { kind: 'Namespace', verbs: ['update'] };
    case 'token':
      return { kind: 'TokenRequest', group: 'authentication.k8s.io', version: 'v1', verbs: ['create'] };
    case 'ephemeralcontainers':
      return { kind: 'Pod', verbs: ['get', 'patch', 'update'] };
    default:
      return { kind: def.kind, verbs: ['get'] };
  }
}

export function apiVersions(serverAddress: string): object {
  return { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }] };
}

export function apiGroupList(registry: ResourceRegistry): object {
  const groups = new Map<string, string[]>();
  for (const { group, version } of registry.groupVersions()) {
    if (!group) continue;
    groups.set(group, [...(groups.get(group) ?? []), version]);
  }
  return {
    kind: 'APIGroupList',
    apiVersion: 'v1',
    groups: [...groups.entries()].map(([name, versions]) => ({
      name,
      versions: versions.map((v) => ({ groupVersion: `${name}/${v}`, version: v })),
      preferredVersion: { groupVersion: `${name}/${versions[0] ?? ''}`, version: versions[0] ?? '' },
    })),
  };
}

export function apiGroup(registry: ResourceRegistry, group: string): object | undefined {
  const list = apiGroupList(registry) as { groups: { name: string }[] };
  const g = list.groups.find((x) => x.name === group);
  return g ? { kind: 'APIGroup', apiVersion: 'v1', ...g } : undefined;
}

export function apiResourceList(registry: ResourceRegistry, group: string, version: string): object | undefined {
  const defs = registry.all.filter((d) => d.group === group && d.version === version);
  if (defs.length === 0) return undefined;
  const resources: object[] = [];
  for (const d of defs) {
    const main: Record<string, unknown> = { name: d.plural, singularName: d.singular, namespaced: d.namespaced, kind: d.kind, verbs: d.verbs };
    if (d.shortNames.length) main.shortNames = d.shortNames;
    if (d.categories.length) main.categories = d.categories;
    resources.push(main);
    for (const sub of d.subresources) {
      const s = subresourceShape(d, sub);
      const r: Record<string, unknown> = { name: `${d.plural}/${sub}`, singularName: '', namespaced: d.namespaced, kind: s.kind, verbs: s.verbs };
      if (s.group) r.group = s.group;
      if (s.version) r.version = s.version;
      resources.push(r);
    }
  }
  return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: group ? `${group}/${version}` : version, resources };
}

export const AGGREGATED_CONTENT_TYPE = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList';

export function wantsAggregated(accept: string | undefined): boolean {
  return !!accept && /as=APIGroupDiscoveryList/.test(accept) && /v=v2(;|,|$)/.test(accept.split(',').find((p) => p.includes('APIGroupDiscoveryList')) ?? '');
}

/** apidiscovery.k8s.io/v2 APIGroupDiscoveryList: the core group for /api, the rest for /apis */
export function aggregatedDiscovery(registry: ResourceRegistry, core: boolean): object {
  const byGroup = new Map<string, Map<string, ResourceDef[]>>();
  for (const d of registry.all) {
    if ((d.group === '') !== core) continue;
    const versions = byGroup.get(d.group) ?? new Map<string, ResourceDef[]>();
    versions.set(d.version, [...(versions.get(d.version) ?? []), d]);
    byGroup.set(d.group, versions);
  }
  const items = [...byGroup.entries()].map(([group, versions]) => ({
    metadata: { name: group, creationTimestamp: null },
    versions: [...versions.entries()].map(([version, defs]) => ({
      version,
      freshness: 'Current',
      resources: defs.map((d) => {
        const r: Record<string, unknown> = {
          resource: d.plural,
          responseKind: { group: d.group, version: d.version, kind: d.kind },
          scope: d.namespaced ? 'Namespaced' : 'Cluster',
          singularResource: d.singular,
          verbs: d.verbs,
        };
        if (d.shortNames.length) r.shortNames = d.shortNames;
        if (d.categories.length) r.categories = d.categories;
        if (d.subresources.length) {
          r.subresources = d.subresources.map((sub) => {
            const s = subresourceShape(d, sub);
            return { subresource: sub, responseKind: { group: s.group ?? d.group, version: s.version ?? d.version, kind: s.kind }, verbs: s.verbs };
          });
        }
        return r;
      }),
    })),
  }));
  return { kind: 'APIGroupDiscoveryList', apiVersion: 'apidiscovery.k8s.io/v2', metadata: {}, items };
}
