// Service IP and port allocation (kube-apiserver's service REST storage): a ClusterIP
// from the service CIDR, NodePorts from 30000-32767, and for type LoadBalancer an
// address from the lab's pool written to status.loadBalancer (the cloud controller's
// job on a real cluster), so `kubectl expose --type=LoadBalancer` gets an EXTERNAL-IP.
import type { KubeObject } from '../../../common/kube-types.js';
import { errors } from '../errors.js';
import type { AdmissionPlugin, ApiServices } from '../handlers/context.js';
import { Cidr } from '../../../common/cidr.js';

export interface ServiceNetworkConfig {
  serviceCidr: string; // kube default 10.96.0.0/12
  nodePortRange: [number, number]; // kube default 30000-32767
  loadBalancerPool: string;
}

interface ServicePort {
  name?: string;
  port?: number;
  nodePort?: number;
  protocol?: string;
}

interface ServiceSpec {
  type?: string;
  clusterIP?: string;
  clusterIPs?: string[];
  ports?: ServicePort[];
}

function specOf(obj: KubeObject): ServiceSpec {
  obj.spec ??= {};
  return obj.spec as ServiceSpec;
}

async function usage(api: ApiServices): Promise<{ ips: Set<string>; ports: Set<number>; lbs: Set<string> }> {
  const list = await api.objects.list('/registry/services/specs/');
  const ips = new Set<string>();
  const ports = new Set<number>();
  const lbs = new Set<string>();
  for (const s of list.items) {
    const spec = (s.spec ?? {}) as ServiceSpec;
    if (spec.clusterIP && spec.clusterIP !== 'None') ips.add(spec.clusterIP);
    for (const p of spec.ports ?? []) if (p.nodePort) ports.add(p.nodePort);
    const ingress = ((s.status ?? {}) as { loadBalancer?: { ingress?: { ip?: string }[] } }).loadBalancer?.ingress ?? [];
    for (const i of ingress) if (i.ip) lbs.add(i.ip);
  }
  return { ips, ports, lbs };
}

export function serviceAllocation(cfg: ServiceNetworkConfig): AdmissionPlugin {
  const cidr = new Cidr(cfg.serviceCidr);
  const pool = new Cidr(cfg.loadBalancerPool);
  let chain: Promise<void> = Promise.resolve();
  const serialized = <T>(fn: () => Promise<T>): Promise<T> => {
    const run = chain.then(fn);
    chain = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  };
  return {
    name: 'ServiceAllocation',
    admit: (req, api) => {
      // only Service writes allocate; everything else must not queue behind them
      if (req.def.group !== '' || req.def.kind !== 'Service' || req.operation === 'DELETE' || req.subresource === 'status') return Promise.resolve();
      return serialized(async () => {
        const spec = specOf(req.object);
        const old = req.old ? specOf(req.old) : undefined;
        const type = spec.type ?? 'ClusterIP';
        const used = await usage(api);
        if (old?.clusterIP) {
          if (spec.clusterIP && spec.clusterIP !== old.clusterIP) return; // validation reports the immutable field
          spec.clusterIP = old.clusterIP;
        } else if (spec.clusterIP && spec.clusterIP !== 'None') {
          if (!cidr.contains(spec.clusterIP)) {
            throw errors.invalid('Service', '', req.object.metadata.name ?? '', `Service "${req.object.metadata.name ?? ''}" is invalid: spec.clusterIPs: Invalid value: []string{"${spec.clusterIP}"}: failed to allocate IP ${spec.clusterIP}: provided IP is not in the valid range. The range of valid IPs is ${cfg.serviceCidr}`, [
              { reason: 'FieldValueInvalid', field: 'spec.clusterIPs', message: `Invalid value: []string{"${spec.clusterIP}"}: failed to allocate IP ${spec.clusterIP}: provided IP is not in the valid range. The range of valid IPs is ${cfg.serviceCidr}` },
            ]);
          }
          if (used.ips.has(spec.clusterIP)) {
            throw errors.invalid('Service', '', req.object.metadata.name ?? '', `Service "${req.object.metadata.name ?? ''}" is invalid: spec.clusterIPs: Invalid value: []string{"${spec.clusterIP}"}: failed to allocate IP ${spec.clusterIP}: provided IP is already allocated`, [
              { reason: 'FieldValueInvalid', field: 'spec.clusterIPs', message: `Invalid value: []string{"${spec.clusterIP}"}: failed to allocate IP ${spec.clusterIP}: provided IP is already allocated` },
            ]);
          }
        } else if (spec.clusterIP !== 'None') {
          // .1 is the kubernetes service's address, handed out first at startup
          const ip = cidr.firstFree(used.ips, req.object.metadata.name === 'kubernetes' && req.namespace === 'default' ? 1 : 2);
          if (!ip) throw errors.internal('failed to allocate a serviceIP: range is full');
          spec.clusterIP = ip;
        }
        if (spec.clusterIP) spec.clusterIPs = [spec.clusterIP];
        if (type === 'NodePort' || type === 'LoadBalancer') {
          const oldPorts = new Map((old?.ports ?? []).map((p) => [`${p.port}/${p.protocol ?? 'TCP'}`, p.nodePort]));
          for (const p of spec.ports ?? []) {
            if (p.nodePort) continue;
            const keep = oldPorts.get(`${p.port}/${p.protocol ?? 'TCP'}`);
            if (keep) {
              p.nodePort = keep;
              continue;
            }
            const [lo, hi] = cfg.nodePortRange;
            const start = lo + Math.floor(Math.random() * (hi - lo + 1));
            for (let i = 0; i <= hi - lo; i++) {
              const port = lo + ((start - lo + i) % (hi - lo + 1));
              if (!used.ports.has(port)) {
                p.nodePort = port;
                used.ports.add(port);
                break;
              }
            }
            if (!p.nodePort) throw errors.internal('failed to allocate a nodePort: range is full');
          }
        } else {
          for (const p of spec.ports ?? []) delete p.nodePort;
        }
        if (type === 'LoadBalancer') {
          const oldIngress = ((req.old?.status ?? {}) as { loadBalancer?: { ingress?: { ip?: string }[] } }).loadBalancer?.ingress;
          const ip = oldIngress?.[0]?.ip ?? pool.firstFree(used.lbs, 1);
          if (ip) req.object.status = { ...(req.object.status as object | undefined), loadBalancer: { ingress: [{ ip, ipMode: 'VIP' }] } };
        }
      });
    },
  };
}
