import { describe, expect, it } from 'vitest';
import { endpointChain, externalChain, serviceChain, servicePortName } from './chain-names.js';
import { buildRules, probability } from './rules.js';
import type { Endpoint, EndpointPort, EndpointSlice, Service, ServiceSpec } from './types.js';

function svc(ns: string, name: string, spec: ServiceSpec, lbIPs: string[] = []): Service {
  return { apiVersion: 'v1', kind: 'Service', metadata: { namespace: ns, name }, spec, status: { loadBalancer: { ingress: lbIPs.map((ip) => ({ ip })) } } };
}

function slice(ns: string, service: string, ports: EndpointPort[], endpoints: Endpoint[], name = `${service}-abcde`): EndpointSlice {
  return { apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', metadata: { namespace: ns, name, labels: { 'kubernetes.io/service-name': service } }, addressType: 'IPv4', ports, endpoints };
}

const ep = (ip: string, conditions?: Endpoint['conditions']): Endpoint => ({ addresses: [ip], ...(conditions ? { conditions } : {}) });

function lines(text: string): string[] {
  return text.split('\n');
}

/** the lines of one table section */
function table(text: string, name: 'filter' | 'nat'): string[] {
  const all = lines(text);
  const start = all.indexOf(`*${name}`);
  return all.slice(start + 1, all.indexOf('COMMIT', start));
}

describe('chain names', () => {
  it('hash like kube-proxy (sha256, base32, 16 characters)', () => {
    // values from real clusters and kube-proxy's proxier_test.go
    expect(serviceChain('default/kubernetes:https', 'tcp')).toBe('KUBE-SVC-NPX46M4PTMTKRN6Y');
    expect(serviceChain('kube-system/kube-dns:dns', 'udp')).toBe('KUBE-SVC-TCOU7JCQXEZGVUNU');
    expect(serviceChain('kube-system/kube-dns:dns-tcp', 'tcp')).toBe('KUBE-SVC-ERIFXISQEP7F7OF4');
    expect(serviceChain('ns1/svc1:p80', 'tcp')).toBe('KUBE-SVC-XPGD46QRK7WJZT7O');
    expect(externalChain('ns1/svc1:p80', 'tcp')).toBe('KUBE-EXT-XPGD46QRK7WJZT7O');
    expect(endpointChain('ns1/svc1:p80', 'tcp', '10.180.0.1:80')).toBe('KUBE-SEP-SXIVWICOYRO3J4NJ');
    expect(endpointChain('ns1/svc1:p80', 'tcp', '10.180.0.2:80')).toBe('KUBE-SEP-LXVODXWDISEETFEF');
    expect(endpointChain('ns2/svc2:p80', 'tcp', '10.180.0.2:80')).toBe('KUBE-SEP-RS4RBKLTHTF2IUXJ');
  });

  it('name a service port "ns/name:port", or "ns/name" when the port has no name', () => {
    expect(servicePortName('default', 'web', 'http')).toBe('default/web:http');
    expect(servicePortName('default', 'web', undefined)).toBe('default/web');
    expect(servicePortName('default', 'web', '')).toBe('default/web');
  });
});

describe('buildRules', () => {
  it('writes a ClusterIP service with two endpoints exactly as kube-proxy does', () => {
    const text = buildRules({
      services: [svc('ns1', 'svc1', { type: 'ClusterIP', clusterIP: '172.30.0.41', ports: [{ name: 'p80', port: 80, protocol: 'TCP', targetPort: 80 }] })],
      endpointSlices: [slice('ns1', 'svc1', [{ name: 'p80', port: 80, protocol: 'TCP' }], [ep('10.180.0.2'), ep('10.180.0.1', { ready: true })])],
      nodeIPs: ['192.168.0.2'],
    });
    expect(lines(text)).toEqual([
      '*filter',
      ':KUBE-SERVICES - [0:0]',
      ':KUBE-EXTERNAL-SERVICES - [0:0]',
      ':KUBE-FORWARD - [0:0]',
      '-A KUBE-FORWARD -m comment --comment "kubernetes forwarding rules" -m mark --mark 0x4000/0x4000 -j ACCEPT',
      '-A KUBE-FORWARD -m comment --comment "kubernetes forwarding conntrack rule" -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT',
      'COMMIT',
      '*nat',
      ':KUBE-SERVICES - [0:0]',
      ':KUBE-NODEPORTS - [0:0]',
      ':KUBE-POSTROUTING - [0:0]',
      ':KUBE-MARK-MASQ - [0:0]',
      ':KUBE-SVC-XPGD46QRK7WJZT7O - [0:0]',
      ':KUBE-SEP-SXIVWICOYRO3J4NJ - [0:0]',
      ':KUBE-SEP-LXVODXWDISEETFEF - [0:0]',
      '-A KUBE-POSTROUTING -m mark ! --mark 0x4000/0x4000 -j RETURN',
      '-A KUBE-POSTROUTING -j MARK --xor-mark 0x4000',
      '-A KUBE-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE --random-fully',
      '-A KUBE-MARK-MASQ -j MARK --or-mark 0x4000',
      '-A KUBE-SERVICES -m comment --comment "ns1/svc1:p80 cluster IP" -m tcp -p tcp -d 172.30.0.41 --dport 80 -j KUBE-SVC-XPGD46QRK7WJZT7O',
      '-A KUBE-SVC-XPGD46QRK7WJZT7O -m comment --comment "ns1/svc1:p80 cluster IP" -m tcp -p tcp -d 172.30.0.41 --dport 80 -j KUBE-MARK-MASQ',
      '-A KUBE-SVC-XPGD46QRK7WJZT7O -m comment --comment "ns1/svc1:p80 -> 10.180.0.1:80" -m statistic --mode random --probability 0.5000000000 -j KUBE-SEP-SXIVWICOYRO3J4NJ',
      '-A KUBE-SVC-XPGD46QRK7WJZT7O -m comment --comment "ns1/svc1:p80 -> 10.180.0.2:80" -j KUBE-SEP-LXVODXWDISEETFEF',
      '-A KUBE-SEP-SXIVWICOYRO3J4NJ -m comment --comment ns1/svc1:p80 -s 10.180.0.1 -j KUBE-MARK-MASQ',
      '-A KUBE-SEP-SXIVWICOYRO3J4NJ -m comment --comment ns1/svc1:p80 -m tcp -p tcp -j DNAT --to-destination 10.180.0.1:80',
      '-A KUBE-SEP-LXVODXWDISEETFEF -m comment --comment ns1/svc1:p80 -s 10.180.0.2 -j KUBE-MARK-MASQ',
      '-A KUBE-SEP-LXVODXWDISEETFEF -m comment --comment ns1/svc1:p80 -m tcp -p tcp -j DNAT --to-destination 10.180.0.2:80',
      '-A KUBE-SERVICES -m comment --comment "kubernetes service nodeports; NOTE: this must be the last rule in this chain" -m addrtype --dst-type LOCAL ! -d 127.0.0.0/8 -j KUBE-NODEPORTS',
      'COMMIT',
      '',
    ]);
  });

  it('balances N endpoints with probabilities 1/N, 1/(N-1), … and a final unconditional jump', () => {
    expect([probability(3), probability(2), probability(1)]).toEqual(['0.3333333333', '0.5000000000', '1.0000000000']);
    const text = buildRules({
      services: [svc('default', 'web', { clusterIP: '10.96.0.10', ports: [{ port: 80 }] })],
      endpointSlices: [slice('default', 'web', [{ port: 8080, protocol: 'TCP' }], [ep('10.244.1.3'), ep('10.244.1.2'), ep('10.244.2.2')])],
      nodeIPs: [],
    });
    const chain = serviceChain('default/web', 'tcp');
    const sep = (ip: string): string => endpointChain('default/web', 'tcp', `${ip}:8080`);
    expect(table(text, 'nat').filter((l) => l.startsWith(`-A ${chain} `) && l.includes(' -> '))).toEqual([
      `-A ${chain} -m comment --comment "default/web -> 10.244.1.2:8080" -m statistic --mode random --probability 0.3333333333 -j ${sep('10.244.1.2')}`,
      `-A ${chain} -m comment --comment "default/web -> 10.244.1.3:8080" -m statistic --mode random --probability 0.5000000000 -j ${sep('10.244.1.3')}`,
      `-A ${chain} -m comment --comment "default/web -> 10.244.2.2:8080" -j ${sep('10.244.2.2')}`,
    ]);
  });

  it('uses only ready endpoints and REJECTs a service that has none', () => {
    const text = buildRules({
      services: [svc('default', 'web', { clusterIP: '10.96.0.10', ports: [{ port: 80 }] }), svc('default', 'empty', { clusterIP: '10.96.0.11', ports: [{ name: 'http', port: 8080 }] })],
      endpointSlices: [slice('default', 'web', [{ port: 80 }], [ep('10.244.1.2', { ready: false }), ep('10.244.1.3', { ready: true }), ep('10.244.1.4', { ready: false, serving: true, terminating: true })])],
      nodeIPs: [],
    });
    const nat = table(text, 'nat');
    expect(nat.filter((l) => l.includes('DNAT'))).toEqual(['-A ' + endpointChain('default/web', 'tcp', '10.244.1.3:80') + ' -m comment --comment default/web -m tcp -p tcp -j DNAT --to-destination 10.244.1.3:80']);
    expect(nat.some((l) => l.includes('default/empty'))).toBe(false);
    expect(table(text, 'filter')).toContain('-A KUBE-SERVICES -m comment --comment "default/empty:http has no endpoints" -m tcp -p tcp -d 10.96.0.11 --dport 8080 -j REJECT');
    expect(table(text, 'filter').filter((l) => l.endsWith('REJECT'))).toHaveLength(1);
  });

  it('falls back to serving terminating endpoints when none is ready', () => {
    const text = buildRules({
      services: [svc('default', 'web', { clusterIP: '10.96.0.10', ports: [{ port: 80 }] })],
      endpointSlices: [slice('default', 'web', [{ port: 80 }], [ep('10.244.1.2', { ready: false, serving: false, terminating: true }), ep('10.244.1.4', { ready: false, serving: true, terminating: true })])],
      nodeIPs: [],
    });
    expect(table(text, 'nat').filter((l) => l.includes('DNAT')).map((l) => l.split(' ').pop())).toEqual(['10.244.1.4:80']);
    expect(table(text, 'filter').some((l) => l.endsWith('REJECT'))).toBe(false);
  });

  it('captures NodePorts, LoadBalancer ingress IPs and external IPs through KUBE-EXT', () => {
    const text = buildRules({
      services: [svc('default', 'web', { type: 'LoadBalancer', clusterIP: '10.96.0.10', externalIPs: ['192.168.50.5'], ports: [{ name: 'http', port: 80, nodePort: 30080, targetPort: 'http' }] }, ['10.250.0.5'])],
      endpointSlices: [slice('default', 'web', [{ name: 'http', port: 8080 }], [ep('10.244.1.2')])],
      nodeIPs: ['192.168.0.2'],
    });
    const ext = externalChain('default/web:http', 'tcp');
    const svcChain = serviceChain('default/web:http', 'tcp');
    const nat = table(text, 'nat');
    expect(nat).toContain(`-A KUBE-SERVICES -m comment --comment "default/web:http external IP" -m tcp -p tcp -d 192.168.50.5 --dport 80 -j ${ext}`);
    expect(nat).toContain(`-A KUBE-SERVICES -m comment --comment "default/web:http loadbalancer IP" -m tcp -p tcp -d 10.250.0.5 --dport 80 -j ${ext}`);
    expect(nat).toContain(`-A KUBE-NODEPORTS -m comment --comment default/web:http -m tcp -p tcp --dport 30080 -j ${ext}`);
    expect(nat.filter((l) => l.startsWith(`-A ${ext} `))).toEqual([
      `-A ${ext} -m comment --comment "masquerade traffic for default/web:http external destinations" -j KUBE-MARK-MASQ`,
      `-A ${ext} -j ${svcChain}`,
    ]);
    expect(nat).toContain(`:${ext} - [0:0]`);
    // the NodePort dispatch is the last rule of KUBE-SERVICES
    expect(nat.filter((l) => l.startsWith('-A KUBE-SERVICES ')).pop()).toContain('-m addrtype --dst-type LOCAL ! -d 127.0.0.0/8 -j KUBE-NODEPORTS');
  });

  it('rejects NodePort, LoadBalancer and external IP traffic of a service without endpoints', () => {
    const text = buildRules({
      services: [svc('default', 'web', { type: 'LoadBalancer', clusterIP: '10.96.0.10', externalIPs: ['192.168.50.5'], ports: [{ port: 80, nodePort: 30080 }] }, ['10.250.0.5'])],
      endpointSlices: [],
      nodeIPs: [],
    });
    expect(table(text, 'filter').filter((l) => l.endsWith('REJECT'))).toEqual([
      '-A KUBE-SERVICES -m comment --comment "default/web has no endpoints" -m tcp -p tcp -d 10.96.0.10 --dport 80 -j REJECT',
      '-A KUBE-EXTERNAL-SERVICES -m comment --comment "default/web has no endpoints" -m tcp -p tcp -d 192.168.50.5 --dport 80 -j REJECT',
      '-A KUBE-EXTERNAL-SERVICES -m comment --comment "default/web has no endpoints" -m tcp -p tcp -d 10.250.0.5 --dport 80 -j REJECT',
      '-A KUBE-EXTERNAL-SERVICES -m comment --comment "default/web has no endpoints" -m addrtype --dst-type LOCAL -m tcp -p tcp --dport 30080 -j REJECT',
    ]);
    expect(table(text, 'nat').some((l) => l.includes('KUBE-EXT-') || l.includes('KUBE-SVC-'))).toBe(false);
  });

  it('resolves named target ports from the slice port of the same name and protocol', () => {
    const text = buildRules({
      services: [
        svc('default', 'dns', {
          clusterIP: '10.96.0.10',
          ports: [
            { name: 'dns', port: 53, protocol: 'UDP', targetPort: 'dns' },
            { name: 'dns-tcp', port: 53, protocol: 'TCP', targetPort: 'dns-tcp' },
            { name: 'sctp', port: 9, protocol: 'SCTP', targetPort: 9999 },
          ],
        }),
      ],
      endpointSlices: [
        slice('default', 'dns', [{ name: 'dns', port: 1053, protocol: 'UDP' }, { name: 'dns-tcp', port: 2053, protocol: 'TCP' }, { name: 'sctp', port: 9999, protocol: 'SCTP' }, { name: 'other', port: 7, protocol: 'TCP' }], [ep('10.244.1.2')]),
      ],
      nodeIPs: [],
    });
    const dnat = table(text, 'nat').filter((l) => l.includes('DNAT'));
    expect(dnat).toEqual([
      `-A ${endpointChain('default/dns:dns', 'udp', '10.244.1.2:1053')} -m comment --comment default/dns:dns -m udp -p udp -j DNAT --to-destination 10.244.1.2:1053`,
      `-A ${endpointChain('default/dns:dns-tcp', 'tcp', '10.244.1.2:2053')} -m comment --comment default/dns:dns-tcp -m tcp -p tcp -j DNAT --to-destination 10.244.1.2:2053`,
      `-A ${endpointChain('default/dns:sctp', 'sctp', '10.244.1.2:9999')} -m comment --comment default/dns:sctp -m sctp -p sctp -j DNAT --to-destination 10.244.1.2:9999`,
    ]);
    expect(table(text, 'nat')).toContain(`-A KUBE-SERVICES -m comment --comment "default/dns:dns cluster IP" -m udp -p udp -d 10.96.0.10 --dport 53 -j ${serviceChain('default/dns:dns', 'udp')}`);
  });

  it('merges slices of the same service, ignores other namespaces, IPv6 slices, headless and ExternalName services', () => {
    const v6: EndpointSlice = { ...slice('default', 'web', [{ port: 80 }], [ep('fd00::1')], 'web-v6'), addressType: 'IPv6' };
    const text = buildRules({
      services: [
        svc('default', 'web', { clusterIP: '10.96.0.10', ports: [{ port: 80 }] }),
        svc('default', 'headless', { clusterIP: 'None', ports: [{ port: 80 }] }),
        svc('default', 'ext', { type: 'ExternalName', ports: [{ port: 80 }] }),
      ],
      endpointSlices: [
        slice('default', 'web', [{ port: 80 }], [ep('10.244.1.2')], 'web-1'),
        slice('default', 'web', [{ port: 80 }], [ep('10.244.2.2'), ep('10.244.1.2')], 'web-2'),
        slice('other', 'web', [{ port: 80 }], [ep('10.244.3.2')]),
        slice('default', 'headless', [{ port: 80 }], [ep('10.244.1.9')]),
        v6,
      ],
      nodeIPs: [],
    });
    expect(table(text, 'nat').filter((l) => l.includes('DNAT')).map((l) => l.split(' ').pop())).toEqual(['10.244.1.2:80', '10.244.2.2:80']);
    expect(text).not.toContain('headless');
    expect(text).not.toContain('default/ext');
  });

  it('keeps session affinity with the recent match (sessionAffinity: ClientIP)', () => {
    const text = buildRules({
      services: [svc('default', 'web', { clusterIP: '10.96.0.10', sessionAffinity: 'ClientIP', ports: [{ port: 80 }] })],
      endpointSlices: [slice('default', 'web', [{ port: 80 }], [ep('10.244.1.2')])],
      nodeIPs: [],
    });
    const chain = serviceChain('default/web', 'tcp');
    const sep = endpointChain('default/web', 'tcp', '10.244.1.2:80');
    const nat = table(text, 'nat');
    expect(nat).toContain(`-A ${chain} -m comment --comment "default/web -> 10.244.1.2:80" -m recent --name ${sep} --rcheck --seconds 10800 --reap -j ${sep}`);
    expect(nat).toContain(`-A ${sep} -m comment --comment default/web -m recent --name ${sep} --set -m tcp -p tcp -j DNAT --to-destination 10.244.1.2:80`);
  });

  it('limits NodePorts to the node IPs and masquerades only off-cluster traffic when asked', () => {
    const text = buildRules({
      services: [svc('default', 'web', { clusterIP: '10.96.0.10', ports: [{ port: 80 }] })],
      endpointSlices: [slice('default', 'web', [{ port: 80 }], [ep('10.244.1.2')])],
      nodeIPs: ['192.168.0.2', '192.168.1.2'],
      nodePortAddresses: 'node-ips',
      masqueradeAll: false,
      clusterCidr: '10.244.0.0/16',
    });
    const nat = table(text, 'nat');
    const comment = '-m comment --comment "kubernetes service nodeports; NOTE: this must be the last rule in this chain"';
    expect(nat.filter((l) => l.endsWith('-j KUBE-NODEPORTS'))).toEqual([`-A KUBE-SERVICES ${comment} -d 192.168.0.2 -j KUBE-NODEPORTS`, `-A KUBE-SERVICES ${comment} -d 192.168.1.2 -j KUBE-NODEPORTS`]);
    expect(nat).toContain(`-A ${serviceChain('default/web', 'tcp')} -m comment --comment "default/web cluster IP" -m tcp -p tcp -d 10.96.0.10 --dport 80 ! -s 10.244.0.0/16 -j KUBE-MARK-MASQ`);
  });
});
