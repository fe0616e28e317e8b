// What the endpointslice controller wants a Service's slices to be (podToEndpoint and
// the reconciler of pkg/controller/endpointslice, 1.32), without I/O.
import type { KubeObject } from '../../common/kube-types.js';
import type { TargetRef } from './endpoint-pods.js';
import { TRIGGER_TIME_ANNOTATION, endpointLabels, findPort, hostnameFor, managedSelector, nodeNameOf, podAddressFor, selects, serviceSpec, shouldPodBeInEndpoints, stableJson, targetRef } from './endpoint-pods.js';
import { isPodReady } from './pod-readiness.js';

export const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';
export const MANAGED_BY_LABEL = 'endpointslice.kubernetes.io/managed-by';
export const CONTROLLER_NAME = 'endpointslice-controller.k8s.io';

export interface SliceEndpoint {
  addresses: string[];
  conditions: { ready: boolean; serving: boolean; terminating: boolean };
  hostname?: string;
  targetRef: TargetRef;
  nodeName?: string;
  zone?: string;
}

export interface SlicePort {
  name: string;
  port: number;
  protocol: string;
  appProtocol?: string;
}

export interface Group {
  ports: SlicePort[];
  endpoints: SliceEndpoint[];
}

/** podToEndpoint: ready only when serving and not terminating, unless the Service publishes not-ready addresses */
export function podToEndpoint(svc: KubeObject, pod: KubeObject, ip: string, zone: string | undefined): SliceEndpoint {
  const publishNotReady = serviceSpec(svc).publishNotReadyAddresses === true;
  const serving = isPodReady(pod);
  const terminating = pod.metadata.deletionTimestamp !== undefined;
  const ready = publishNotReady || (serving && !terminating);
  const hostname = hostnameFor(pod, svc);
  const nodeName = nodeNameOf(pod);
  return {
    addresses: [ip],
    conditions: { ready, serving, terminating },
    ...(hostname ? { hostname } : {}),
    targetRef: targetRef(pod),
    ...(nodeName ? { nodeName } : {}),
    ...(zone ? { zone } : {}),
  };
}

/** the endpoints of a Service grouped by their resolved ports (one slice set per port set) */
export function desiredGroups(svc: KubeObject, pods: readonly KubeObject[], zoneOf: (node: string) => string | undefined): Group[] {
  const selector = managedSelector(svc);
  if (!selector) return [];
  const groups = new Map<string, Group>();
  for (const pod of pods) {
    if (pod.metadata.namespace !== svc.metadata.namespace || !selects(selector, pod)) continue;
    if (!shouldPodBeInEndpoints(pod, true)) continue;
    const ip = podAddressFor(svc, pod);
    if (!ip) continue;
    const ports: SlicePort[] = [];
    for (const sp of serviceSpec(svc).ports ?? []) {
      const port = findPort(pod, sp);
      if (port !== undefined) ports.push({ name: sp.name ?? '', port, protocol: sp.protocol ?? 'TCP', ...(sp.appProtocol ? { appProtocol: sp.appProtocol } : {}) });
    }
    const key = stableJson(ports);
    const group = groups.get(key) ?? { ports, endpoints: [] };
    groups.set(key, group);
    const node = nodeNameOf(pod);
    group.endpoints.push(podToEndpoint(svc, pod, ip, node ? zoneOf(node) : undefined));
  }
  for (const g of groups.values()) g.endpoints.sort((a, b) => a.targetRef.name.localeCompare(b.targetRef.name));
  return [...groups.values()];
}

function sliceContent(slice: KubeObject): string {
  return stableJson({ ports: slice['ports'] ?? [], endpoints: slice['endpoints'] ?? [], labels: slice.metadata.labels ?? {}, addressType: slice['addressType'] });
}


export interface SlicePlan {
  creates: KubeObject[];
  writes: KubeObject[];
  deletes: KubeObject[];
}

/**
 * The reconciler's plan: each port group's endpoints in chunks of maxPerSlice, reusing
 * the Service's existing slices of that port set (updated only when their content
 * differs), creating the rest and deleting what is left over. A Service without
 * endpoints keeps one empty placeholder slice.
 */
export function planSlices(svc: KubeObject, groups: Group[], existing: readonly KubeObject[], maxPerSlice: number, triggerTime: number | undefined): SlicePlan {
  const name = svc.metadata.name ?? '';
  const namespace = svc.metadata.namespace ?? '';
  const addressType = serviceSpec(svc).ipFamilies?.[0] === 'IPv6' ? 'IPv6' : 'IPv4';
  const labels = { ...endpointLabels(svc), [SERVICE_NAME_LABEL]: name, [MANAGED_BY_LABEL]: CONTROLLER_NAME };
  const owner = { apiVersion: 'v1', kind: 'Service', name, uid: svc.metadata.uid ?? '', controller: true, blockOwnerDeletion: true };
  // slices of another address type or of an earlier Service of that name are replaced
  const usable = existing.filter((s) => s['addressType'] === addressType && (s.metadata.ownerReferences ?? []).some((o) => o.uid === owner.uid));
  const plan: SlicePlan = { creates: [], writes: [], deletes: existing.filter((s) => !usable.includes(s)) };
  const byPorts = new Map<string, KubeObject[]>();
  for (const s of [...usable].sort((a, b) => (a.metadata.name ?? '').localeCompare(b.metadata.name ?? ''))) {
    const k = stableJson(s['ports'] ?? []);
    byPorts.set(k, [...(byPorts.get(k) ?? []), s]);
  }
  for (const g of groups.length ? groups : [{ ports: [], endpoints: [] }]) {
    const reuse = byPorts.get(stableJson(g.ports)) ?? [];
    byPorts.delete(stableJson(g.ports));
    const chunks: SliceEndpoint[][] = [];
    for (let i = 0; i < g.endpoints.length; i += maxPerSlice) chunks.push(g.endpoints.slice(i, i + maxPerSlice));
    if (chunks.length === 0) chunks.push([]);
    chunks.forEach((endpoints, i) => {
      const old = reuse[i];
      const annotations = { ...(old?.metadata.annotations ?? {}) };
      if (triggerTime !== undefined) annotations[TRIGGER_TIME_ANNOTATION] = new Date(triggerTime).toISOString();
      const slice: KubeObject = {
        apiVersion: 'discovery.k8s.io/v1',
        kind: 'EndpointSlice',
        metadata: old
          ? { ...old.metadata, labels, annotations, ownerReferences: [owner], managedFields: undefined }
          : { generateName: `${name}-`, namespace, labels, annotations, ownerReferences: [owner] },
        addressType,
        // Go's nil slices: an empty list is stored and shown as null, as on a real cluster
        endpoints: endpoints.length ? endpoints : null,
        ports: g.ports.length ? g.ports : null,
      };
      if (!old) plan.creates.push(slice);
      else if (sliceContent(old) !== sliceContent(slice)) plan.writes.push(slice);
    });
    plan.deletes.push(...reuse.slice(chunks.length));
  }
  for (const rest of byPorts.values()) plan.deletes.push(...rest);
  return plan;
}
