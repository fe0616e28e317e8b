// Services × EndpointSlices → one entry per service port with the endpoints to use,
// the way kube-proxy's ServiceChangeTracker and EndpointSliceCache flatten them
// (pkg/proxy/servicechangetracker.go, endpointslicecache.go, topology.go).
import { servicePortName } from './chain-names.js';
import type { EndpointSlice, Protocol, Service } from './types.js';
import { SERVICE_NAME_LABEL } from './types.js';

export interface ServicePortInfo {
  /** "ns/name:port" (kube-proxy's ServicePortName.String()) */
  name: string;
  /** lower case, as kube-proxy writes it into rules and chain hashes */
  protocol: 'tcp' | 'udp' | 'sctp';
  clusterIP: string;
  port: number;
  nodePort?: number;
  externalIPs: string[];
  loadBalancerIPs: string[];
  /** set for sessionAffinity: ClientIP (seconds; kube default 10800) */
  affinitySeconds?: number;
  /** "ip:port" of the endpoints traffic goes to, sorted */
  endpoints: string[];
}

/** kube default for sessionAffinityConfig.clientIP.timeoutSeconds */
const DEFAULT_AFFINITY_SECONDS = 10800;

const isIPv4 = (ip: string | undefined): ip is string => !!ip && /^\d{1,3}(\.\d{1,3}){3}$/.test(ip);

interface Candidate {
  ready: boolean;
  servingTerminating: boolean;
}

/**
 * The endpoints of one service port, from every IPv4 slice of that service. Only ready
 * endpoints are used (conditions.ready unset means ready, per the EndpointSlice API);
 * when none is ready, endpoints that are serving while terminating are used instead
 * (kube-proxy's CategorizeEndpoints, KEP-1669), so a rolling update drains gracefully.
 */
function endpointsFor(slices: EndpointSlice[], portName: string | undefined, protocol: Protocol): string[] {
  const found = new Map<string, Candidate>();
  for (const slice of slices) {
    if (slice.addressType !== 'IPv4') continue;
    // the endpoints controller already resolved targetPort (named or numeric) into the
    // slice's port number; match the service port by its name and protocol
    const port = (slice.ports ?? []).find((p) => (p.name ?? '') === (portName ?? '') && (p.protocol ?? 'TCP') === protocol);
    if (!port?.port) continue;
    for (const ep of slice.endpoints ?? []) {
      const ip = ep.addresses[0];
      if (!isIPv4(ip)) continue;
      const ready = ep.conditions?.ready !== false;
      const serving = ep.conditions?.serving ?? ready;
      const terminating = ep.conditions?.terminating ?? false;
      const key = `${ip}:${port.port}`;
      const prev = found.get(key);
      found.set(key, { ready: ready || !!prev?.ready, servingTerminating: (serving && terminating) || !!prev?.servingTerminating });
    }
  }
  let use = [...found].filter(([, c]) => c.ready);
  if (use.length === 0) use = [...found].filter(([, c]) => c.servingTerminating);
  return use.map(([k]) => k).sort();
}

/** every proxied service port, sorted by name then protocol so the rules come out stable */
export function servicePorts(services: Service[], endpointSlices: EndpointSlice[]): ServicePortInfo[] {
  const slicesByService = new Map<string, EndpointSlice[]>();
  for (const s of endpointSlices) {
    const svc = s.metadata.labels?.[SERVICE_NAME_LABEL];
    if (!svc) continue;
    const key = `${s.metadata.namespace ?? ''}/${svc}`;
    const list = slicesByService.get(key) ?? [];
    list.push(s);
    slicesByService.set(key, list);
  }
  const out: ServicePortInfo[] = [];
  for (const svc of services) {
    const spec = svc.spec ?? {};
    // headless ("None") and ExternalName services have no virtual IP to proxy
    if (spec.type === 'ExternalName' || !isIPv4(spec.clusterIP)) continue;
    const ns = svc.metadata.namespace ?? 'default';
    const name = svc.metadata.name ?? '';
    const slices = slicesByService.get(`${ns}/${name}`) ?? [];
    const lbIPs = (svc.status?.loadBalancer?.ingress ?? []).filter((i) => i.ipMode !== 'Proxy').map((i) => i.ip);
    for (const p of spec.ports ?? []) {
      const protocol = p.protocol ?? 'TCP';
      out.push({
        name: servicePortName(ns, name, p.name),
        protocol: protocol.toLowerCase() as ServicePortInfo['protocol'],
        clusterIP: spec.clusterIP,
        port: p.port,
        ...(p.nodePort && spec.type !== 'ClusterIP' ? { nodePort: p.nodePort } : {}),
        externalIPs: (spec.externalIPs ?? []).filter(isIPv4),
        loadBalancerIPs: spec.type === 'LoadBalancer' ? lbIPs.filter(isIPv4) : [],
        ...(spec.sessionAffinity === 'ClientIP' ? { affinitySeconds: spec.sessionAffinityConfig?.clientIP?.timeoutSeconds ?? DEFAULT_AFFINITY_SECONDS } : {}),
        endpoints: endpointsFor(slices, p.name, protocol),
      });
    }
  }
  return out.sort((a, b) => (a.name === b.name ? a.protocol.localeCompare(b.protocol) : a.name < b.name ? -1 : 1));
}
