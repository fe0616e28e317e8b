// kube-proxy's iptables chain names, reproduced byte for byte so that what a learner
// sees in `iptables-save` here matches a real node (pkg/proxy/iptables/proxier.go:
// portProtoHash / servicePortEndpointChainName): sha256 of the service port name
// ("ns/name:port", or "ns/name" for an unnamed port) + the lower-case protocol
// (+ "ip:port" for an endpoint), base32 (RFC 4648 alphabet), first 16 characters,
// because iptables chain names are limited to 28 characters.
import { createHash } from 'node:crypto';

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** RFC 4648 base32 without padding (the truncated hash never reaches the padding) */
export function base32(bytes: Uint8Array): string {
  let out = '';
  let bits = 0;
  let value = 0;
  for (const b of bytes) {
    value = ((value << 8) | b) & 0xffff;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += BASE32[(value << (5 - bits)) & 31];
  return out;
}

function hash16(text: string): string {
  return base32(createHash('sha256').update(text).digest()).slice(0, 16);
}

/** proxy.ServicePortName.String(): "ns/name:port", or "ns/name" when the port has no name */
export function servicePortName(namespace: string, name: string, portName: string | undefined): string {
  return `${namespace}/${name}${portName ? `:${portName}` : ''}`;
}

export function portProtoHash(svcPortName: string, protocol: string): string {
  return hash16(svcPortName + protocol);
}

/** KUBE-SVC-…: dispatch to the endpoints ("Cluster" traffic policy) */
export function serviceChain(svcPortName: string, protocol: string): string {
  return `KUBE-SVC-${portProtoHash(svcPortName, protocol)}`;
}

/** KUBE-EXT-…: NodePort, LoadBalancer and external IP traffic, masqueraded then sent to KUBE-SVC */
export function externalChain(svcPortName: string, protocol: string): string {
  return `KUBE-EXT-${portProtoHash(svcPortName, protocol)}`;
}

/** KUBE-SEP-…: one endpoint (DNAT to ip:port) */
export function endpointChain(svcPortName: string, protocol: string, endpoint: string): string {
  return `KUBE-SEP-${hash16(svcPortName + protocol + endpoint)}`;
}

/** kube-proxy's isServiceChainName: the per-service chains it creates and garbage-collects */
export const SERVICE_CHAIN_PREFIXES = ['KUBE-SVC-', 'KUBE-SVL-', 'KUBE-SEP-', 'KUBE-FW-', 'KUBE-EXT-'] as const;

export function isServiceChain(chain: string): boolean {
  return SERVICE_CHAIN_PREFIXES.some((p) => chain.startsWith(p));
}
