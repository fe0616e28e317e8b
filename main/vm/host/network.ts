// The lab network for host nodes: one Linux bridge on the host (the lab's "switch",
// with the host's address on it), and per node a network namespace joined to it by a
// veth pair. Nothing is NATed and nothing is forwarded off the bridge: every lab range
// is routed to the bridge so no packet leaves the machine (DESIGN.md).
import { createHash } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { Cidr } from '../../common/cidr.js';
import { HostCommandError, runCommand, runInNetns } from './command.js';

export interface LabNetworkConfig {
  /** a short id that keeps this lab's interfaces and namespaces apart from other labs' */
  labId: string;
  /** the node network (host = .1, node i = .(10+i)) */
  nodeCidr: string;
  serviceCidr: string;
  loadBalancerCidr: string;
  log?: (line: string) => void;
}

export interface NodeNetwork {
  name: string;
  netns: string;
  netnsPath: string;
  ip: string;
}

export class LabNetworkError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LabNetworkError';
  }
}

export function labIdFor(dataDir: string): string {
  return createHash('sha256').update(dataDir).digest('hex').slice(0, 4);
}

export class LabNetwork {
  readonly bridge: string;
  readonly gatewayIp: string;
  private readonly nodeCidr: Cidr;
  private readonly prefix: string;
  private readonly log: (line: string) => void;

  constructor(private readonly cfg: LabNetworkConfig) {
    if (!/^[0-9a-f]{4}$/.test(cfg.labId)) throw new LabNetworkError(`invalid lab id "${cfg.labId}": expected 4 hex digits`);
    this.nodeCidr = new Cidr(cfg.nodeCidr);
    if (this.nodeCidr.prefix > 28) throw new LabNetworkError(`--node-cidr ${cfg.nodeCidr} is too small for a lab: use a /24`);
    this.bridge = `klab${cfg.labId}`;
    this.prefix = `klab${cfg.labId}-`;
    this.gatewayIp = this.nodeCidr.at(1);
    this.log = cfg.log ?? (() => undefined);
  }

  nodeIp(index: number): string {
    return this.nodeCidr.at(10 + index);
  }

  netnsName(node: string): string {
    return `${this.prefix}${node}`;
  }

  /** creates the bridge (removing what a crashed run of this lab left behind first) */
  async create(): Promise<void> {
    if (process.platform !== 'linux') throw new LabNetworkError('host nodes need Linux (network namespaces); use --provider qemu');
    if (process.getuid?.() !== 0) throw new LabNetworkError('host nodes need root (network namespaces, veth, iptables): run k8s-lab as root or use --provider qemu');
    await this.destroy();
    await runCommand('ip', ['link', 'add', this.bridge, 'type', 'bridge']);
    await runCommand('ip', ['addr', 'add', `${this.gatewayIp}/${this.nodeCidr.prefix}`, 'dev', this.bridge]);
    await runCommand('ip', ['link', 'set', this.bridge, 'up']);
    // frames between nodes may cross the host's FORWARD chain (br_netfilter, or Docker's DROP
    // policy); allow bridge-to-bridge and drop anything routed from the bridge elsewhere
    for (const rule of this.forwardRules()) await runCommand('iptables', ['-w', '-I', 'FORWARD', ...rule]);
    this.log(`network: bridge ${this.bridge} ${this.gatewayIp}/${this.nodeCidr.prefix}`);
  }

  private forwardRules(): string[][] {
    const tag = ['-m', 'comment', '--comment', `k8s-lab ${this.cfg.labId}`];
    return [
      ['-i', this.bridge, '!', '-o', this.bridge, ...tag, '-j', 'DROP'],
      ['-i', this.bridge, '-o', this.bridge, ...tag, '-j', 'ACCEPT'],
    ];
  }

  async addNode(name: string, index: number): Promise<NodeNetwork> {
    const netns = this.netnsName(name);
    const ip = this.nodeIp(index);
    const veth = this.vethName(index);
    await this.removeNode(name, index);
    await runCommand('ip', ['netns', 'add', netns]);
    const netnsPath = `/var/run/netns/${netns}`;
    try {
      await runCommand('ip', ['link', 'add', veth, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', netns]);
      await runCommand('ip', ['link', 'set', veth, 'master', this.bridge, 'up']);
      const inNs = (args: string[]): Promise<string> => runInNetns(netnsPath, 'ip', args);
      await inNs(['link', 'set', 'lo', 'up']);
      await inNs(['addr', 'add', `${ip}/${this.nodeCidr.prefix}`, 'dev', 'eth0']);
      await inNs(['link', 'set', 'eth0', 'up']);
      // no default route: a node reaches the lab and nothing else. Service and LoadBalancer
      // addresses need a route for the lookup before kube-proxy's DNAT rewrites them.
      await inNs(['route', 'add', this.cfg.serviceCidr, 'dev', 'eth0']);
      await inNs(['route', 'add', this.cfg.loadBalancerCidr, 'dev', 'eth0']);
      await runInNetns(netnsPath, 'sysctl', ['-qw', 'net.ipv4.ip_forward=1']);
    } catch (e) {
      await this.removeNode(name, index);
      throw e;
    }
    this.log(`network: node ${name} ${ip} (netns ${netns})`);
    return { name, netns, netnsPath, ip };
  }

  private vethName(index: number): string {
    return `kl${this.cfg.labId}v${index}`;
  }

  /**
   * Removes the node's namespace and its veth. The veth goes explicitly: after a crash the
   * namespace lives on while a container process is still in it, and so would the pair.
   */
  async removeNode(name: string, index?: number): Promise<void> {
    const netns = this.netnsName(name);
    if (existsSync(`/var/run/netns/${netns}`)) await runCommand('ip', ['netns', 'del', netns]);
    if (index !== undefined) await runCommand('ip', ['link', 'del', this.vethName(index)]).catch(() => undefined);
  }

  /** host → pods of a node (the node routes its own pods; other nodes' routes are the agents') */
  async routePodCidr(podCidr: string, nodeIp: string): Promise<void> {
    await runCommand('ip', ['route', 'replace', podCidr, 'via', nodeIp, 'dev', this.bridge]);
  }

  /** host → Services and LoadBalancer addresses through a node's kube-proxy rules */
  async routeServices(nodeIp: string): Promise<void> {
    for (const range of [this.cfg.serviceCidr, this.cfg.loadBalancerCidr]) {
      try {
        await runCommand('ip', ['route', 'replace', range, 'via', nodeIp, 'dev', this.bridge]);
      } catch (e) {
        this.log(`network: no host route for ${range}: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
  }

  /** removes every namespace, interface and rule of this lab (routes go with the bridge) */
  async destroy(): Promise<void> {
    const dir = '/var/run/netns';
    if (existsSync(dir)) {
      for (const ns of readdirSync(dir).filter((n) => n.startsWith(this.prefix))) {
        await runCommand('ip', ['netns', 'del', ns]).catch((e: unknown) => this.log(`network: ${String(e)}`));
      }
    }
    await runCommand('ip', ['link', 'del', this.bridge]).catch((e: unknown) => {
      if (!(e instanceof HostCommandError) || !/Cannot find device/.test(e.stderr)) throw e;
    });
    for (const rule of this.forwardRules()) {
      // delete every copy (a crashed run may have left one)
      for (;;) {
        try {
          await runCommand('iptables', ['-w', '-D', 'FORWARD', ...rule]);
        } catch {
          break;
        }
      }
    }
  }
}
