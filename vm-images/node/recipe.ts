// What goes into the node VM image: Debian packages, the files k8s-lab writes over them,
// and the containerd/Docker/sshd configuration for a node behind QEMU's user network.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { containerdConfigToml, registryHostFiles } from '../../main/vm/host/containerd-config.js';
import { GUEST, GUEST_PORTS, HOST_SERVICES_IP } from '../../main/vm/qemu/guest-layout.js';

export const SUITE = 'bookworm';

/** Debian packages beyond mmdebstrap's `apt` variant (Recommends are not installed). */
export const PACKAGES = [
  // kernel for direct boot; the initrd is k8s-lab's own (initramfs.ts) with this busybox
  'linux-image-cloud-amd64',
  'busybox-static',
  // the node runtime
  'containerd',
  'runc',
  'containernetworking-plugins',
  'iptables',
  'iproute2',
  'nodejs',
  // provisioning and the node terminal
  'openssh-server',
  // the learners' tools: etcdctl for the etcd labs, Docker for the containerd-vs-Docker labs
  'etcd-client',
  'docker.io',
  'mount',
  'kmod',
  'procps',
  'iputils-ping',
  'curl',
  'ca-certificates',
  'less',
];

/** dpkg excludes: documentation is most of a minimal system's bytes and nobody reads it in a node. */
export const DPKG_OPTIONS = [
  'path-exclude=/usr/share/man/*',
  'path-exclude=/usr/share/doc/*',
  'path-include=/usr/share/doc/*/copyright',
  'path-exclude=/usr/share/locale/*',
  'path-exclude=/usr/share/info/*',
];

const registryUrl = `http://${HOST_SERVICES_IP}:${GUEST_PORTS.registry}`;

function containerdConfig(): string {
  return containerdConfigToml({
    paths: {
      root: '/var/lib/containerd',
      stateDir: '/run/containerd',
      socket: GUEST.containerdSocket,
      configFile: '/etc/containerd/config.toml',
      certsDir: '/etc/containerd/certs.d',
      cniConfDir: GUEST.cniConfDir,
    },
  });
}

export interface ImageFile {
  path: string;
  content: string;
  mode: number;
}

/** The files written over the packages (paths inside the root). */
export function imageFiles(sourceDir: string): ImageFile[] {
  const file = (name: string): string => readFileSync(join(sourceDir, 'vm-images', 'node', 'files', name), 'utf8');
  const files: ImageFile[] = [
    { path: GUEST.init, content: file('k8s-lab-init'), mode: 0o755 },
    { path: '/usr/local/sbin/k8s-lab-service', content: file('k8s-lab-service'), mode: 0o755 },
    { path: '/etc/containerd/config.toml', content: containerdConfig(), mode: 0o644 },
    {
      // Docker pulls through the lab registry too (docker.io only: that is all `registry-mirrors` covers)
      path: '/etc/docker/daemon.json',
      content: `${JSON.stringify({ 'registry-mirrors': [registryUrl], 'insecure-registries': [`${HOST_SERVICES_IP}:${GUEST_PORTS.registry}`], 'log-driver': 'json-file' }, null, 2)}\n`,
      mode: 0o644,
    },
    {
      path: '/etc/ssh/sshd_config.d/k8s-lab.conf',
      content: ['# k8s-lab: key login as root only (the per-lab key), no DNS lookups (there is no DNS)', 'PermitRootLogin prohibit-password', 'PasswordAuthentication no', 'KbdInteractiveAuthentication no', 'UseDNS no', 'HostKey /etc/ssh/ssh_host_ed25519_key', ''].join('\n'),
      mode: 0o644,
    },
    // no DNS in the lab yet: an empty resolver list fails lookups at once instead of timing out
    { path: '/etc/resolv.conf', content: '# k8s-lab: no DNS server on the node network\noptions timeout:1 attempts:1\n', mode: 0o644 },
    {
      path: '/usr/local/bin/crictl',
      content: `#!/bin/sh\n# k8s-lab's crictl-style CLI (the agent's), speaking CRI to this node's containerd\nexec /usr/bin/node ${GUEST.agentDir}/crictl.mjs "$@"\n`,
      mode: 0o755,
    },
    {
      path: '/etc/profile.d/k8s-lab.sh',
      content: [
        '# k8s-lab: crictl, ctr and etcdctl ready to use on the node',
        `export CONTAINER_RUNTIME_ENDPOINT=unix://${GUEST.containerdSocket}`,
        'export CONTAINERD_NAMESPACE=k8s.io',
        `export ETCDCTL_API=3 ETCDCTL_ENDPOINTS=https://${HOST_SERVICES_IP}:${GUEST_PORTS.etcd}`,
        `export ETCDCTL_CACERT=${GUEST.pkiDir}/etcd-ca.crt ETCDCTL_CERT=${GUEST.pkiDir}/etcd-client.crt ETCDCTL_KEY=${GUEST.pkiDir}/etcd-client.key`,
        '',
      ].join('\n'),
      mode: 0o644,
    },
  ];
  for (const [rel, content] of registryHostFiles(registryUrl)) files.push({ path: `/etc/containerd/certs.d/${rel}`, content, mode: 0o644 });
  return files;
}

/** Files removed after the packages: host keys are per node (delivered at boot), never baked in;
 *  Debian's initrd is replaced by k8s-lab's (initramfs.ts). */
export const REMOVE = ['/boot/initrd.img-*', '/etc/ssh/ssh_host_*', '/etc/machine-id', '/var/lib/dbus/machine-id', '/var/cache/apt/archives/*.deb', '/var/lib/apt/lists/*'];

/** The root filesystem's size (sparse: the qcow2 holds only what is written). */
export const DISK_SIZE_BYTES = 8 * 1024 ** 3;
