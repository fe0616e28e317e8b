// Service networking: services, endpoints, endpointslices (printService,
// printEndpoints, printEndpointSlice in printers.go 1.32).
import type { KubeObject } from '../../../common/kube-types.js';
import { int, list, optInt, optStr, rec, str, stringMap, type JsonRecord } from './accessors.js';
import { ageColumn, column, doc, nameColumn, wide } from './columns.js';
import { translateTimestampSince } from './duration.js';
import { compareGoStrings, formatLabels } from './labels.js';
import type { PrinterDef } from './printer-def.js';

/** how many addresses / ports a cell lists before "+ N more..." */
const LIST_MAX = 3;

function strings(value: unknown[]): string[] {
  return value.filter((v): v is string => typeof v === 'string');
}

/** The internal ClusterIPs[0]: spec.clusterIP is authoritative in v1→internal conversion. */
function clusterIP(spec: JsonRecord): string {
  const single = str(spec, 'clusterIP');
  if (single !== '') return single;
  return strings(list(spec, 'clusterIPs'))[0] ?? '<none>';
}

/**
 * loadBalancerStatusStringer with wide=true: kube-apiserver renders tables wide, so the
 * 16-character "..." clipping never happens server-side. Unique values, sorted.
 */
function loadBalancerIngress(status: JsonRecord): string {
  const result = new Set<string>();
  for (const ingress of list(status, 'loadBalancer', 'ingress')) {
    const ip = str(ingress, 'ip');
    const hostname = str(ingress, 'hostname');
    if (ip !== '') result.add(ip);
    else if (hostname !== '') result.add(hostname);
  }
  return [...result].sort(compareGoStrings).join(',');
}

/** getServiceExternalIP */
export function serviceExternalIP(service: KubeObject): string {
  const spec = rec(service, 'spec');
  const externalIPs = strings(list(spec, 'externalIPs'));
  switch (str(spec, 'type')) {
    case 'ClusterIP':
    case 'NodePort':
      return externalIPs.length > 0 ? externalIPs.join(',') : '<none>';
    case 'LoadBalancer': {
      const lbIPs = loadBalancerIngress(rec(service, 'status'));
      if (externalIPs.length > 0) return [...(lbIPs === '' ? [] : lbIPs.split(',')), ...externalIPs].join(',');
      return lbIPs !== '' ? lbIPs : '<pending>';
    }
    case 'ExternalName':
      return str(spec, 'externalName');
    default:
      return '<unknown>';
  }
}

/** makePortString: 80/TCP, 80:30080/TCP, joined by "," */
export function servicePorts(ports: unknown[]): string {
  return ports
    .map((port) => {
      const nodePort = int(port, 'nodePort');
      const protocol = str(port, 'protocol');
      return nodePort > 0 ? `${int(port, 'port')}:${nodePort}/${protocol}` : `${int(port, 'port')}/${protocol}`;
    })
    .join(',');
}

export const serviceTable: PrinterDef = {
  columns: [
    nameColumn,
    column('Type', 'string', doc.serviceType),
    column('Cluster-IP', 'string', doc.clusterIP),
    column('External-IP', 'string', doc.externalIPs),
    column('Port(s)', 'string', doc.servicePorts),
    ageColumn,
    wide('Selector', 'string', doc.serviceSelector),
  ],
  row(service, now) {
    const spec = rec(service, 'spec');
    const ports = servicePorts(list(spec, 'ports'));
    return [
      service.metadata.name ?? '',
      str(spec, 'type'),
      clusterIP(spec),
      serviceExternalIP(service),
      ports === '' ? '<none>' : ports,
      translateTimestampSince(service.metadata.creationTimestamp, now),
      formatLabels(stringMap(spec, 'selector')),
    ];
  },
};

/** net.JoinHostPort: IPv6 literals are bracketed */
function joinHostPort(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

/** formatEndpoints(endpoints, nil): the first three ip:port pairs, then "+ N more..." */
export function formatEndpoints(endpoints: KubeObject): string {
  const subsets = list(endpoints, 'subsets');
  if (subsets.length === 0) return '<none>';
  const shown: string[] = [];
  let more = false;
  let count = 0;
  for (const subset of subsets) {
    const addresses = list(subset, 'addresses');
    const ports = list(subset, 'ports');
    // Headless services may have addresses without ports: list bare IPs.
    const perPort: (number | undefined)[] = ports.length === 0 ? [undefined] : ports.map((p) => int(p, 'port'));
    for (const port of perPort) {
      count += addresses.length;
      for (const address of addresses) {
        if (shown.length === LIST_MAX) {
          more = true;
          break;
        }
        const ip = str(address, 'ip');
        shown.push(port === undefined ? ip : joinHostPort(ip, port));
      }
    }
  }
  const joined = shown.join(',');
  return more ? `${joined} + ${count - LIST_MAX} more...` : joined;
}

/** listWithMoreString: "<unset>" for an empty list */
function listWithMore(values: string[], more: boolean, count: number): string {
  const joined = values.join(',');
  if (more) return `${joined} + ${count - LIST_MAX} more...`;
  return joined === '' ? '<unset>' : joined;
}

export function formatSlicePorts(ports: unknown[]): string {
  const shown: string[] = [];
  let more = false;
  for (const port of ports) {
    if (shown.length < LIST_MAX) {
      shown.push(String(optInt(port, 'port') ?? optStr(port, 'name') ?? '*'));
    } else if (shown.length === LIST_MAX) {
      more = true;
    }
  }
  return listWithMore(shown, more, ports.length);
}

export function formatSliceEndpoints(endpoints: unknown[]): string {
  const shown: string[] = [];
  let more = false;
  let count = 0;
  for (const endpoint of endpoints) {
    for (const address of strings(list(endpoint, 'addresses'))) {
      if (shown.length < LIST_MAX) shown.push(address);
      else if (shown.length === LIST_MAX) more = true;
      count++;
    }
  }
  return listWithMore(shown, more, count);
}

export const endpointsTable: PrinterDef = {
  columns: [nameColumn, column('Endpoints', 'string', doc.endpointsSubsets), ageColumn],
  row(endpoints, now) {
    return [endpoints.metadata.name ?? '', formatEndpoints(endpoints), translateTimestampSince(endpoints.metadata.creationTimestamp, now)];
  },
};

export const endpointSliceTable: PrinterDef = {
  columns: [
    nameColumn,
    column('AddressType', 'string', doc.sliceAddressType),
    column('Ports', 'string', doc.slicePorts),
    column('Endpoints', 'string', doc.sliceEndpoints),
    ageColumn,
  ],
  row(slice, now) {
    return [
      slice.metadata.name ?? '',
      str(slice, 'addressType'),
      formatSlicePorts(list(slice, 'ports')),
      formatSliceEndpoints(list(slice, 'endpoints')),
      translateTimestampSince(slice.metadata.creationTimestamp, now),
    ];
  },
};
