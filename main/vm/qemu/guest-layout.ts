// What the node image and the QEMU provider agree on: where things live inside a node
// VM, the addresses QEMU's user network gives it, and the name of the fw_cfg blob that
// carries each node's identity at boot. One place, because the image bakes these in
// and the provider relies on them at run time.

/** QEMU user networking (slirp): the guest's own address and its gateway. */
export const USER_NET = { guestIp: '10.0.2.15', prefix: 24, gateway: '10.0.2.2' } as const;

/**
 * The address inside every node that stands for the host's lab services. QEMU
 * `guestfwd` rules forward each port of it to the service on the host's loopback;
 * with `restrict=on` nothing else of the host (or beyond it) is reachable.
 */
export const HOST_SERVICES_IP = '10.0.2.100';

/** Ports of the host services as the nodes see them on HOST_SERVICES_IP. */
export const GUEST_PORTS = { apiServer: 6443, registry: 5000, etcd: 2379 } as const;

/** Ports inside the node that the host reaches through `hostfwd` on 127.0.0.1. */
export const NODE_PORTS = { ssh: 22, kubelet: 10250 } as const;

/** fw_cfg item with the node's config tar (unpacked over / by the init at every boot). */
export const FW_CFG_CONFIG = 'opt/k8s-lab/config.tar';

/** Paths inside the guest. */
export const GUEST = {
  agentDir: '/opt/k8s-lab/agent',
  agentConfig: '/etc/k8s-lab/agent.json',
  nodeEnv: '/etc/k8s-lab/node.env',
  pkiDir: '/etc/k8s-lab/pki',
  logDir: '/var/log/k8s-lab',
  containerdSocket: '/run/containerd/containerd.sock',
  cniConfDir: '/etc/cni/net.d',
  init: '/sbin/k8s-lab-init',
} as const;

/** The serial console line the init prints when the agent has started (boot timing). */
export const READY_MARK = 'k8s-lab-init: agent started';

/** Kernel command line for direct kernel boot (no cloud-init, no systemd). */
export function kernelCmdline(extra: string[] = []): string {
  return ['console=ttyS0', 'root=/dev/vda', 'rw', 'rootfstype=ext4', `init=${GUEST.init}`, 'panic=-1', 'net.ifnames=0', 'quiet', 'loglevel=4', ...extra].join(' ');
}
