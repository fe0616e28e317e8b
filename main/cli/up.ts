// `k8s-lab up`: start the control plane headless, print `ready kubeconfig=…` once it
// serves, stop cleanly on SIGINT/SIGTERM. State stays in the data dir for next time.
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startControlPlane } from '../control-plane/control-plane.js';
import type { ControllerManagerConfig } from '../control-plane/controllers/controller-manager.js';
import type { TolerationSeconds } from '../control-plane/apiserver/defaults/pod.js';
import { CliError } from './errors.js';
import { existsSync } from 'node:fs';
import { LabNetwork, labIdFor } from '../vm/host/network.js';
import { startHostLab } from '../vm/host/host-lab.js';
import { serveControl } from './lab-control.js';
import { missingTools, startQemuLab } from '../vm/qemu/qemu-lab.js';
import type { QemuLab } from '../vm/qemu/qemu-lab.js';
import { HOST_SERVICES_IP } from '../vm/qemu/guest-layout.js';
import type { Accelerator } from '../vm/qemu/qemu-args.js';
import type { NodeProvider } from '../vm/provider.js';
import type { ControlRequest } from './lab-control.js';
import type { RunInfo } from './data-dir.js';
import { RUN_FILE } from './data-dir.js';
import { startUiServer } from '../bridge/ui-server.js';
import type { UiServer } from '../bridge/ui-server.js';

export interface UpOptions {
  dataDir: string;
  nodes: number;
  provider: 'host' | 'qemu';
  port: number;
  etcdPort: number | null;
  etcdServers: string[];
  controllers: ControllerManagerConfig;
  tolerationSeconds?: TolerationSeconds;
  /** the node network (host nodes), the pod range split into /24s per node */
  nodeCidr: string;
  clusterCidr: string;
  /** serve the app's UI headless on loopback (--ui) */
  ui?: boolean;
  /** VM nodes (--provider qemu) */
  vm?: { cpus: number; memoryMiB: number; accel?: Accelerator };
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export async function readRunInfo(dataDir: string): Promise<RunInfo | undefined> {
  try {
    const info = JSON.parse(await readFile(join(dataDir, RUN_FILE), 'utf8')) as RunInfo;
    return alive(info.pid) ? info : undefined;
  } catch {
    return undefined;
  }
}

export async function up(opts: UpOptions, out: (line: string) => void): Promise<void> {
  const running = await readRunInfo(opts.dataDir);
  if (running) throw new CliError(`a lab is already running from ${opts.dataDir} (pid ${running.pid}); stop it with: k8s-lab down --data-dir ${opts.dataDir}`);
  const wantsNodes = opts.nodes > 0 || existsSync(join(opts.dataDir, 'nodes.json'));
  const labId = labIdFor(opts.dataDir);
  const hostNodes = wantsNodes && opts.provider === 'host';
  const vmNodes = wantsNodes && opts.provider === 'qemu';
  const network = hostNodes ? new LabNetwork({ labId, nodeCidr: opts.nodeCidr, serviceCidr: '10.96.0.0/12', loadBalancerCidr: '10.250.0.0/24', log: out }) : undefined;
  try {
    await network?.create();
  } catch (e) {
    throw new CliError(e instanceof Error ? e.message : String(e));
  }
  let qemuLab: QemuLab | undefined;
  // fail before anything is started or written when the host cannot run VMs
  const missing = vmNodes ? missingTools() : [];
  if (missing.length > 0) throw new CliError(`VM nodes need ${missing.join(', ')}`);
  const cp = await startControlPlane({
    // the addresses nodes reach the API server and the etcd facade on: the bridge, or QEMU's forward
    apiServerSans: network ? { dns: [], ips: [network.gatewayIp] } : vmNodes ? { dns: [], ips: [HOST_SERVICES_IP] } : undefined,
    kubeletRoute: vmNodes ? (name) => qemuLab?.provider.kubeletRoute(name) : undefined,
    dataDir: opts.dataDir,
    apiServerPort: opts.port,
    etcdPort: opts.etcdPort,
    etcdServers: opts.etcdServers,
    controllers: { ...opts.controllers, clusterCidr: opts.clusterCidr },
    tolerationSeconds: opts.tolerationSeconds,
    log: (line) => out(line),
  });
  let lab: { provider: NodeProvider; stop(): Promise<void> } | undefined;
  try {
    if (network) lab = await startHostLab({ dataDir: opts.dataDir, labId, network, cp, nodes: opts.nodes, log: out });
    if (vmNodes) {
      qemuLab = await startQemuLab({ dataDir: opts.dataDir, labId, cp, nodes: opts.nodes, nodeCidr: opts.nodeCidr, cpus: opts.vm?.cpus, memoryMiB: opts.vm?.memoryMiB, accel: opts.vm?.accel, log: out });
      lab = qemuLab;
    }
  } catch (e) {
    await cp.stop();
    await network?.destroy();
    throw new CliError(`starting the nodes failed: ${e instanceof Error ? e.message : String(e)}`);
  }
  let ui: UiServer | undefined;
  try {
    ui = opts.ui ? await startUiServer({ bridge: { admin: cp.admin, apiServerUrl: cp.apiServer.url, provider: lab?.provider } }) : undefined;
  } catch (e) {
    await lab?.stop();
    await network?.destroy();
    await cp.stop();
    throw new CliError(`starting the UI failed: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (ui) out(`ui ${ui.url}`);
  const control = await serveControl(opts.dataDir, (req) => nodeVerb(lab, req));
  const info: RunInfo = {
    pid: process.pid,
    apiServer: cp.apiServer.url,
    etcd: cp.etcdEndpoint,
    kubeconfig: cp.kubeconfigPath,
    startedAt: new Date().toISOString(),
    ...(network ? { labId, gatewayIp: network.gatewayIp } : {}),
    ...(vmNodes ? { labId, provider: 'qemu' as const } : {}),
  };
  await writeFile(join(opts.dataDir, RUN_FILE), JSON.stringify(info, null, 2) + '\n', { mode: 0o600 });
  out(`ready kubeconfig=${cp.kubeconfigPath}`);

  await new Promise<void>((resolve) => {
    let stopping = false;
    const stop = (signal: string): void => {
      if (stopping) return;
      stopping = true;
      out(`stopping (${signal})`);
      void control
        .close()
        .then(() => ui?.close())
        .then(() => lab?.stop())
        .then(() => network?.destroy())
        .then(() => cp.stop())
        .then(() => rm(join(opts.dataDir, RUN_FILE), { force: true }))
        .then(() => {
          out('stopped');
          resolve();
        });
    };
    process.on('SIGINT', () => stop('SIGINT'));
    process.on('SIGTERM', () => stop('SIGTERM'));
  });
}

async function nodeVerb(lab: { provider: NodeProvider } | undefined, req: ControlRequest): Promise<string> {
  if (!lab) throw Object.assign(new Error('this lab has no node provider: start it with --nodes N --provider host|qemu'), { code: 'Invalid' });
  const [name] = req.args;
  const p = lab.provider;
  const need = (): string => {
    if (!name) throw Object.assign(new Error(`node ${req.verb.replace('node:', '')}: a node name is required`), { code: 'Invalid' });
    return name;
  };
  switch (req.verb) {
    case 'node:list':
      return p.list().map((n) => `${n.name}\t${n.ip}\t${n.state}`).join('\n');
    case 'node:add':
      return `node/${(await p.add(name)).name} added`;
    case 'node:remove':
      await p.remove(need());
      return `node/${need()} removed`;
    case 'node:stop':
      await p.stop(need());
      return `node/${need()} stopped`;
    case 'node:start':
      await p.start(need());
      return `node/${need()} started`;
    case 'node:restart':
      await p.stop(need());
      await p.start(need());
      return `node/${need()} restarted`;
    case 'node:crash':
      await p.crash(need());
      return `node/${need()} crashed`;
    default:
      throw Object.assign(new Error(`unknown request ${req.verb}`), { code: 'Invalid' });
  }
}
