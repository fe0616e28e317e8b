// The resources kube-apiserver 1.32 serves that the labs use, as data. Storage
// key segments follow kube-apiserver's (nodes under 'minions', services under
// 'services/specs', replication controllers under 'controllers'), so
// `etcdctl get / --prefix --keys-only` shows what a kubeadm cluster shows.
import type { KubeObject } from '../../../common/kube-types.js';
import type { ResourceDef, Verb } from './types.js';
import { behaviourFor } from './behaviour.js';
import type { ResourceOptions } from './behaviour.js';

const ALL_VERBS: Verb[] = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

function path(obj: KubeObject, dotted: string): string | undefined {
  let cur: unknown = obj;
  for (const p of dotted.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[p];
  }
  if (cur === undefined || cur === null) return undefined;
  return typeof cur === 'string' ? cur : typeof cur === 'number' || typeof cur === 'boolean' ? String(cur) : undefined;
}

function fields(...paths: string[]): Record<string, (obj: KubeObject) => string | undefined> {
  const out: Record<string, (obj: KubeObject) => string | undefined> = {};
  for (const p of paths) out[p] = (o) => path(o, p) ?? '';
  return out;
}

interface Shape {
  group: string;
  version: string;
  kind: string;
  plural: string;
  shortNames?: string[];
  categories?: string[];
  namespaced: boolean;
  verbs?: Verb[];
  subresources?: string[];
  storageResource?: string;
  hasGeneration?: boolean;
  fieldSelectors?: Record<string, (obj: KubeObject) => string | undefined>;
  scale?: ResourceDef['scale'];
}

function defOf(s: Shape, opts: ResourceOptions): ResourceDef {
  const subresources = s.subresources ?? [];
  return {
    group: s.group,
    version: s.version,
    kind: s.kind,
    listKind: `${s.kind}List`,
    plural: s.plural,
    singular: s.kind.toLowerCase(),
    shortNames: s.shortNames ?? [],
    categories: s.categories ?? [],
    namespaced: s.namespaced,
    verbs: s.verbs ?? ALL_VERBS,
    subresources,
    storageResource: s.storageResource ?? s.plural,
    hasGeneration: s.hasGeneration ?? false,
    statusSubresource: subresources.includes('status'),
    scale: s.scale,
    fieldSelectors: s.fieldSelectors,
    ...behaviourFor(s.group, s.version, s.kind, s.plural, opts),
  };
}

const replicasScale = { specReplicasPath: 'spec.replicas', statusReplicasPath: 'status.replicas', labelSelectorPath: 'spec.selector' };

export function builtinResources(opts: ResourceOptions = {}): ResourceDef[] {
  const def = (s: Shape): ResourceDef => defOf(s, opts);
  return [
    def({ group: '', version: 'v1', kind: 'Namespace', plural: 'namespaces', shortNames: ['ns'], namespaced: false, verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'], subresources: ['status', 'finalize'], fieldSelectors: fields('status.phase') }),
    def({
      group: '', version: 'v1', kind: 'Pod', plural: 'pods', shortNames: ['po'], categories: ['all'], namespaced: true,
      subresources: ['status', 'binding', 'eviction', 'log', 'exec', 'attach', 'portforward', 'ephemeralcontainers'],
      fieldSelectors: fields('spec.nodeName', 'spec.restartPolicy', 'spec.schedulerName', 'spec.serviceAccountName', 'spec.hostNetwork', 'status.phase', 'status.podIP', 'status.nominatedNodeName'),
    }),
    def({ group: '', version: 'v1', kind: 'Node', plural: 'nodes', shortNames: ['no'], namespaced: false, subresources: ['status', 'proxy'], storageResource: 'minions', fieldSelectors: fields('spec.unschedulable') }),
    def({ group: '', version: 'v1', kind: 'Service', plural: 'services', shortNames: ['svc'], categories: ['all'], namespaced: true, verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'], subresources: ['status', 'proxy'], storageResource: 'services/specs' }),
    def({ group: '', version: 'v1', kind: 'Endpoints', plural: 'endpoints', shortNames: ['ep'], namespaced: true, storageResource: 'services/endpoints' }),
    def({
      group: '', version: 'v1', kind: 'Event', plural: 'events', shortNames: ['ev'], namespaced: true,
      fieldSelectors: fields('involvedObject.kind', 'involvedObject.namespace', 'involvedObject.name', 'involvedObject.uid', 'involvedObject.apiVersion', 'involvedObject.resourceVersion', 'involvedObject.fieldPath', 'reason', 'reportingComponent', 'source', 'type'),
    }),
    def({ group: '', version: 'v1', kind: 'ReplicationController', plural: 'replicationcontrollers', shortNames: ['rc'], categories: ['all'], namespaced: true, subresources: ['status', 'scale'], storageResource: 'controllers', hasGeneration: true, scale: { ...replicasScale, labelSelectorPath: 'spec.selector' } }),
    def({ group: '', version: 'v1', kind: 'ConfigMap', plural: 'configmaps', shortNames: ['cm'], namespaced: true }),
    def({ group: '', version: 'v1', kind: 'Secret', plural: 'secrets', namespaced: true, fieldSelectors: fields('type') }),
    def({ group: '', version: 'v1', kind: 'ServiceAccount', plural: 'serviceaccounts', shortNames: ['sa'], namespaced: true, subresources: ['token'] }),
    def({ group: '', version: 'v1', kind: 'Binding', plural: 'bindings', namespaced: true, verbs: ['create'] }),
    def({ group: 'apps', version: 'v1', kind: 'ReplicaSet', plural: 'replicasets', shortNames: ['rs'], categories: ['all'], namespaced: true, subresources: ['status', 'scale'], hasGeneration: true, scale: replicasScale }),
    def({ group: 'apps', version: 'v1', kind: 'Deployment', plural: 'deployments', shortNames: ['deploy'], categories: ['all'], namespaced: true, subresources: ['status', 'scale'], hasGeneration: true, scale: replicasScale }),
    def({ group: 'apps', version: 'v1', kind: 'DaemonSet', plural: 'daemonsets', shortNames: ['ds'], categories: ['all'], namespaced: true, subresources: ['status'], hasGeneration: true }),
    def({ group: 'apps', version: 'v1', kind: 'ControllerRevision', plural: 'controllerrevisions', namespaced: true }),
    def({ group: 'coordination.k8s.io', version: 'v1', kind: 'Lease', plural: 'leases', namespaced: true }),
    def({ group: 'discovery.k8s.io', version: 'v1', kind: 'EndpointSlice', plural: 'endpointslices', namespaced: true, fieldSelectors: fields('addressType') }),
    // served so kubectl's client-side validation can look for CRDs ("ensure CRDs are installed first")
    def({ group: 'apiextensions.k8s.io', version: 'v1', kind: 'CustomResourceDefinition', plural: 'customresourcedefinitions', shortNames: ['crd', 'crds'], categories: ['api-extensions'], namespaced: false, subresources: ['status'], storageResource: 'apiextensions.k8s.io/customresourcedefinitions' }),
    def({
      group: 'events.k8s.io', version: 'v1', kind: 'Event', plural: 'events', shortNames: ['ev'], namespaced: true,
      fieldSelectors: fields('regarding.kind', 'regarding.namespace', 'regarding.name', 'regarding.uid', 'reason', 'type', 'reportingController'),
    }),
  ];
}
