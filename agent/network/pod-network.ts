// The node's pod network, the part a CNI daemon (flannel host-gw, kube-router) does on a
// real cluster: once the control plane gives this node a podCIDR, write the CNI config
// containerd's CRI plugin reads (bridge + host-local over the podCIDR, portmap for
// hostPort), and keep a route to every other node's podCIDR via that node's address.
import { execFile } from 'node:child_process';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ApiClient } from '../../main/common/client/api-client.js';
import { Informer } from '../../main/common/client/informer.js';
import type { KubeObject } from '../../main/common/kube-types.js';

interface NodeLike extends KubeObject {
  spec?: { podCIDR?: string };
  status?: { addresses?: { type: string; address: string }[] };
}

export const CNI_CONFIG_NAME = '10-k8s-lab.conflist';
/** the node's pod bridge (the bridge plugin's `bridge`), the pods' gateway */
export const CNI_BRIDGE = 'cni0';

export function cniConfig(podCidr: string, bridge = CNI_BRIDGE): string {
  return JSON.stringify(
    {
      cniVersion: '1.0.0',
      name: 'k8s-lab',
      plugins: [
        {
          type: 'bridge',
          bridge,
          isGateway: true,
          // no masquerade: pod IPs are routed between nodes, and nothing leaves the lab
          ipMasq: false,
          // kube-proxy NATs a pod's traffic to its own Service back to itself (br_netfilter)
          hairpinMode: true,
          ipam: { type: 'host-local', ranges: [[{ subnet: podCidr }]], routes: [{ dst: '0.0.0.0/0' }] },
        },
        { type: 'portmap', capabilities: { portMappings: true } },
        { type: 'loopback' },
      ],
    },
    null,
    2,
  );
}

function ip(args: string[]): Promise<void> {
  return new Promise((resolve, reject) => execFile('ip', args, (err, _o, stderr) => (err ? reject(new Error(`ip ${args.join(' ')}: ${stderr.trim() || err.message}`)) : resolve())));
}

/**
 * Drops the node's neighbour (ARP) entry for an address a new pod sandbox just got.
 * host-local hands released IPs out again (host nodes share /var/lib/cni, so its
 * round-robin restarts whenever another node allocated), and the node still maps the IP
 * to the old pod's MAC: since plugins 1.1 the bridge plugin leaves the announcement to
 * the kernel's arp_notify (containernetworking/plugins#687), which does not replace
 * that entry (#756, #858). The kernel trusts a REACHABLE entry for up to 45 s and keeps
 * a STALE one until it is used, so what the node forwards to the new pod (Service
 * traffic DNATed here, other nodes' pods) goes to a MAC that is gone for up to a minute.
 * Without an entry the node asks again and learns the new MAC at the first packet.
 */
export function forgetNeighbour(podIP: string, bridge = CNI_BRIDGE): Promise<void> {
  return ip(['neigh', 'flush', 'to', podIP, 'dev', bridge]);
}

export class PodNetwork {
  private readonly nodes: Informer<NodeLike>;
  private podCidr: string | undefined;
  private readonly routes = new Map<string, string>();
  private ready = false;

  constructor(
    client: ApiClient,
    private readonly nodeName: string,
    private readonly cniConfDir: string,
    private readonly log: (line: string) => void,
  ) {
    this.nodes = new Informer<NodeLike>(client, { group: '', version: 'v1', resource: 'nodes' });
    // one reconcile at a time: two at once would race on the CNI config file and the routes
    this.nodes.on(() => {
      this.queue = this.queue.then(() => this.reconcile()).catch((e: unknown) => log(`pod network: ${e instanceof Error ? e.message : String(e)}`));
    });
  }

  private queue: Promise<void> = Promise.resolve();

  start(): void {
    this.nodes.start();
  }

  stop(): void {
    this.nodes.stop();
  }

  isReady(): boolean {
    return this.ready;
  }

  private async reconcile(): Promise<void> {
    const self = this.nodes.get(this.nodeName);
    const cidr = self?.spec?.podCIDR;
    if (cidr && cidr !== this.podCidr) {
      await mkdir(this.cniConfDir, { recursive: true });
      const file = join(this.cniConfDir, CNI_CONFIG_NAME);
      await writeFile(`${file}.tmp`, cniConfig(cidr));
      await rename(`${file}.tmp`, file);
      this.podCidr = cidr;
      this.log(`pod network: podCIDR ${cidr}, CNI config ${file}`);
    }
    const wanted = new Map<string, string>();
    for (const n of this.nodes.list()) {
      const name = n.metadata.name ?? '';
      const podCidr = n.spec?.podCIDR;
      const addr = n.status?.addresses?.find((a) => a.type === 'InternalIP')?.address;
      if (name !== this.nodeName && podCidr && addr) wanted.set(podCidr, addr);
    }
    for (const [dst, via] of wanted) {
      if (this.routes.get(dst) === via) continue;
      await ip(['route', 'replace', dst, 'via', via]);
      this.routes.set(dst, via);
    }
    for (const dst of [...this.routes.keys()]) {
      if (wanted.has(dst)) continue;
      await ip(['route', 'del', dst]).catch(() => undefined);
      this.routes.delete(dst);
    }
    this.ready = this.podCidr !== undefined;
  }
}
