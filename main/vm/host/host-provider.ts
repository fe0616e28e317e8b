// The host node provider: each node is a network namespace on this Linux host with its
// own containerd (own root, state, socket and CNI config, pulling only from the lab
// registry) and its own agent process, both running inside the namespace. Nodes are
// remembered in <data>/nodes.json so a restarted lab brings the same nodes back.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, readFileSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ApiClient } from '../../common/client/api-client.js';
import { Informer } from '../../common/client/informer.js';
import type { KubeObject } from '../../common/kube-types.js';
import { assetPath } from '../../assets.js';
import type { Pki } from '../../control-plane/pki/index.js';
import { credentialContents, credentialFiles, issueNodeCredentials } from '../node-identity.js';
import type { NodeAccess, NodeInfo, NodeProvider } from '../provider.js';
import { allocateNode, findNode, NodeProviderError } from '../provider.js';
import { containerdPaths, startContainerd } from './containerd.js';
import type { ContainerdHandle } from './containerd.js';
import { cleanupDockerdLeftovers, dockerdPaths, findDockerd, startDockerd } from './dockerd.js';
import type { DockerdHandle } from './dockerd.js';
import type { LabNetwork } from './network.js';

export interface HostProviderOptions {
  dataDir: string;
  labId: string;
  network: LabNetwork;
  pki: Pki;
  /** the API server as nodes reach it (on the bridge) */
  apiServerUrl: string;
  registryUrl: string;
  /** the lab's admin client: the provider watches node pod CIDRs to route them from the host */
  admin: ApiClient;
  /** the agent bundle; default dist/agent/agent.mjs */
  agentBundle?: string;
  log: (line: string) => void;
}

interface NodeRecord {
  name: string;
  index: number;
  stopped?: boolean;
}

interface RunningNode {
  rec: NodeRecord;
  ip: string;
  containerd?: ContainerdHandle;
  agent?: ChildProcess;
  /** Docker beside containerd (absent without a dockerd binary, or while it starts) */
  dockerd?: DockerdHandle;
  dockerdStarting?: Promise<void>;
  state: NodeInfo['state'];
}

/** where a host node's runtimes are, for the containerd-vs-Docker view (main/bridge/runtimes/) */
export interface HostNodeRuntime {
  netnsPath: string;
  containerdSocket: string;
  containerdConfig: string;
  /** dockerd's socket when it answers; undefined when it is not installed, not (yet) running or failed */
  dockerSocket?: string;
  dockerInstalled: boolean;
  dockerDataRoot: string;
  podLogsDir: string;
}

export class HostNodeProvider implements NodeProvider {
  readonly kind = 'host' as const;
  private readonly nodes = new Map<string, RunningNode>();
  private readonly nodeInformer: Informer<KubeObject & { spec?: { podCIDR?: string } }>;
  private readonly stateFile: string;

  constructor(private readonly o: HostProviderOptions) {
    this.stateFile = join(o.dataDir, 'nodes.json');
    this.nodeInformer = new Informer(o.admin, { group: '', version: 'v1', resource: 'nodes' });
    this.nodeInformer.on((e) => {
      if (e.type === 'delete') return;
      const n = this.nodes.get(e.obj.metadata.name ?? '');
      const cidr = e.obj.spec?.podCIDR;
      if (n && cidr) void o.network.routePodCidr(cidr, n.ip).catch((err: unknown) => o.log(`network: route ${cidr}: ${String(err)}`));
    });
  }

  private nodeDir(name: string): string {
    return join(this.o.dataDir, 'nodes', name);
  }

  private records(): NodeRecord[] {
    if (!existsSync(this.stateFile)) return [];
    return JSON.parse(readFileSync(this.stateFile, 'utf8')) as NodeRecord[];
  }

  private async save(): Promise<void> {
    const recs = [...this.nodes.values()].map((n) => n.rec);
    await writeFile(this.stateFile, JSON.stringify(recs, null, 2) + '\n');
  }

  list(): NodeInfo[] {
    return [...this.nodes.values()].map((n) => ({ name: n.rec.name, ip: n.ip, state: n.state }));
  }

  /** brings back the nodes of the last run, then adds nodes until there are `count` */
  async restore(count: number): Promise<void> {
    this.nodeInformer.start();
    for (const rec of this.records()) {
      this.nodes.set(rec.name, { rec, ip: this.o.network.nodeIp(rec.index), state: 'stopped' });
      if (!rec.stopped) await this.start(rec.name);
    }
    while (this.nodes.size < count) await this.add();
    await this.save();
  }

  async add(name?: string): Promise<NodeInfo> {
    const { name: nodeName, index } = allocateNode(this.nodes, name);
    const rec: NodeRecord = { name: nodeName, index };
    this.nodes.set(nodeName, { rec, ip: this.o.network.nodeIp(index), state: 'stopped' });
    await this.save();
    await this.start(nodeName);
    return this.info(nodeName);
  }

  private info(name: string): NodeInfo {
    const n = this.get(name);
    return { name, ip: n.ip, state: n.state };
  }

  private get(name: string): RunningNode {
    return findNode(this.nodes, name);
  }

  async start(name: string): Promise<void> {
    const n = this.get(name);
    if (n.state === 'running') return;
    if (n.state === 'crashed') await this.stopProcesses(n);
    const dir = this.nodeDir(name);
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const net = await this.o.network.addNode(name, n.rec.index);
    const cniConfDir = join(dir, 'cni', 'net.d');
    // a dockerd left by a crash holds mounts in its exec root: gone before containerd's cleanup
    await cleanupDockerdLeftovers(dir, { cgroupParent: this.dockerCgroupParent(name), log: (l) => this.o.log(`${name} dockerd: ${l}`) });
    // containerd's own log goes to the node's containerd.log; errors also to the lab's output
    const containerdLog = createWriteStream(join(dir, 'containerd.log'), { flags: 'a' });
    const logContainerd = (l: string): void => {
      containerdLog.write(l + '\n');
      if (/level=(error|fatal)/.test(l) && !/no network config found/.test(l)) this.o.log(`${name} containerd: ${l}`);
    };
    n.containerd = await startContainerd({ dir, netnsPath: net.netnsPath, registryUrl: this.o.registryUrl, cniConfDir, log: logContainerd });
    const config = await this.writeAgentConfig(name, net.ip, n.containerd.socket, cniConfDir);
    const out = createWriteStream(join(dir, 'agent.log'), { flags: 'a' });
    const bundle = this.o.agentBundle ?? assetPath('dist/agent/agent.mjs');
    if (!existsSync(bundle)) throw new NodeProviderError(`the agent bundle ${bundle} is missing: run npm run build`, 'Failed');
    const agent = spawn('nsenter', [`--net=${net.netnsPath}`, '--', process.execPath, bundle, '--config', config], { stdio: ['ignore', 'pipe', 'pipe'] });
    agent.stdout.pipe(out);
    agent.stderr.pipe(out);
    agent.stderr.on('data', (d: Buffer) => this.o.log(`${name} agent: ${d.toString().trim()}`));
    agent.on('exit', (code, signal) => {
      if (n.agent === agent && n.state === 'running') this.o.log(`${name} agent exited (${signal ?? `code ${code ?? '?'}`}); see ${join(dir, 'agent.log')}`);
    });
    n.agent = agent;
    n.state = 'running';
    n.rec.stopped = false;
    await this.save();
    this.o.log(`node ${name}: started (${net.ip}, containerd ${n.containerd.socket})`);
    this.startDocker(n, net.netnsPath);
    if (n.rec.index === Math.min(...[...this.nodes.values()].map((x) => x.rec.index))) await this.o.network.routeServices(net.ip);
  }

  private async writeAgentConfig(name: string, ip: string, socket: string, cniConfDir: string): Promise<string> {
    const dir = join(this.nodeDir(name), 'pki');
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const files = credentialFiles(dir);
    const contents = credentialContents(await issueNodeCredentials(this.o.pki, name, [ip]));
    for (const [key, { content, mode }] of Object.entries(contents)) await writeFile(files[key as keyof typeof files], content, { mode });
    const path = join(this.nodeDir(name), 'agent.json');
    const nodeDir = this.nodeDir(name);
    await writeFile(
      path,
      JSON.stringify(
        {
          nodeName: name,
          nodeIP: ip,
          apiServer: this.o.apiServerUrl,
          ...files,
          containerdSocket: socket,
          rootDir: join(nodeDir, 'kubelet'),
          podLogsDir: join(nodeDir, 'log', 'pods'),
          cniConfDir,
          cgroupRoot: `/k8s-lab-${this.o.labId}/${name}`,
        },
        null,
        2,
      ) + '\n',
    );
    return path;
  }

  private async stopProcesses(n: RunningNode, gracefulAgent = true): Promise<void> {
    const agent = n.agent;
    if (agent && agent.exitCode === null && agent.signalCode === null) {
      const exited = new Promise<void>((r) => agent.once('exit', () => r()));
      agent.kill(gracefulAgent ? 'SIGTERM' : 'SIGKILL');
      const timer = setTimeout(() => agent.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    }
    n.agent = undefined;
    // Docker before containerd: dockerd stops its containers through it
    await n.dockerdStarting;
    await n.dockerd?.stop().catch((e: unknown) => this.o.log(`node ${n.rec.name} dockerd: ${String(e)}`));
    n.dockerd = undefined;
    if (n.containerd) await n.containerd.stop();
    n.containerd = undefined;
  }

  async stop(name: string): Promise<void> {
    const n = this.get(name);
    await this.stopProcesses(n);
    await this.o.network.removeNode(name, n.rec.index);
    n.state = 'stopped';
    n.rec.stopped = true;
    await this.save();
    this.o.log(`node ${name}: stopped`);
  }

  /** kill -9 the agent and containerd: the node stops reporting, its containers keep running */
  crash(name: string): Promise<void> {
    const n = this.get(name);
    if (n.state !== 'running') throw new NodeProviderError(`node "${name}" is not running`, 'Invalid');
    n.agent?.kill('SIGKILL');
    n.containerd?.kill();
    n.dockerd?.kill();
    n.state = 'crashed';
    this.o.log(`node ${name}: crashed (agent, containerd${n.dockerd ? ' and dockerd' : ''} killed)`);
    return Promise.resolve();
  }

  async remove(name: string): Promise<void> {
    const n = this.get(name);
    await this.stopProcesses(n);
    await this.o.network.removeNode(name, n.rec.index);
    this.nodes.delete(name);
    await this.save();
    await this.o.admin.delete({ group: '', version: 'v1', resource: 'nodes' }, name).catch(() => undefined);
    await rm(this.nodeDir(name), { recursive: true, force: true });
    this.o.log(`node ${name}: removed`);
  }

  private dockerCgroupParent(name: string): string {
    return `/k8s-lab-${this.o.labId}/${name}/docker`;
  }

  /**
   * Docker on every host node, as on every VM node: the comparison view works on any node
   * and a node's Docker has that node's network and containerd. Started in the background
   * (the node is up without it); a missing or failing dockerd is logged, never fatal.
   */
  private startDocker(n: RunningNode, netnsPath: string): void {
    const name = n.rec.name;
    if (!findDockerd() || !n.containerd) return;
    const log = (l: string): void => this.o.log(`${name} ${l}`);
    n.dockerdStarting = startDockerd({ dir: this.nodeDir(name), netnsPath, containerdSocket: n.containerd.socket, registryUrl: this.o.registryUrl, cgroupParent: this.dockerCgroupParent(name), log })
      .then((h) => {
        if (n.state === 'running') n.dockerd = h;
        else return h.stop();
      })
      .catch((e: unknown) => log(`dockerd: ${e instanceof Error ? e.message : String(e)}`))
      .finally(() => (n.dockerdStarting = undefined));
  }

  /** the node's runtime endpoints (NotFound for an unknown node) */
  runtimeInfo(name: string): HostNodeRuntime {
    const n = this.get(name);
    const dir = this.nodeDir(name);
    return {
      netnsPath: `/var/run/netns/${this.o.network.netnsName(name)}`,
      containerdSocket: containerdPaths(dir).socket,
      containerdConfig: containerdPaths(dir).configFile,
      dockerSocket: n.dockerd?.paths.socket,
      dockerInstalled: findDockerd() !== undefined,
      dockerDataRoot: dockerdPaths(dir).dataRoot,
      podLogsDir: join(dir, 'log', 'pods'),
    };
  }

  access(name: string): NodeAccess {
    this.get(name);
    const nodeDir = this.nodeDir(name);
    return { kind: 'host', name, nodeDir, netnsPath: `/var/run/netns/${this.o.network.netnsName(name)}`, containerdSocket: containerdPaths(nodeDir).socket };
  }

  async shutdown(): Promise<void> {
    this.nodeInformer.stop();
    for (const n of this.nodes.values()) {
      await this.stopProcesses(n).catch((e: unknown) => this.o.log(`node ${n.rec.name}: ${String(e)}`));
      n.state = 'stopped';
    }
    await this.o.network.destroy();
  }
}
