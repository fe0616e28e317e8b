// A lab, started: the control plane, the nodes (host network namespaces or VMs), and
// optionally the UI on loopback. `k8s-lab up` and the desktop app both start it here;
// stop() takes it down in reverse order and keeps every bit of cluster state.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { BridgeDeps } from './bridge/domain.js';
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
  stop(): Promise<void>;
}

/** what the bridge (headless UI or the app window) is given of a running lab */
export function bridgeDeps(rt: Pick<LabRuntime, 'cp' | 'lab'> & { dataDir: string }): BridgeDeps {
  return { admin: rt.cp.admin, apiServerUrl: rt.cp.apiServer.url, provider: rt.lab?.provider, trace: rt.cp.trace, dataDir: rt.dataDir, liveness: () => rt.cp.liveness(), registryUrl: rt.lab?.registryUrl };
}

export async function startLabRuntime(opts: LabOptions, out: (line: string) => void): Promise<LabRuntime> {
  const wantsNodes = opts.nodes > 0 || existsSync(join(opts.dataDir, 'nodes.json'));
  const labId = labIdFor(opts.dataDir);
  const hostNodes = wantsNodes && opts.provider === 'host';
  const vmNodes = wantsNodes && opts.provider === 'qemu';
  const network = hostNodes ? new LabNetwork({ labId, nodeCidr: opts.nodeCidr, serviceCidr: '10.96.0.0/12', loadBalancerCidr: '10.250.0.0/24', log: out }) : undefined;
  try {
    await network?.create();
  } catch (e) {
    throw new LabRuntimeError(e instanceof Error ? e.message : String(e));
  }
  let qemuLab: QemuLab | undefined;
  // fail before anything is started or written when the host cannot run VMs
  const missing = vmNodes ? missingTools() : [];
  if (missing.length > 0) throw new LabRuntimeError(`VM nodes need ${missing.join(', ')}`);
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
  let lab: { provider: NodeProvider; registryUrl?: string; stop(): Promise<void> } | undefined;
  try {
    if (network) lab = await startHostLab({ dataDir: opts.dataDir, labId, network, cp, nodes: opts.nodes, log: out });
    if (vmNodes) {
      qemuLab = await startQemuLab({ dataDir: opts.dataDir, labId, cp, nodes: opts.nodes, nodeCidr: opts.nodeCidr, cpus: opts.vm?.cpus, memoryMiB: opts.vm?.memoryMiB, accel: opts.vm?.accel, log: out });
      lab = qemuLab;
    }
  } catch (e) {
    await cp.stop();
    await network?.destroy();
    throw new LabRuntimeError(`starting the nodes failed: ${e instanceof Error ? e.message : String(e)}`);
  }
  let ui: UiServer | undefined;
  try {
    ui = opts.ui ? await startUiServer({ bridge: bridgeDeps({ cp, lab, dataDir: opts.dataDir }) }) : undefined;
  } catch (e) {
    await lab?.stop();
    await network?.destroy();
    await cp.stop();
    throw new LabRuntimeError(`starting the UI failed: ${e instanceof Error ? e.message : String(e)}`);
  }
  return {
    cp,
    lab,
    ui,
    runInfo: { ...(network ? { labId, gatewayIp: network.gatewayIp } : {}), ...(vmNodes ? { labId, provider: 'qemu' as const } : {}) },
    async stop() {
      await ui?.close();
      await lab?.stop();
      await network?.destroy();
      await cp.stop();
    },
  };
}
