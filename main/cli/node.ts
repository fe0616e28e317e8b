// `k8s-lab node …`: node verbs go to the running lab (it owns the node processes);
// `node exec NAME -- CMD` runs a command inside a node: over SSH on a VM node
// (node-ssh-exec.ts); on a host node directly, in the node's
// network namespace, with crictl and ctr pointed at the node's containerd and etcdctl
// at the lab's etcd facade, as a shell on a real node would have them.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { containerdPaths } from '../vm/host/containerd-config.js';
import { hostShellEnv } from '../vm/host/node-shell.js';
import { CliError } from './errors.js';
import { callControl } from './lab-control.js';
import { execInVmNode } from './node-ssh-exec.js';
import { readRunInfo } from './up.js';

const VERBS = new Set(['list', 'add', 'remove', 'stop', 'start', 'restart', 'crash']);

export async function nodeCommand(dataDir: string, positionals: string[], command: string[], out: (line: string) => void): Promise<number> {
  const [verb, name] = positionals;
  if (verb === 'exec') {
    if (!name || command.length === 0) throw new CliError('usage: k8s-lab node exec NAME -- COMMAND [ARGS...]', 2);
    return execInNode(dataDir, name, command);
  }
  if (verb === 'logs') {
    if (!name) throw new CliError(`usage: k8s-lab node logs NAME [${LOG_COMPONENTS.join('|')}]`, 2);
    return nodeLogs(dataDir, name, positionals[2] ?? 'agent', out);
  }
  if (!verb || !VERBS.has(verb)) throw new CliError(`usage: k8s-lab node list | add [NAME] | remove|stop|start|restart|crash NAME | exec NAME -- CMD | logs NAME [COMPONENT] (got "${verb ?? ''}")`, 2);
  if (positionals.length > 2) throw new CliError(`node ${verb}: unexpected arguments: ${positionals.slice(2).join(' ')}`, 2);
  out(await callControl(dataDir, { verb: `node:${verb}`, args: name ? [name] : [] }));
  return 0;
}

const LOG_COMPONENTS = ['agent', 'containerd', 'dockerd', 'console'];

/** A node's own logs: the agent's, containerd's, dockerd's, the serial console (VM nodes). */
async function nodeLogs(dataDir: string, name: string, component: string, out: (line: string) => void): Promise<number> {
  if (!LOG_COMPONENTS.includes(component)) throw new CliError(`node logs: unknown component "${component}" (one of ${LOG_COMPONENTS.join(', ')})`, 2);
  const run = await readRunInfo(dataDir);
  const nodeDir = join(dataDir, 'nodes', name);
  if (!existsSync(nodeDir)) throw new CliError(`node "${name}" not found in ${dataDir}`);
  if (run?.provider === 'qemu' && component !== 'console') return execInVmNode(dataDir, name, ['cat', `/var/log/k8s-lab/${component}.log`]);
  const file = join(nodeDir, component === 'console' ? 'serial.log' : `${component}.log`);
  if (!existsSync(file)) {
    if (component === 'console') throw new CliError(`node "${name}" has no console log (a serial console exists on VM nodes only)`);
    if (component === 'dockerd') throw new CliError(`node "${name}" has no dockerd log: Docker runs on host nodes when docker.io is installed (sudo apt-get install -y docker.io)`);
    throw new CliError(`no ${component} log for node "${name}" yet (${file})`);
  }
  out((await readFile(file, 'utf8')).replace(/\n$/, ''));
  return 0;
}

async function execInNode(dataDir: string, name: string, command: string[]): Promise<number> {
  const run = await readRunInfo(dataDir);
  if (run?.provider === 'qemu') return execInVmNode(dataDir, name, command);
  if (!run?.labId || !run.gatewayIp) throw new CliError(`no lab with nodes is running from ${dataDir}`);
  const netns = `/var/run/netns/klab${run.labId}-${name}`;
  if (!existsSync(netns)) throw new CliError(`node "${name}" is not running (no network namespace ${netns})`);
  const socket = containerdPaths(join(dataDir, 'nodes', name)).socket;
  const etcdPort = run.etcd?.split(':').pop();
  const env = await hostShellEnv({ dataDir, node: name, containerdSocket: socket, ...(etcdPort ? { etcd: { endpoint: `https://${run.gatewayIp}:${etcdPort}` } } : {}) });
  return new Promise((resolve) => {
    const child = spawn('nsenter', [`--net=${netns}`, '--', ...command], { stdio: 'inherit', env });
    child.on('error', (e) => {
      console.error(`k8s-lab: ${e.message}`);
      resolve(127);
    });
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  });
}
