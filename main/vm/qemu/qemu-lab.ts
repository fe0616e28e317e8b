// The node side of a lab on VM nodes, composed: the node image, the accelerator, the
// lab registry on loopback, the node network switch, SSH keys, the `kubernetes`
// Service endpoints at the address VMs reach the API server on, the VMs, and host
// forwards for NodePorts.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { assetPath } from '../../assets.js';
import { Cidr } from '../../common/cidr.js';
import type { ControlPlane } from '../../control-plane/control-plane.js';
import { KubernetesServiceEndpoints } from '../../control-plane/controllers/kubernetes-service-endpoints.js';
import { ensureLabKey } from '../../provision/keys.js';
import { KnownHosts } from '../../provision/known-hosts.js';
import { startRegistry } from '../../registry/registry.js';
import { readNodeImage } from '../../../vm-images/node/manifest.js';
import type { NodeImage } from '../../../vm-images/node/manifest.js';
import { ensureLabImages } from '../host/host-lab.js';
import { chooseAccelerator } from './accel.js';
import { GUEST_PORTS, HOST_SERVICES_IP } from './guest-layout.js';
import { NodePortForwarder } from './nodeport-forwarder.js';
import { qemuBinary } from './qemu-args.js';
import type { Accelerator } from './qemu-args.js';
import { QemuNodeProvider } from './qemu-provider.js';
import { EthernetSwitch } from './switch.js';

export class QemuLabError extends Error {
  override readonly name = 'QemuLabError';
}

export interface QemuLab {
  provider: QemuNodeProvider;
  nodePorts: NodePortForwarder;
  accel: Accelerator;
  stop(): Promise<void>;
}

export interface QemuLabOptions {
  dataDir: string;
  labId: string;
  cp: ControlPlane;
  nodes: number;
  nodeCidr: string;
  accel?: Accelerator;
  cpus?: number;
  memoryMiB?: number;
  agentConfig?: Record<string, unknown>;
  log: (line: string) => void;
}

function onPath(tool: string): boolean {
  return (process.env.PATH ?? '/usr/sbin:/usr/bin').split(':').some((d) => existsSync(join(d, tool)));
}

/** The host tools VM nodes need, each with the package that has it. */
export function missingTools(): string[] {
  const need: [string, string][] = [
    [qemuBinary(), process.arch === 'arm64' ? 'qemu-system-arm' : 'qemu-system-x86'],
    ['qemu-img', 'qemu-utils'],
    ['socat', 'socat'],
  ];
  return need.filter(([tool]) => !onPath(tool)).map(([tool, pkg]) => `${tool} (apt-get install -y ${pkg})`);
}

/** The node image, built on first use (npm run build:images) with progress. */
export async function ensureNodeImage(log: (line: string) => void): Promise<NodeImage> {
  const dir = assetPath('vm-images/out/node');
  if (!existsSync(join(dir, 'manifest.json'))) {
    const builder = assetPath('dist/build-node-image.mjs');
    if (!existsSync(builder)) throw new QemuLabError(`no node image at ${dir} and ${builder} is missing: run npm run build:images`);
    log('node image: building the node VM image from Debian packages (first start only, a few minutes)');
    await new Promise<void>((resolve, reject) => {
      const child = spawn(process.execPath, [builder], { stdio: ['ignore', 'pipe', 'pipe'] });
      const forward = (d: Buffer): void => {
        for (const line of d.toString().split('\n')) if (line.trim()) log(line.startsWith('node image') ? line : `node image: ${line.trim()}`);
      };
      child.stdout.on('data', forward);
      child.stderr.on('data', forward);
      child.on('error', reject);
      child.on('exit', (code) => (code === 0 ? resolve() : reject(new QemuLabError(`building the node image failed (exit ${code ?? '?'}); run npm run build:images to see why`))));
    });
  }
  return readNodeImage(dir);
}

export async function startQemuLab(o: QemuLabOptions): Promise<QemuLab> {
  const missing = missingTools();
  if (missing.length > 0) throw new QemuLabError(`VM nodes need ${missing.join(', ')}`);
  const stops: (() => Promise<void>)[] = [];
  const stopAll = async (): Promise<void> => {
    for (const s of stops.reverse()) await s().catch((e: unknown) => o.log(`stop: ${String(e)}`));
  };
  try {
    const layoutDir = await ensureLabImages(o.log);
    const image = await ensureNodeImage(o.log);
    o.log(`node image: ${image.dir} (kernel ${image.manifest.kernel}, built ${image.manifest.builtAt})`);
    const { accel, reason } = await chooseAccelerator({ qemu: qemuBinary(), kernel: image.kernel, cacheDir: join(o.dataDir, 'qemu'), forced: o.accel, log: o.log });
    o.log(`qemu: ${reason}`);
    const registry = await startRegistry({ layoutDir, host: '127.0.0.1', port: 0, log: (l) => o.log(`registry: ${l}`) });
    stops.push(() => registry.close());
    o.log(`registry: serving the lab images on ${registry.url} (nodes: http://${HOST_SERVICES_IP}:${GUEST_PORTS.registry})`);
    const sw = await EthernetSwitch.start(`/run/k8s-lab/${o.labId}/switch.sock`, o.log);
    stops.push(() => sw.close());
    // pods reach the API server through the `kubernetes` Service: its endpoint is the address VMs use
    const endpoints = new KubernetesServiceEndpoints(o.cp.admin, { advertiseAddress: HOST_SERVICES_IP, securePort: GUEST_PORTS.apiServer, onError: (e) => o.log(`kubernetes endpoints: ${String(e)}`) });
    endpoints.start();
    stops.push(() => Promise.resolve(endpoints.stop()));
    const sshDir = join(o.dataDir, 'ssh');
    const labKey = await ensureLabKey(sshDir);
    const etcdPort = o.cp.etcdEndpoint?.startsWith('https://127.0.0.1:') ? Number(o.cp.etcdEndpoint.split(':').pop()) : undefined;
    const pki = o.cp.pki;
    const provider = new QemuNodeProvider({
      dataDir: o.dataDir,
      labId: o.labId,
      image,
      accel,
      nodeCidr: new Cidr(o.nodeCidr),
      switchSocket: sw.socketPath,
      services: { apiServer: o.cp.apiServer.port, registry: registry.port, ...(etcdPort ? { etcd: etcdPort } : {}) },
      pki,
      etcdClient: etcdPort ? { caPem: pki.etcd.ca.certPem, certPem: pki.etcd.healthcheckClient.certPem, keyPem: pki.etcd.healthcheckClient.keyPem } : undefined,
      admin: o.cp.admin,
      labKey,
      knownHosts: new KnownHosts(sshDir),
      cpus: o.cpus,
      memoryMiB: o.memoryMiB,
      agentConfig: o.agentConfig,
      agentBundleDir: assetPath('dist/agent'),
      // one socat per guest connection (guestfwd cmd:), so the node may hold many at once
      connectCommand: (port) => `socat - TCP:127.0.0.1:${port}`,
      log: o.log,
    });
    stops.push(() => provider.shutdown());
    const nodePorts = new NodePortForwarder(o.cp.admin, () => provider.runningVms(), o.log);
    nodePorts.start();
    stops.push(() => Promise.resolve(nodePorts.stop()));
    await provider.restore(o.nodes);
    return { provider, nodePorts, accel, stop: stopAll };
  } catch (e) {
    await stopAll();
    throw e;
  }
}
