// What the endpoints and endpointslice controllers share (pkg/controller/util/endpoint,
// endpointslice/util, podutil.FindPort in 1.32): which pods a Service selects, which of
// them belong in its endpoints, their address for the Service's IP family, and the pod
// port each Service port resolves to (a named targetPort is looked up in the pod).
import type { KubeObject } from '../../common/kube-types.js';
import { isPodTerminal } from './pod-readiness.js';

export interface ServicePort {
  name?: string;
  protocol?: string;
  port: number;
  targetPort?: number | string;
  appProtocol?: string;
}

export interface ServiceSpec {
  type?: string;
  selector?: Record<string, string>;
  ports?: ServicePort[];
  clusterIP?: string;
  ipFamilies?: string[];
  publishNotReadyAddresses?: boolean;
}

interface ContainerPort {
  name?: string;
  containerPort: number;
  protocol?: string;
}

interface PodSpecPorts {
  nodeName?: string;
  hostname?: string;
  subdomain?: string;
  containers?: { ports?: ContainerPort[] }[];
  initContainers?: { restartPolicy?: string; ports?: ContainerPort[] }[];
}

/** EndpointsLastChangeTriggerTime: when the change the endpoints now reflect happened */
export const TRIGGER_TIME_ANNOTATION = 'endpoints.kubernetes.io/last-change-trigger-time';
/** v1.IsHeadlessService, put on the endpoints of a Service with clusterIP None */
export const HEADLESS_LABEL = 'service.kubernetes.io/headless';

export function serviceSpec(svc: KubeObject): ServiceSpec {
  return (svc.spec ?? {});
}

function podSpec(pod: KubeObject): PodSpecPorts {
  return (pod.spec ?? {});
}

/**
 * The controllers manage only Services with a selector; the others (like `kubernetes`
 * in default) get their endpoints from whoever created them. An empty selector is stored
 * as none at all, so it selects nothing here either.
 */
export function managedSelector(svc: KubeObject): Record<string, string> | undefined {
  const spec = serviceSpec(svc);
  if (spec.type === 'ExternalName') return undefined;
  const sel = spec.selector;
  return sel && Object.keys(sel).length > 0 ? sel : undefined;
}

export function selects(selector: Record<string, string>, pod: KubeObject): boolean {
  const labels = pod.metadata.labels ?? {};
  return Object.entries(selector).every(([k, v]) => labels[k] === v);
}

/** keys of the Services in the pod's namespace whose selector matches the pod */
export function servicesFor(services: readonly KubeObject[], pod: KubeObject): string[] {
  const out: string[] = [];
  for (const svc of services) {
    if (svc.metadata.namespace !== pod.metadata.namespace) continue;
    const sel = managedSelector(svc);
    if (sel && selects(sel, pod)) out.push(`${svc.metadata.namespace ?? ''}/${svc.metadata.name ?? ''}`);
  }
  return out;
}

/** ShouldPodBeInEndpoints: no terminal pods, no pods without an IP, terminating ones only when asked */
export function shouldPodBeInEndpoints(pod: KubeObject, includeTerminating: boolean): boolean {
  if (isPodTerminal(pod)) return false;
  const status = (pod.status ?? {}) as { podIP?: string; podIPs?: { ip: string }[] };
  if (!status.podIP && !(status.podIPs ?? []).length) return false;
  if (!includeTerminating && pod.metadata.deletionTimestamp) return false;
  return true;
}

/** the pod's IP of the Service's family (IPv4 unless the Service asks for IPv6) */
export function podAddressFor(svc: KubeObject, pod: KubeObject): string | undefined {
  const wantV6 = serviceSpec(svc).ipFamilies?.[0] === 'IPv6';
  const status = (pod.status ?? {}) as { podIP?: string; podIPs?: { ip: string }[] };
  const ips = (status.podIPs ?? []).map((p) => p.ip).filter(Boolean);
  if (ips.length === 0 && status.podIP) ips.push(status.podIP);
  return ips.find((ip) => ip.includes(':') === wantV6);
}

/** podutil.FindPort: a number is used as is; a name is looked up in the containers' (and sidecars') ports with the same protocol */
export function findPort(pod: KubeObject, sp: ServicePort): number | undefined {
  const target = sp.targetPort ?? sp.port;
  if (typeof target === 'number') return target;
  if (/^\d+$/.test(target)) return Number(target);
  const protocol = sp.protocol ?? 'TCP';
  const spec = podSpec(pod);
  const sidecars = (spec.initContainers ?? []).filter((c) => c.restartPolicy === 'Always');
  for (const c of [...(spec.containers ?? []), ...sidecars]) {
    for (const p of c.ports ?? []) {
      if (p.name === target && (p.protocol ?? 'TCP') === protocol) return p.containerPort;
    }
  }
  return undefined;
}

/** ShouldSetHostname: a pod's hostname is published when its subdomain names this Service */
export function hostnameFor(pod: KubeObject, svc: KubeObject): string | undefined {
  const spec = podSpec(pod);
  return spec.hostname && spec.subdomain === svc.metadata.name && pod.metadata.namespace === svc.metadata.namespace ? spec.hostname : undefined;
}

export function nodeNameOf(pod: KubeObject): string | undefined {
  return podSpec(pod).nodeName || undefined;
}

export interface TargetRef {
  kind: string;
  namespace: string;
  name: string;
  uid: string;
}

export function targetRef(pod: KubeObject): TargetRef {
  return { kind: 'Pod', namespace: pod.metadata.namespace ?? '', name: pod.metadata.name ?? '', uid: pod.metadata.uid ?? '' };
}

/** the Service's labels with the headless label added or removed, as both controllers label their objects */
export function endpointLabels(svc: KubeObject): Record<string, string> {
  const labels = { ...(svc.metadata.labels ?? {}) };
  if (serviceSpec(svc).clusterIP === 'None') labels[HEADLESS_LABEL] = '';
  else delete labels[HEADLESS_LABEL];
  return labels;
}

/** JSON with sorted keys, to compare what is stored with what is wanted */
export function stableJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stableJson).join(',')}]`;
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o)
      .filter((k) => o[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableJson(o[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v) ?? 'null';
}

/**
 * The first unsynced change per Service (TriggerTimeTracker, simplified): the time the
 * event that queued the Service was seen, written as last-change-trigger-time.
 */
export class TriggerTimes {
  private readonly first = new Map<string, number>();
  note(key: string, now: number): void {
    if (!this.first.has(key)) this.first.set(key, now);
  }
  take(key: string): number | undefined {
    const t = this.first.get(key);
    this.first.delete(key);
    return t;
  }
}
