// The containerd vs Docker view's service: one node's two runtimes, read from the live
// node with its own tools (ctr, docker, crictl, ps, /proc) and parsed into the panels
// the view shows, each with the command that shows the same in a terminal.
import type { RuntimeContainer, RuntimeNodeInfo, RuntimeSideData, RuntimeSnapshot } from '../../common/bridge/runtimes.js';
import { DOCKER_INSTALL_COMMAND } from '../../vm/host/dockerd.js';
import { HostNodeProvider } from '../../vm/host/host-provider.js';
import type { NodeProvider } from '../../vm/provider.js';
import { QemuNodeProvider } from '../../vm/qemu/qemu-provider.js';
import { BridgeError } from '../errors.js';
import { HostNodeAccess, VmNodeAccess } from './node-access.js';
import type { NodeAccess, Tool, ToolResult } from './node-access.js';
import {
  containerdRoot, parseCrictlInspect, parseCrictlPods, parseCrictlPs, parseCtrContainers, parseCtrTasks, parseDockerInspect,
} from './parse.js';
import { buildProcessTree } from './process-tree.js';

/** a command's display form and its result, as the contract's CommandRun */
function shown(command: string, r: ToolResult): { command: string; ok: boolean; output: string } {
  return { command, ok: r.ok, output: r.ok ? r.stdout : r.stderr || r.stdout };
}

export class RuntimesService {
  constructor(private readonly provider: NodeProvider | undefined) {}

  nodes(): { provider: 'host' | 'qemu' | null; nodes: RuntimeNodeInfo[] } {
    return { provider: this.provider?.kind ?? null, nodes: (this.provider?.list() ?? []).map((n) => ({ name: n.name, state: n.state })) };
  }

  /** the node's tools; 404 for an unknown node, 409 when it is not running */
  async access(node: string): Promise<NodeAccess> {
    const p = this.provider;
    if (!p) throw new BridgeError(400, 'BadRequest', 'this lab has no node provider: start it with --nodes N --provider host|qemu');
    const info = p.list().find((n) => n.name === node);
    if (!info) throw new BridgeError(404, 'NotFound', `nodes "${node}" not found`);
    if (info.state !== 'running') throw new BridgeError(409, 'Conflict', `node "${node}" is ${info.state}: start it to see its runtimes`);
    if (p instanceof HostNodeProvider) return new HostNodeAccess(p.runtimeInfo(node));
    if (p instanceof QemuNodeProvider) return new VmNodeAccess(await p.ssh(node));
    throw new BridgeError(501, 'NotImplemented', `the ${p.kind} node provider has no runtime access`);
  }

  async snapshot(node: string): Promise<RuntimeSnapshot> {
    const a = await this.access(node);
    const run = (tool: Tool, ...args: string[]): Promise<ToolResult> => a.run(tool, args);
    const [installed, dockerInfo] = await Promise.all([a.dockerInstalled(), run('docker', 'info', '--format', '{{.DockerRootDir}}|{{.Driver}}')]);
    const [namespaces, processes, config, cri, docker] = await Promise.all([
      run('ctr', 'namespaces', 'ls'),
      a.processes(),
      a.read(a.containerdConfig),
      this.criSide(a, run),
      dockerInfo.ok ? this.dockerSide(a, run, dockerInfo.stdout.trim()) : Promise.resolve(null),
    ]);
    cri.imageStore = `${containerdRoot(config)}/io.containerd.content.v1.content`;
    const sandboxPids = new Set(cri.containers.filter((c) => c.sandbox && c.pid !== undefined).map((c) => c.pid as number));
    const dataRoot = dockerInfo.ok ? dockerInfo.stdout.split('|')[0] : undefined;
    return {
      node,
      provider: a.provider,
      takenAt: new Date().toISOString(),
      env: a.env,
      docker: { installed, running: dockerInfo.ok, ...(installed ? {} : { installCommand: DOCKER_INSTALL_COMMAND }), ...(dataRoot ? { dataRoot } : {}) },
      namespaces: shown('ctr namespaces ls', namespaces),
      sides: { docker, cri },
      processes: { command: 'ps -ef --forest', tree: buildProcessTree(processes, sandboxPids) },
    };
  }

  /** pids and /proc/PID/cgroup of running containers */
  private async withTasks(a: NodeAccess, containers: RuntimeContainer[], tasks: string): Promise<void> {
    const pids = parseCtrTasks(tasks);
    await Promise.all(
      containers.map(async (c) => {
        const pid = pids.get(c.id);
        if (pid === undefined) return;
        c.pid = pid;
        const text = await a.read(`/proc/${pid}/cgroup`);
        c.cgroup = text.split('\n').filter((l) => l.trim() !== '');
      }),
    );
  }

  private async criSide(a: NodeAccess, run: (tool: Tool, ...args: string[]) => Promise<ToolResult>): Promise<RuntimeSideData> {
    const [list, tasks, ps, pods, psJson, podsJson, images] = await Promise.all([
      run('ctr', '-n', 'k8s.io', 'c', 'ls'),
      run('ctr', '-n', 'k8s.io', 't', 'ls'),
      run('crictl', 'ps', '-a'),
      run('crictl', 'pods'),
      run('crictl', 'ps', '-a', '-o', 'json'),
      run('crictl', 'pods', '-o', 'json'),
      run('ctr', '-n', 'k8s.io', 'images', 'ls'),
    ]);
    const sandboxes = parseCrictlPods(podsJson.stdout);
    const criContainers = new Map(parseCrictlPs(psJson.stdout).map((c) => [c.id, c]));
    const containers: RuntimeContainer[] = parseCtrContainers(list.stdout).map((row) => {
      const pod = sandboxes.get(row.id);
      if (pod !== undefined) return { id: row.id, namespace: 'k8s.io', image: row.image, name: 'POD', pod, sandbox: true };
      const c = criContainers.get(row.id);
      return { id: row.id, namespace: 'k8s.io', image: row.image, name: c?.name ?? '', ...(c ? { pod: c.pod } : {}), sandbox: false };
    });
    const apps = containers.filter((c) => !c.sandbox && criContainers.has(c.id)).map((c) => c.id);
    const [inspect] = await Promise.all([apps.length > 0 ? run('crictl', 'inspect', ...apps) : Promise.resolve(undefined), this.withTasks(a, containers, tasks.stdout)]);
    const logs = parseCrictlInspect(inspect?.stdout ?? '');
    for (const c of containers) {
      const path = logs.get(c.id);
      if (path) c.logPath = path;
    }
    return {
      containerList: shown('ctr -n k8s.io c ls', list),
      toolList: shown('crictl ps -a', ps),
      podList: shown('crictl pods', pods),
      containers,
      images: shown('ctr -n k8s.io images ls', images),
      imageStore: '',
      logCommand: `crictl inspect ${apps[0]?.slice(0, 13) ?? 'CONTAINER-ID'}   # status.logPath`,
    };
  }

  private async dockerSide(a: NodeAccess, run: (tool: Tool, ...args: string[]) => Promise<ToolResult>, info: string): Promise<RuntimeSideData> {
    const [root = '/var/lib/docker', driver = 'overlay2'] = info.split('|');
    const [list, tasks, ps, images] = await Promise.all([
      run('ctr', '-n', 'moby', 'c', 'ls'),
      run('ctr', '-n', 'moby', 't', 'ls'),
      run('docker', 'ps', '-a'),
      run('docker', 'images'),
    ]);
    const rows = parseCtrContainers(list.stdout);
    const inspect = rows.length > 0 ? await run('docker', 'inspect', ...rows.map((r) => r.id)) : undefined;
    const byId = new Map(parseDockerInspect(inspect?.stdout ?? '').map((d) => [d.id, d]));
    const containers: RuntimeContainer[] = rows.map((row) => {
      const d = byId.get(row.id);
      return { id: row.id, namespace: 'moby', image: d?.image || row.image, name: d?.name ?? '', ...(d?.logPath ? { logPath: d.logPath } : {}) };
    });
    await this.withTasks(a, containers, tasks.stdout);
    const first = containers[0]?.name;
    return {
      containerList: shown('ctr -n moby c ls', list),
      toolList: shown('docker ps -a', ps),
      containers,
      images: shown('docker images', images),
      imageStore: `${root}/image/${driver}`,
      logCommand: `docker inspect --format '{{.LogPath}}' ${first || 'CONTAINER'}`,
    };
  }
}
