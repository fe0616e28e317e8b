// How the runtimes service reaches a node's tools. A host node: ctr, docker and the
// agent's crictl on this machine, pointed at the node's own containerd and Docker
// sockets, and /proc filtered to the node's processes. A VM node: the same commands over
// the provider's SSH session, as a learner would type them in the node's terminal.
import { execFile } from 'node:child_process';
import { statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { assetPath } from '../../assets.js';
import { shellQuote } from '../../provision/shell-quote.js';
import type { NodeSsh } from '../../provision/ssh-session.js';
import { listProcesses, netnsInode } from '../../vm/host/containerd-proc.js';
import { pingDocker } from '../../vm/host/dockerd.js';
import type { HostNodeRuntime } from '../../vm/host/host-provider.js';
import { parsePsRows } from './parse.js';
import type { ProcRow } from './parse.js';
import { withDescendants } from './process-tree.js';

export type Tool = 'ctr' | 'docker' | 'crictl';

export interface ToolResult {
  ok: boolean;
  stdout: string;
  stderr: string;
}

export interface NodeAccess {
  readonly provider: 'host' | 'qemu';
  /** host nodes: the variables a node terminal sets (`k8s-lab node exec`), so the short commands work */
  readonly env: string[];
  /** whether a dockerd binary exists on the node's machine */
  dockerInstalled(): Promise<boolean>;
  /** never rejects: a failure is data */
  run(tool: Tool, args: string[], timeoutMs?: number): Promise<ToolResult>;
  /** the node's processes (pid, ppid, argv) */
  processes(): Promise<ProcRow[]>;
  /** a file on the node ('' when unreadable): /proc/PID/cgroup, containerd's config */
  read(path: string): Promise<string>;
  readonly containerdConfig: string;
}

function execTool(file: string, args: string[], env: NodeJS.ProcessEnv | undefined, timeoutMs: number): Promise<ToolResult> {
  return new Promise((resolve) => {
    execFile(file, args, { env, timeout: timeoutMs, maxBuffer: 8 * 1024 * 1024 }, (err, stdout, stderr) => {
      resolve({ ok: !err, stdout, stderr: err && !stderr ? err.message : stderr });
    });
  });
}

/** a host node: its sockets on this machine */
export class HostNodeAccess implements NodeAccess {
  readonly provider = 'host' as const;
  readonly env: string[];
  readonly containerdConfig: string;

  constructor(private readonly rt: HostNodeRuntime) {
    this.containerdConfig = rt.containerdConfig;
    this.env = [`CONTAINERD_ADDRESS=${rt.containerdSocket}`, `CONTAINER_RUNTIME_ENDPOINT=unix://${rt.containerdSocket}`, ...(rt.dockerSocket ? [`DOCKER_HOST=unix://${rt.dockerSocket}`] : [])];
  }

  dockerInstalled(): Promise<boolean> {
    return Promise.resolve(this.rt.dockerInstalled);
  }

  async run(tool: Tool, args: string[], timeoutMs = 20_000): Promise<ToolResult> {
    if (tool === 'ctr') return execTool('ctr', ['--address', this.rt.containerdSocket, ...args], undefined, timeoutMs);
    if (tool === 'docker') {
      const socket = this.rt.dockerSocket;
      if (!socket || !(await pingDocker(socket))) return { ok: false, stdout: '', stderr: 'Cannot connect to the Docker daemon: dockerd is not running on this node' };
      return execTool('docker', ['-H', `unix://${socket}`, ...args], undefined, timeoutMs);
    }
    // the agent's crictl-style CLI; ELECTRON_RUN_AS_NODE makes the app's binary a plain Node
    const env = { ...process.env, CONTAINER_RUNTIME_ENDPOINT: `unix://${this.rt.containerdSocket}`, IMAGE_SERVICE_ENDPOINT: `unix://${this.rt.containerdSocket}`, ELECTRON_RUN_AS_NODE: '1' };
    return execTool(process.execPath, [assetPath('dist/agent/crictl.mjs'), ...args], env, timeoutMs);
  }

  /** processes in the node's network namespace (containerd, dockerd, agent, shims) and their descendants */
  processes(): Promise<ProcRow[]> {
    let ino: number;
    try {
      ino = statSync(this.rt.netnsPath).ino;
    } catch {
      return Promise.resolve([]);
    }
    const all = listProcesses();
    const seeds = new Set(all.filter((p) => netnsInode(p.pid) === ino).map((p) => p.pid));
    return Promise.resolve(withDescendants(all, seeds));
  }

  async read(path: string): Promise<string> {
    return readFile(path, 'utf8').catch(() => '');
  }
}

/** a VM node: commands over its SSH session */
export class VmNodeAccess implements NodeAccess {
  readonly provider = 'qemu' as const;
  readonly env: string[] = [];
  readonly containerdConfig = '/etc/containerd/config.toml';

  constructor(private readonly ssh: NodeSsh) {}

  async exec(argv: string[], timeoutMs = 20_000): Promise<ToolResult> {
    const signal = AbortSignal.timeout(timeoutMs);
    try {
      const r = await this.ssh.exec(argv.map(shellQuote).join(' '), { signal });
      return { ok: r.code === 0, stdout: r.stdout, stderr: r.stderr };
    } catch (e) {
      return { ok: false, stdout: '', stderr: e instanceof Error ? e.message : String(e) };
    }
  }

  async dockerInstalled(): Promise<boolean> {
    return (await this.exec(['sh', '-c', 'command -v dockerd'])).ok;
  }

  run(tool: Tool, args: string[], timeoutMs?: number): Promise<ToolResult> {
    return this.exec([tool, ...args], timeoutMs);
  }

  async processes(): Promise<ProcRow[]> {
    return parsePsRows((await this.exec(['ps', '-eo', 'pid=,ppid=,args='])).stdout);
  }

  async read(path: string): Promise<string> {
    return (await this.exec(['cat', path])).stdout;
  }
}

