// A lab, started: the control plane, the nodes (host network namespaces or VMs), and
// optionally the UI on loopback. `k8s-lab up` and the desktop app both start it here;
// stop() takes it down in reverse order and keeps every bit of cluster state.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { BridgeDeps } from './bridge/domain.js';
import { LabSteps, STEP_KEYS } from './bridge/setup/lab-steps.js';
import { watchNodeReady } from './bridge/setup/node-ready.js';
import { ProgressLog } from './bridge/setup/progress-log.js';
import { startUiServer } from './bridge/ui-server.js';
import type { UiServer } from './bridge/ui-server.js';
import { startControlPlane } from './control-plane/control-plane.js';
import type { ControlPlane } from './control-plane/control-plane.js';
import type { TolerationSeconds } from './control-plane/apiserver/defaults/pod.js';
import type { ControllerManagerConfig } from './control-plane/controllers/controller-manager.js';
import { startHostLab } from './vm/host/host-lab.js';
import { LabNetwork, labIdFor } from './vm/host/network.js';
import type { NodeProvider } from './vm/provider.js';
import { HOST_SERVICES_IP } from './vm/qemu/guest-layout.js';
import type { Accelerator } from './vm/qemu/qemu-args.js';
import { missingTools, startQemuLab } from './vm/qemu/qemu-lab.js';
import type { QemuLab } from './vm/qemu/qemu-lab.js';

export interface LabOptions {
  dataDir: string;
  nodes: number;
  provider: 'host' | 'qemu';
  port: number;
  etcdPort: number | null;
  etcdServers: string[];
  controllers: ControllerManagerConfig;
  tolerationSeconds?: TolerationSeconds;
  /** the node network, the pod range split into /24s per node */
  nodeCidr: string;
  clusterCidr: string;
  /** serve the app's UI headless on loopback (--ui) */
  ui?: boolean;
  /** VM nodes (--provider qemu) */
  vm?: { cpus: number; memoryMiB: number; accel?: Accelerator };
  /** where the start reports its steps (the desktop app passes its own, shown before the lab is up) */
  steps?: LabSteps;
}

/** a lab that could not start; what it had started is stopped again */
export class LabRuntimeError extends Error {
  override readonly name = 'LabRuntimeError';
}

export interface LabRuntime {
  cp: ControlPlane;
  lab?: { provider: NodeProvider; registryUrl?: string; stop(): Promise<void> };
  ui?: UiServer;
  /** what run.json records beyond the endpoints */
  runInfo: { labId?: string; gatewayIp?: string; provider?: 'qemu' };
  /** the start's progress and every later step (the Setup view shows the history) */
  steps: LabSteps;
  /** what the lab was started with, and the accelerator its VMs use */
  started: { provider: 'host' | 'qemu'; nodes: number; cpus?: number; memoryMiB?: number; accel?: Accelerator };
  stop(): Promise<void>;
}

/** what the bridge (headless UI or the app window) is given of a running lab */
export function bridgeDeps(rt: Pick<LabRuntime, 'cp' | 'lab'> & Partial<Pick<LabRuntime, 'steps' | 'started'>> & { dataDir: string }): BridgeDeps {
  const setup = rt.steps
    ? { steps: rt.steps, phase: () => 'running' as const, started: rt.started, kubeconfigPath: rt.cp.kubeconfigPath, dataDir: rt.dataDir, env: process.env }
    : undefined;
  return {
    admin: rt.cp.admin,
    apiServerUrl: rt.cp.apiServer.url,
    provider: rt.lab?.provider,
    trace: rt.cp.trace,
    dataDir: rt.dataDir,
    liveness: () => rt.cp.liveness(),
    registryUrl: rt.lab?.registryUrl,
    ...(setup ? { setup } : {}),
  };
}

export async function startLabRuntime(opts: LabOptions, print: (line: string) => void): Promise<LabRuntime> {
  // every line still goes to the CLI as before; the Setup view gets the same facts as steps
  const steps = opts.steps ?? new LabSteps(new ProgressLog());
  const progress = steps.progress;
  steps.operation = 'start';
  const out = (line: string): void => {
    print(line);
    steps.line(line);
  };
  try {
    return await startLab(opts, out, steps);
  } catch (e) {
    for (const s of progress.running('start')) progress.fail(s.id, e instanceof Error ? e.message : String(e));
    throw e;
  }
}

async function startLab(opts: LabOptions, out: (line: string) => void, steps: LabSteps): Promise<LabRuntime> {
  const progress = steps.progress;
  const wantsNodes = opts.nodes > 0 || existsSync(join(opts.dataDir, 'nodes.json'));
  const labId = labIdFor(opts.dataDir);
  const hostNodes = wantsNodes && opts.provider === 'host';
  const vmNodes = wantsNodes && opts.provider === 'qemu';
  const network = hostNodes ? new LabNetwork({ labId, nodeCidr: opts.nodeCidr, serviceCidr: '10.96.0.0/12', loadBalancerCidr: '10.250.0.0/24', log: out }) : undefined;
  if (network) progress.begin('network', 'start', STEP_KEYS.network, undefined, opts.nodeCidr);
  try {
    await network?.create();
    if (network) progress.done('network', `${opts.nodeCidr} (${network.gatewayIp})`);
  } catch (e) {
    throw new LabRuntimeError(e instanceof Error ? e.message : String(e));
  }
  let qemuLab: QemuLab | undefined;
  // fail before anything is started or written when the host cannot run VMs
  const missing = vmNodes ? missingTools() : [];
  if (missing.length > 0) throw new LabRuntimeError(`VM nodes need ${missing.join(', ')}`);
  progress.begin('control-plane', 'start', STEP_KEYS.controlPlane);
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
  progress.done('control-plane', cp.apiServer.url);
  const stopReady = watchNodeReady(cp.admin, steps);
  let lab: { provider: NodeProvider; registryUrl?: string; stop(): Promise<void> } | undefined;
  if (wantsNodes) {
    progress.begin('nodes', 'start', STEP_KEYS.nodes, { provider: opts.provider });
    steps.expectNodes(opts.nodes);
  }
  try {
    if (network) lab = await startHostLab({ dataDir: opts.dataDir, labId, network, cp, nodes: opts.nodes, log: out });
    if (vmNodes) {
      qemuLab = await startQemuLab({ dataDir: opts.dataDir, labId, cp, nodes: opts.nodes, nodeCidr: opts.nodeCidr, cpus: opts.vm?.cpus, memoryMiB: opts.vm?.memoryMiB, accel: opts.vm?.accel, log: out });
      lab = qemuLab;
    }
    if (wantsNodes) progress.done('nodes', (lab?.provider.list() ?? []).map((n) => n.name).join(', '));
  } catch (e) {
    stopReady();
    await cp.stop();
    await network?.destroy();
    throw new LabRuntimeError(`starting the nodes failed: ${e instanceof Error ? e.message : String(e)}`);
  }
  const started = { provider: opts.provider, nodes: opts.nodes, ...(vmNodes ? { cpus: opts.vm?.cpus, memoryMiB: opts.vm?.memoryMiB, accel: qemuLab?.accel } : {}) };
  let ui: UiServer | undefined;
  try {
    if (opts.ui) progress.begin('ui', 'start', STEP_KEYS.ui);
    ui = opts.ui ? await startUiServer({ bridge: bridgeDeps({ cp, lab, dataDir: opts.dataDir, steps, started }) }) : undefined;
    if (ui) progress.done('ui', 'http://127.0.0.1:' + new URL(ui.url).port);
  } catch (e) {
    stopReady();
    await lab?.stop();
    await network?.destroy();
    await cp.stop();
    throw new LabRuntimeError(`starting the UI failed: ${e instanceof Error ? e.message : String(e)}`);
  }
  // what nodes report later (a VM still booting, an agent registering) belongs to the node actions
  steps.operation = 'nodes';
  return {
    cp,
    lab,
    ui,
    steps,
    started,
    runInfo: { ...(network ? { labId, gatewayIp: network.gatewayIp } : {}), ...(vmNodes ? { labId, provider: 'qemu' as const } : {}) },
    async stop() {
      stopReady();
      await ui?.close();
      await lab?.stop();
      await network?.destroy();
      await cp.stop();
    },
  };
}
