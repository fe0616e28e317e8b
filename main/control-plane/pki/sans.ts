// Subject alternative names: defaults, validation and comparison.
import { isIPv4, isIPv6 } from 'node:net';
import { PkiError } from './errors.js';
import type { Sans } from './types.js';

/**
 * kubeadm's apiserver SANs (certs.go, GetAPIServerAltNames): the in-cluster names of the
 * `kubernetes` Service, its ClusterIP (first address of the default 10.96.0.0/12 range)
 * and loopback, since kubectl reaches us on 127.0.0.1.
 */
export const DEFAULT_APISERVER_SANS: Sans = {
  dns: ['kubernetes', 'kubernetes.default', 'kubernetes.default.svc', 'kubernetes.default.svc.cluster.local', 'localhost'],
  ips: ['127.0.0.1', '10.96.0.1'],
};

/** The control plane's node name; fixed so the etcd certs do not depend on the host name. */
export const CONTROL_PLANE_NAME = 'k8s-lab';

/** kubeadm's etcd server/peer SANs (GetEtcdAltNames): node name, localhost and both loopbacks. */
export const DEFAULT_ETCD_SANS: Sans = {
  dns: ['localhost', CONTROL_PLANE_NAME],
  ips: ['127.0.0.1', '::1'],
};

function expandIPv6(ip: string): string {
  let text = ip;
  // an embedded IPv4 tail (::ffff:1.2.3.4) becomes two hex groups
  const v4 = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (v4) {
    const [a, b, c, d] = v4.slice(1).map(Number) as [number, number, number, number];
    text = text.slice(0, v4.index) + `${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const headGroups = head === '' ? [] : head.split(':');
  const tailGroups = tail === undefined || tail === '' ? [] : tail.split(':');
  const zeros = tail === undefined ? [] : new Array<string>(8 - headGroups.length - tailGroups.length).fill('0');
  return [...headGroups, ...zeros, ...tailGroups].map((g) => parseInt(g, 16).toString(16)).join(':');
}

/** One spelling per address, so `::1` and `0:0:0:0:0:0:0:1` compare equal. Throws on non-IPs. */
export function canonicalIp(ip: string): string {
  if (isIPv4(ip)) return ip.split('.').map(Number).join('.');
  if (isIPv6(ip) && !ip.includes('%')) return expandIPv6(ip.toLowerCase());
  throw new PkiError('InvalidArgument', `not an IP address: ${JSON.stringify(ip)}`);
}

// RFC 1123 labels, plus a leading `*.` wildcard label as Go's x509 accepts.
const DNS_NAME = /^(\*\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/i;

export function checkDnsName(name: string): string {
  if (name.length > 253 || !DNS_NAME.test(name)) {
    throw new PkiError('InvalidArgument', `not a DNS name: ${JSON.stringify(name)}`);
  }
  return name.toLowerCase();
}

/** Defaults plus extras, validated, without duplicates, in first-seen order. */
export function mergeSans(base: Sans, extra?: Partial<Sans>): Sans {
  const dns = new Map<string, string>();
  const ips = new Map<string, string>();
  for (const name of [...base.dns, ...(extra?.dns ?? [])]) {
    const key = checkDnsName(name);
    if (!dns.has(key)) dns.set(key, name);
  }
  for (const ip of [...base.ips, ...(extra?.ips ?? [])]) {
    const key = canonicalIp(ip);
    if (!ips.has(key)) ips.set(key, ip);
  }
  return { dns: [...dns.values()], ips: [...ips.values()] };
}

/** The requested names the certificate lacks, as `DNS:x` / `IP:y`. */
export function missingSans(have: Sans, want: Sans): string[] {
  const dns = new Set(have.dns.map((d) => d.toLowerCase()));
  const ips = new Set<string>();
  for (const ip of have.ips) {
    try {
      ips.add(canonicalIp(ip));
    } catch {
      // a SAN we cannot read satisfies no request
    }
  }
  return [
    ...want.dns.filter((d) => !dns.has(d.toLowerCase())).map((d) => `DNS:${d}`),
    ...want.ips.filter((ip) => !ips.has(canonicalIp(ip))).map((ip) => `IP:${ip}`),
  ];
}
