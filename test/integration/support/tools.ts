// Real tools the integration tests drive. A missing tool fails the test loudly with
// the command that installs it; it never lets a test pass silently.
import { execFileSync } from 'node:child_process';

const INSTALL: Record<string, string> = {
  kubectl: 'apt-get install -y kubectl   (Google Cloud SDK apt repository; v1.32 on the build machines)',
  etcdctl: 'apt-get install -y etcd-client',
  etcd: 'apt-get install -y etcd-server',
  openssl: 'apt-get install -y openssl',
  curl: 'apt-get install -y curl',
  ip: 'apt-get install -y iproute2',
  nsenter: 'apt-get install -y util-linux',
  script: 'apt-get install -y bsdutils',
  iptables: 'apt-get install -y iptables',
  'iptables-save': 'apt-get install -y iptables',
  'iptables-restore': 'apt-get install -y iptables',
  containerd: 'apt-get install -y containerd',
  ctr: 'apt-get install -y containerd',
  runc: 'apt-get install -y runc',
  skopeo: 'apt-get install -y skopeo',
  gcc: 'apt-get install -y gcc libc6-dev',
  sshd: 'apt-get install -y openssh-server',
  'ssh-keygen': 'apt-get install -y openssh-client',
  ssh: 'apt-get install -y openssh-client',
  chromium: 'apt-get install -y chromium',
};

export function requireTool(name: string): string {
  try {
    return execFileSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).trim();
  } catch {
    throw new Error(`${name} is required for this test and is not installed; install it with: ${INSTALL[name] ?? `apt-get install -y ${name}`}`);
  }
}
