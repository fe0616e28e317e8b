// `k8s-lab node exec NAME -- CMD` on a VM node: over SSH with the lab key and the node's
// pinned host key, in a login environment (crictl, ctr, docker and etcdctl set up by the
// node's /etc/profile.d). On a terminal the command gets a pty, like `ssh -t`.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ensureLabKey } from '../provision/keys.js';
import { KnownHosts } from '../provision/known-hosts.js';
import { shellQuote } from '../provision/shell-quote.js';
import { NodeSsh } from '../provision/ssh-session.js';
import { CliError } from './errors.js';

interface NodeRecord {
  name: string;
  sshPort?: number;
}

export async function execInVmNode(dataDir: string, name: string, command: string[]): Promise<number> {
  const records = JSON.parse(await readFile(join(dataDir, 'nodes.json'), 'utf8').catch(() => '[]')) as NodeRecord[];
  const rec = records.find((r) => r.name === name);
  if (!rec) throw new CliError(`node "${name}" not found (nodes: ${records.map((r) => r.name).join(', ') || 'none'})`);
  if (!rec.sshPort) throw new CliError(`node "${name}" has not booted yet`);
  const sshDir = join(dataDir, 'ssh');
  const key = await ensureLabKey(sshDir);
  let ssh: NodeSsh;
  try {
    ssh = await NodeSsh.connect({ host: '127.0.0.1', port: rec.sshPort, privateKey: key.privateKey, hostKey: new KnownHosts(sshDir).check(name, { address: `127.0.0.1:${rec.sshPort}` }), readyTimeoutMs: 30_000, retryForMs: 30_000 });
  } catch (e) {
    throw new CliError(`cannot reach node "${name}" over SSH: ${(e as Error).message} (is it running? k8s-lab node list)`);
  }
  // a login shell reads /etc/profile.d/k8s-lab.sh: the node's tools and their endpoints
  const line = `exec bash -lc ${shellQuote(command.map(shellQuote).join(' '))}`;
  try {
    if (process.stdin.isTTY && process.stdout.isTTY) return await withPty(ssh, line);
    const result = await ssh.exec(line, { stdin: process.stdin, onStdout: (c) => process.stdout.write(c), onStderr: (c) => process.stderr.write(c) });
    return result.code ?? 128;
  } finally {
    await ssh.close();
  }
}

async function withPty(ssh: NodeSsh, line: string): Promise<number> {
  const channel = await ssh.execPty(line, { cols: process.stdout.columns, rows: process.stdout.rows, term: process.env.TERM });
  const onResize = (): void => channel.resize(process.stdout.columns, process.stdout.rows);
  process.stdout.on('resize', onResize);
  process.stdin.setRawMode(true);
  process.stdin.pipe(channel);
  channel.pipe(process.stdout);
  channel.stderr.pipe(process.stderr);
  try {
    return await new Promise<number>((resolve) => {
      let code = 0;
      channel.on('exit', (c: number | null) => (code = c ?? 128));
      channel.on('close', () => resolve(code));
    });
  } finally {
    process.stdout.off('resize', onResize);
    process.stdin.unpipe(channel);
    process.stdin.setRawMode(false);
    process.stdin.pause();
  }
}
