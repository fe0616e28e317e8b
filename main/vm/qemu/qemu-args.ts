// The qemu-system command line for one node VM. Pure: the spec checks every part that
// matters for safety (restrict=on, forwards bound to 127.0.0.1 only) and for the node
// (direct kernel boot, virtio disk and NICs, fw_cfg config).
import { GUEST_PORTS, HOST_SERVICES_IP, NODE_PORTS, USER_NET, FW_CFG_CONFIG, kernelCmdline } from './guest-layout.js';

export type Accelerator = 'kvm' | 'hvf' | 'whpx' | 'tcg';

export interface VmSpec {
  name: string;
  accel: Accelerator;
  cpus: number;
  memoryMiB: number;
  kernel: string;
  initrd: string;
  /** the node's qcow2 overlay on the read-only base */
  disk: string;
  configTar: string;
  serialLog: string;
  qmpSocket: string;
  pidFile: string;
  /** eth1 on the lab switch */
  switchSocket: string;
  /** eth0 (user network) and eth1 (node network) MAC addresses */
  macs: [string, string];
  /** host ports on 127.0.0.1 forwarded to the node's SSH and kubelet ports */
  sshPort: number;
  kubeletPort: number;
  /** host loopback ports of the lab services the node reaches on HOST_SERVICES_IP */
  services: { apiServer: number; registry: number; etcd?: number };
  /** the program QEMU runs per guest connection to a host service: reads stdin, writes stdout */
  connectCommand: (port: number) => string;
}

/** QEMU's option syntax: a comma inside a value is written twice. */
function optValue(v: string): string {
  return v.replace(/,/g, ',,');
}

export function qemuBinary(arch: string = process.arch): string {
  return arch === 'arm64' ? 'qemu-system-aarch64' : 'qemu-system-x86_64';
}

export function qemuArgs(s: VmSpec): string[] {
  const guestfwd = (port: number, hostPort: number): string => `guestfwd=tcp:${HOST_SERVICES_IP}:${port}-cmd:${optValue(s.connectCommand(hostPort))}`;
  const userNet = [
    'user',
    'id=net0',
    // nothing from the guest reaches the host or beyond, except the forwards below
    'restrict=on',
    `net=${USER_NET.guestIp.replace(/\d+$/, '0')}/${USER_NET.prefix}`,
    `host=${USER_NET.gateway}`,
    `hostfwd=tcp:127.0.0.1:${s.sshPort}-:${NODE_PORTS.ssh}`,
    `hostfwd=tcp:127.0.0.1:${s.kubeletPort}-:${NODE_PORTS.kubelet}`,
    guestfwd(GUEST_PORTS.apiServer, s.services.apiServer),
    guestfwd(GUEST_PORTS.registry, s.services.registry),
    ...(s.services.etcd ? [guestfwd(GUEST_PORTS.etcd, s.services.etcd)] : []),
  ].join(',');
  const accel = s.accel === 'tcg' ? ['-accel', 'tcg', '-cpu', 'max'] : ['-accel', s.accel, '-cpu', 'host'];
  return [
    '-name', `k8s-lab-${s.name},process=k8s-lab-${s.name}`,
    '-machine', 'q35',
    ...accel,
    '-smp', String(s.cpus),
    '-m', `${s.memoryMiB}M`,
    '-nodefaults',
    '-no-user-config',
    '-display', 'none',
    '-no-reboot',
    '-kernel', s.kernel,
    '-initrd', s.initrd,
    '-append', kernelCmdline(),
    '-drive', `file=${optValue(s.disk)},if=virtio,format=qcow2,discard=unmap`,
    '-netdev', userNet,
    '-device', `virtio-net-pci,netdev=net0,mac=${s.macs[0]},romfile=`,
    '-netdev', `stream,id=net1,server=off,addr.type=unix,addr.path=${optValue(s.switchSocket)}`,
    '-device', `virtio-net-pci,netdev=net1,mac=${s.macs[1]},romfile=`,
    '-device', 'virtio-rng-pci',
    '-fw_cfg', `name=${FW_CFG_CONFIG},file=${optValue(s.configTar)}`,
    '-chardev', `file,id=serial0,path=${optValue(s.serialLog)},append=on`,
    '-serial', 'chardev:serial0',
    '-qmp', `unix:${optValue(s.qmpSocket)},server=on,wait=off`,
    '-pidfile', s.pidFile,
  ];
}

/** Locally administered MACs from the lab id and node index: stable across restarts, distinct per lab. */
export function nodeMacs(labId: string, index: number): [string, string] {
  const lab = labId.padStart(4, '0').slice(-4);
  const mac = (nic: number): string => ['52', '54', lab.slice(0, 2), lab.slice(2, 4), (index & 0xff).toString(16).padStart(2, '0'), nic.toString(16).padStart(2, '0')].join(':');
  return [mac(0), mac(1)];
}
