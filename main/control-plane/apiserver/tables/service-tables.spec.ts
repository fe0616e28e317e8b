import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../common/kube-types.js';
import { endpointSliceTable, endpointsTable, serviceTable } from './service-tables.js';

const now = new Date('2024-05-01T12:00:00Z');
const created = '2024-04-29T09:00:00Z'; // 2d3h before now

function service(spec: Record<string, unknown>, status: Record<string, unknown> = {}): KubeObject {
  return { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', creationTimestamp: created }, spec, status };
}

describe('serviceTable', () => {
  it('prints a ClusterIP service', () => {
    const row = serviceTable.row(
      service({ type: 'ClusterIP', clusterIP: '10.96.0.10', clusterIPs: ['10.96.0.10'], ports: [{ port: 53, protocol: 'UDP' }, { port: 53, protocol: 'TCP' }], selector: { 'k8s-app': 'kube-dns' } }),
      now,
    );
    expect(row).toEqual(['web', 'ClusterIP', '10.96.0.10', '<none>', '53/UDP,53/TCP', '2d3h', 'k8s-app=kube-dns']);
  });

  it('prints a NodePort service line', () => {
    const row = serviceTable.row(
      service({ type: 'NodePort', clusterIP: '10.96.1.20', ports: [{ port: 80, nodePort: 30080, protocol: 'TCP', targetPort: 8080 }], selector: { app: 'web' } }),
      now,
    );
    expect(row).toEqual(['web', 'NodePort', '10.96.1.20', '<none>', '80:30080/TCP', '2d3h', 'app=web']);
  });

  it('prints <pending> for a LoadBalancer without ingress, and its addresses once assigned', () => {
    const spec = { type: 'LoadBalancer', clusterIP: '10.96.1.21', ports: [{ port: 443, nodePort: 31443, protocol: 'TCP' }] };
    expect(serviceTable.row(service(spec), now).slice(1, 5)).toEqual(['LoadBalancer', '10.96.1.21', '<pending>', '443:31443/TCP']);
    const assigned = service(spec, {
      loadBalancer: { ingress: [{ ip: '192.168.50.20' }, { hostname: 'a-very-long-load-balancer.example.com' }, { ip: '192.168.50.20' }] },
    });
    // The server renders wide cells, so the 16-character clipping of kubectl's old client-side printer does not apply.
    expect(serviceTable.row(assigned, now)[3]).toBe('192.168.50.20,a-very-long-load-balancer.example.com');
    const withExternal = service({ ...spec, externalIPs: ['1.2.3.4'] }, { loadBalancer: { ingress: [{ ip: '5.6.7.8' }] } });
    expect(serviceTable.row(withExternal, now)[3]).toBe('5.6.7.8,1.2.3.4');
  });

  it('prints headless, ExternalName and port-less services', () => {
    const headless = service({ type: 'ClusterIP', clusterIP: 'None', clusterIPs: ['None'], ports: [{ port: 80, protocol: 'TCP' }] });
    expect(serviceTable.row(headless, now).slice(1, 5)).toEqual(['ClusterIP', 'None', '<none>', '80/TCP']);
    const external = service({ type: 'ExternalName', externalName: 'db.example.com' });
    expect(serviceTable.row(external, now).slice(1, 7)).toEqual(['ExternalName', '<none>', 'db.example.com', '<none>', '2d3h', '<none>']);
  });
});

describe('endpointsTable', () => {
  it('prints the first three ip:port pairs and how many more', () => {
    const endpoints: KubeObject = {
      metadata: { name: 'web', creationTimestamp: created },
      subsets: [
        {
          addresses: [{ ip: '10.1.0.5' }, { ip: '10.1.0.6' }, { ip: '10.1.0.7' }, { ip: '10.1.0.8' }],
          ports: [{ port: 80, protocol: 'TCP' }],
        },
      ],
    };
    expect(endpointsTable.row(endpoints, now)).toEqual(['web', '10.1.0.5:80,10.1.0.6:80,10.1.0.7:80 + 1 more...', '2d3h']);
  });

  it('counts every port of every subset, brackets IPv6 and lists bare IPs without ports', () => {
    const endpoints: KubeObject = {
      metadata: { name: 'multi' },
      subsets: [
        { addresses: [{ ip: 'fd00::1' }], ports: [{ port: 80 }, { port: 443 }] },
        { addresses: [{ ip: '10.1.0.9' }, { ip: '10.1.0.10' }] },
      ],
    };
    expect(endpointsTable.row(endpoints, now)).toEqual(['multi', '[fd00::1]:80,[fd00::1]:443,10.1.0.9 + 1 more...', '<unknown>']);
  });

  it('prints <none> without subsets', () => {
    expect(endpointsTable.row({ metadata: { name: 'empty' } }, now)[1]).toBe('<none>');
  });
});

describe('endpointSliceTable', () => {
  it('prints address type, ports and endpoints', () => {
    const slice: KubeObject = {
      metadata: { name: 'web-abc12', creationTimestamp: created },
      addressType: 'IPv4',
      ports: [{ name: 'http', port: 80, protocol: 'TCP' }, { name: 'metrics' }],
      endpoints: [{ addresses: ['10.1.0.5'] }, { addresses: ['10.1.0.6'] }, { addresses: ['10.1.0.7'] }, { addresses: ['10.1.0.8'] }],
    };
    expect(endpointSliceTable.row(slice, now)).toEqual(['web-abc12', 'IPv4', '80,metrics', '10.1.0.5,10.1.0.6,10.1.0.7 + 1 more...', '2d3h']);
  });

  it('prints <unset> for empty ports and endpoints', () => {
    const slice: KubeObject = { metadata: { name: 'empty', creationTimestamp: created }, addressType: 'IPv4' };
    expect(endpointSliceTable.row(slice, now)).toEqual(['empty', 'IPv4', '<unset>', '<unset>', '2d3h']);
  });
});
