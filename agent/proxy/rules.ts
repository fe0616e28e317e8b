// The kube-proxy role's rules: Services and EndpointSlices in, iptables-restore text out,
// in the shape kube-proxy's iptables mode writes (pkg/proxy/iptables/proxier.go,
// syncProxyRules), so `iptables-save` on a lab node reads like a real one:
//
//   PREROUTING/OUTPUT → KUBE-SERVICES → KUBE-SVC-<hash> → KUBE-SEP-<hash> (DNAT to a pod)
//                                     ↘ KUBE-NODEPORTS → KUBE-EXT-<hash> → KUBE-SVC-<hash>
//   POSTROUTING → KUBE-POSTROUTING (MASQUERADE what KUBE-MARK-MASQ marked 0x4000)
//   filter KUBE-SERVICES / KUBE-EXTERNAL-SERVICES: REJECT services without endpoints
//
// Masquerading: by default every DNATed service connection is marked and masqueraded
// (kube-proxy's --masquerade-all). Lab nodes have no br_netfilter guarantee: when pod A
// reaches a Service and lands on pod B behind the same cni0 bridge, B's reply would go
// straight across the bridge to A with B's own address, A would drop it (it talked to
// the ClusterIP) and the connection would hang. Masquerading makes B answer the node,
// whose conntrack undoes both NATs. The cost is that pods see the node's bridge address
// as the client, as they do on any kube-proxy started with --masquerade-all.
//
// Traffic policies are "Cluster" for every service (externalTrafficPolicy and
// internalTrafficPolicy "Local" are not reproduced); the rules are IPv4 only.
import { endpointChain, externalChain, serviceChain } from './chain-names.js';
import type { ServicePortInfo } from './service-ports.js';
import { servicePorts } from './service-ports.js';
import type { EndpointSlice, Service } from './types.js';

export interface BuildRulesInput {
  services: Service[];
  endpointSlices: EndpointSlice[];
  /** this node's addresses: where NodePorts listen when nodePortAddresses is 'node-ips' */
  nodeIPs: string[];
  /** the pod CIDR of the whole cluster: with masqueradeAll off, only traffic from outside it is masqueraded */
  clusterCidr?: string;
  /** kube-proxy's --masquerade-all; default true (see the file comment) */
  masqueradeAll?: boolean;
  /**
   * 'all' (kube-proxy's default, --nodeport-addresses unset): NodePorts answer on every
   * local address but loopback. 'node-ips': only on `nodeIPs` (--nodeport-addresses=primary).
   */
  nodePortAddresses?: 'all' | 'node-ips';
}

/** kube-proxy's default --iptables-masquerade-bit 14 */
export const MASQUERADE_MARK = '0x4000';

/** the chains a sync always writes (and cleanup removes), per table */
export const NAT_BASE_CHAINS = ['KUBE-SERVICES', 'KUBE-NODEPORTS', 'KUBE-POSTROUTING', 'KUBE-MARK-MASQ'] as const;
export const FILTER_BASE_CHAINS = ['KUBE-SERVICES', 'KUBE-EXTERNAL-SERVICES', 'KUBE-FORWARD'] as const;

/** iptables-restore quoting: kube-proxy quotes comments that hold spaces */
const q = (comment: string): string => (/\s/.test(comment) ? `"${comment}"` : comment);

/** kube-proxy's computeProbability: 1/n with 10 decimals */
export function probability(n: number): string {
  return (1 / n).toFixed(10);
}

class Tables {
  readonly filterChains: string[] = FILTER_BASE_CHAINS.map((c) => `:${c} - [0:0]`);
  readonly filterRules: string[] = [];
  readonly natChains: string[] = NAT_BASE_CHAINS.map((c) => `:${c} - [0:0]`);
  readonly natRules: string[] = [];

  chain(name: string): void {
    this.natChains.push(`:${name} - [0:0]`);
  }

  text(): string {
    return ['*filter', ...this.filterChains, ...this.filterRules, 'COMMIT', '*nat', ...this.natChains, ...this.natRules, 'COMMIT', ''].join('\n');
  }
}

function writeBaseRules(t: Tables): void {
  const mark = `${MASQUERADE_MARK}/${MASQUERADE_MARK}`;
  t.natRules.push(
    `-A KUBE-POSTROUTING -m mark ! --mark ${mark} -j RETURN`,
    // clear the mark so a packet that re-traverses the stack is not masqueraded twice
    `-A KUBE-POSTROUTING -j MARK --xor-mark ${MASQUERADE_MARK}`,
    `-A KUBE-POSTROUTING -m comment --comment ${q('kubernetes service traffic requiring SNAT')} -j MASQUERADE --random-fully`,
    `-A KUBE-MARK-MASQ -j MARK --or-mark ${MASQUERADE_MARK}`,
  );
  // accept marked service traffic and its replies even where FORWARD's policy is DROP
  // (docker on the node VM sets that)
  t.filterRules.push(
    `-A KUBE-FORWARD -m comment --comment ${q('kubernetes forwarding rules')} -m mark --mark ${mark} -j ACCEPT`,
    `-A KUBE-FORWARD -m comment --comment ${q('kubernetes forwarding conntrack rule')} -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT`,
  );
}

function writeServicePort(t: Tables, sp: ServicePortInfo, input: BuildRulesInput): void {
  const proto = `-m ${sp.protocol} -p ${sp.protocol}`;
  const svcChain = serviceChain(sp.name, sp.protocol);
  const extChain = externalChain(sp.name, sp.protocol);
  const hasEndpoints = sp.endpoints.length > 0;
  const noEndpoints = q(`${sp.name} has no endpoints`);
  const clusterMatch = `-m comment --comment ${q(`${sp.name} cluster IP`)} ${proto} -d ${sp.clusterIP} --dport ${sp.port}`;

  // capture the ClusterIP, or refuse it at once ("connection refused", not a timeout)
  if (hasEndpoints) t.natRules.push(`-A KUBE-SERVICES ${clusterMatch} -j ${svcChain}`);
  else t.filterRules.push(`-A KUBE-SERVICES -m comment --comment ${noEndpoints} ${proto} -d ${sp.clusterIP} --dport ${sp.port} -j REJECT`);

  for (const ip of sp.externalIPs) {
    if (hasEndpoints) t.natRules.push(`-A KUBE-SERVICES -m comment --comment ${q(`${sp.name} external IP`)} ${proto} -d ${ip} --dport ${sp.port} -j ${extChain}`);
    else t.filterRules.push(`-A KUBE-EXTERNAL-SERVICES -m comment --comment ${noEndpoints} ${proto} -d ${ip} --dport ${sp.port} -j REJECT`);
  }
  for (const ip of sp.loadBalancerIPs) {
    if (hasEndpoints) t.natRules.push(`-A KUBE-SERVICES -m comment --comment ${q(`${sp.name} loadbalancer IP`)} ${proto} -d ${ip} --dport ${sp.port} -j ${extChain}`);
    else t.filterRules.push(`-A KUBE-EXTERNAL-SERVICES -m comment --comment ${noEndpoints} ${proto} -d ${ip} --dport ${sp.port} -j REJECT`);
  }
  if (sp.nodePort) {
    if (hasEndpoints) t.natRules.push(`-A KUBE-NODEPORTS -m comment --comment ${q(sp.name)} ${proto} --dport ${sp.nodePort} -j ${extChain}`);
    else t.filterRules.push(`-A KUBE-EXTERNAL-SERVICES -m comment --comment ${noEndpoints} -m addrtype --dst-type LOCAL ${proto} --dport ${sp.nodePort} -j REJECT`);
  }
  if (!hasEndpoints) return;

  // external destinations (NodePort, LoadBalancer, external IPs) may cross nodes: always masquerade
  if (sp.nodePort || sp.externalIPs.length > 0 || sp.loadBalancerIPs.length > 0) {
    t.chain(extChain);
    t.natRules.push(`-A ${extChain} -m comment --comment ${q(`masquerade traffic for ${sp.name} external destinations`)} -j KUBE-MARK-MASQ`, `-A ${extChain} -j ${svcChain}`);
  }

  t.chain(svcChain);
  if (input.masqueradeAll ?? true) t.natRules.push(`-A ${svcChain} ${clusterMatch} -j KUBE-MARK-MASQ`);
  else if (input.clusterCidr) t.natRules.push(`-A ${svcChain} ${clusterMatch} ! -s ${input.clusterCidr} -j KUBE-MARK-MASQ`);
  const seps = sp.endpoints.map((ep) => ({ ep, chain: endpointChain(sp.name, sp.protocol, ep) }));
  if (sp.affinitySeconds !== undefined) {
    for (const { ep, chain } of seps) {
      t.natRules.push(`-A ${svcChain} -m comment --comment ${q(`${sp.name} -> ${ep}`)} -m recent --name ${chain} --rcheck --seconds ${sp.affinitySeconds} --reap -j ${chain}`);
    }
  }
  // endpoint i of n is taken with probability 1/(n-i) of what is left: uniform overall
  seps.forEach(({ ep, chain }, i) => {
    const stat = i < seps.length - 1 ? ` -m statistic --mode random --probability ${probability(seps.length - i)}` : '';
    t.natRules.push(`-A ${svcChain} -m comment --comment ${q(`${sp.name} -> ${ep}`)}${stat} -j ${chain}`);
  });

  for (const { ep, chain } of seps) {
    const ip = ep.slice(0, ep.lastIndexOf(':'));
    t.chain(chain);
    // a pod that reaches itself through its Service (hairpin) must see another source
    t.natRules.push(`-A ${chain} -m comment --comment ${q(sp.name)} -s ${ip} -j KUBE-MARK-MASQ`);
    const recent = sp.affinitySeconds !== undefined ? ` -m recent --name ${chain} --set` : '';
    t.natRules.push(`-A ${chain} -m comment --comment ${q(sp.name)}${recent} ${proto} -j DNAT --to-destination ${ep}`);
  }
}

function writeNodePortJump(t: Tables, input: BuildRulesInput): void {
  const comment = `-m comment --comment ${q('kubernetes service nodeports; NOTE: this must be the last rule in this chain')}`;
  if ((input.nodePortAddresses ?? 'all') === 'all') {
    // no route_localnet: NodePorts on 127.0.0.1 would not work, so they are not matched
    t.natRules.push(`-A KUBE-SERVICES ${comment} -m addrtype --dst-type LOCAL ! -d 127.0.0.0/8 -j KUBE-NODEPORTS`);
  } else {
    for (const ip of input.nodeIPs) t.natRules.push(`-A KUBE-SERVICES ${comment} -d ${ip} -j KUBE-NODEPORTS`);
  }
}

/** the full iptables-restore input (filter and nat tables) for these services */
export function buildRules(input: BuildRulesInput): string {
  const t = new Tables();
  writeBaseRules(t);
  for (const sp of servicePorts(input.services, input.endpointSlices)) writeServicePort(t, sp, input);
  writeNodePortJump(t, input);
  return t.text();
}
