// A VM node's identity, delivered at boot without any network service: a tar the
// provider attaches as a fw_cfg file and the node's init unpacks over / at every boot.
// It holds the node's name and address, the agent's config, the kubelet and etcd
// client certificates, the node's SSH host key and the lab's authorized key.
import { execFile } from 'node:child_process';
import { chmod, mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import type { NodeCredentials } from '../node-identity.js';
import { credentialContents, credentialFiles } from '../node-identity.js';
import { GUEST, GUEST_PORTS, HOST_SERVICES_IP, USER_NET } from './guest-layout.js';

const run = promisify(execFile);

export interface NodeConfigInput {
  name: string;
  ip: string;
  prefix: number;
  credentials: NodeCredentials;
  /** etcd facade client credentials for etcdctl on the node (absent when the lab serves no facade) */
  etcd?: { caPem: string; certPem: string; keyPem: string };
  hostKey: { privateKey: string; publicKey: string };
  authorizedKey: string;
  /** agent.json fields beyond the defaults (timings, labels) */
  agent?: Record<string, unknown>;
}

/** path inside the node → content and mode */
export function nodeConfigFiles(c: NodeConfigInput): Map<string, { content: string; mode: number }> {
  const files = new Map<string, { content: string; mode: number }>();
  const paths = credentialFiles(GUEST.pkiDir);
  for (const [key, value] of Object.entries(credentialContents(c.credentials))) files.set(paths[key as keyof typeof paths], value);
  if (c.etcd) {
    files.set(`${GUEST.pkiDir}/etcd-ca.crt`, { content: c.etcd.caPem, mode: 0o644 });
    files.set(`${GUEST.pkiDir}/etcd-client.crt`, { content: c.etcd.certPem, mode: 0o644 });
    files.set(`${GUEST.pkiDir}/etcd-client.key`, { content: c.etcd.keyPem, mode: 0o600 });
  }
  const env = [`NODE_NAME=${c.name}`, `NODE_IP=${c.ip}`, `NODE_PREFIX=${c.prefix}`, `HOST_SERVICES_IP=${HOST_SERVICES_IP}`, `USER_NET_CIDR=${USER_NET.guestIp}/${USER_NET.prefix}`, `USER_NET_GATEWAY=${USER_NET.gateway}`];
  files.set(GUEST.nodeEnv, { content: `# k8s-lab node identity (from the fw_cfg config)\n${env.join('\n')}\n`, mode: 0o644 });
  const agent = {
    nodeName: c.name,
    nodeIP: c.ip,
    // the API server reaches the kubelet through QEMU's forward to the user-network address
    kubeletAddress: '0.0.0.0',
    apiServer: `https://${HOST_SERVICES_IP}:${GUEST_PORTS.apiServer}`,
    ...paths,
    containerdSocket: GUEST.containerdSocket,
    rootDir: '/var/lib/kubelet',
    podLogsDir: '/var/log/pods',
    cniConfDir: GUEST.cniConfDir,
    cgroupRoot: '/kubepods',
    ...c.agent,
  };
  files.set(GUEST.agentConfig, { content: `${JSON.stringify(agent, null, 2)}\n`, mode: 0o644 });
  files.set('/etc/ssh/ssh_host_ed25519_key', { content: c.hostKey.privateKey.endsWith('\n') ? c.hostKey.privateKey : `${c.hostKey.privateKey}\n`, mode: 0o600 });
  files.set('/etc/ssh/ssh_host_ed25519_key.pub', { content: `${c.hostKey.publicKey.trim()}\n`, mode: 0o644 });
  files.set('/root/.ssh/authorized_keys', { content: `${c.authorizedKey.trim()}\n`, mode: 0o600 });
  return files;
}

/** Writes the config tar (owner root, modes kept) for QEMU's -fw_cfg. */
export async function writeNodeConfigTar(tarPath: string, c: NodeConfigInput): Promise<void> {
  const staging = `${tarPath}.d`;
  await rm(staging, { recursive: true, force: true });
  try {
    for (const [path, { content, mode }] of nodeConfigFiles(c)) {
      const dest = join(staging, path);
      await mkdir(dirname(dest), { recursive: true, mode: 0o755 });
      await writeFile(dest, content, { mode });
      await chmod(dest, mode);
    }
    await chmod(join(staging, 'root', '.ssh'), 0o700);
    await run('tar', ['-C', staging, '--owner=0', '--group=0', '--numeric-owner', '-cf', `${tarPath}.tmp`, 'etc', 'root']);
    await run('mv', ['-f', `${tarPath}.tmp`, tarPath]);
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}
