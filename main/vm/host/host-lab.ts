// The node side of a lab on host nodes, composed: the lab bridge, the control plane
// reachable on it, the lab images and the registry on it, and the nodes.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { assetPath } from '../../assets.js';
import type { ControlPlane } from '../../control-plane/control-plane.js';
import { KubernetesServiceEndpoints } from '../../control-plane/controllers/kubernetes-service-endpoints.js';
import { startRegistry } from '../../registry/registry.js';
import { forwardTcp } from './forward.js';
import type { TcpForward } from './forward.js';
import { HostNodeProvider } from './host-provider.js';
import type { LabNetwork } from './network.js';

export const REGISTRY_PORT = 5000;

export interface HostLab {
  provider: HostNodeProvider;
  registryUrl: string;
  stop(): Promise<void>;
}

/** the lab images: built from Debian packages on first use (npm run build:images), with progress */
export async function ensureLabImages(log: (line: string) => void): Promise<string> {
  const dir = assetPath('vm-images/out/images');
  if (existsSync(join(dir, 'index.json'))) return dir;
  const builder = assetPath('dist/build-images.mjs');
  if (!existsSync(builder)) throw new Error(`the lab images are not built and ${builder} is missing: run npm run build:images`);
  log('images: building the offline lab images from Debian packages (first start only)');
  await new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, [builder], { stdio: ['ignore', 'pipe', 'pipe'] });
    const forward = (d: Buffer): void => {
      for (const line of d.toString().split('\n')) if (line.trim()) log(`images: ${line}`);
    };
    child.stdout.on('data', forward);
    child.stderr.on('data', forward);
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`building the lab images failed (exit ${code ?? '?'}); run npm run build:images to see why`))));
  });
  return dir;
}

export async function startHostLab(o: { dataDir: string; labId: string; network: LabNetwork; cp: ControlPlane; nodes: number; log: (line: string) => void }): Promise<HostLab> {
  const gw = o.network.gatewayIp;
  const forwards: TcpForward[] = [];
  const stops: (() => Promise<void>)[] = [];
  try {
    forwards.push(await forwardTcp(gw, o.cp.apiServer.port, '127.0.0.1', o.cp.apiServer.port));
    const etcdPort = o.cp.etcdEndpoint?.startsWith('https://127.0.0.1:') ? Number(o.cp.etcdEndpoint.split(':').pop()) : undefined;
    if (etcdPort) forwards.push(await forwardTcp(gw, etcdPort, '127.0.0.1', etcdPort));
    stops.push(async () => {
      for (const f of forwards) await f.close();
    });
    // the `kubernetes` Service points at the API server's address on the bridge, so pods reach it
    const endpoints = new KubernetesServiceEndpoints(o.cp.admin, { advertiseAddress: gw, securePort: o.cp.apiServer.port, onError: (e) => o.log(`kubernetes endpoints: ${String(e)}`) });
    endpoints.start();
    stops.push(() => {
      endpoints.stop();
      return Promise.resolve();
    });
    const layoutDir = await ensureLabImages(o.log);
    const registry = await startRegistry({ layoutDir, host: gw, port: REGISTRY_PORT, log: (l) => o.log(`registry: ${l}`) });
    stops.push(() => registry.close());
    o.log(`registry: serving the lab images on ${registry.url}`);
    const provider = new HostNodeProvider({
      dataDir: o.dataDir,
      labId: o.labId,
      network: o.network,
      pki: o.cp.pki,
      apiServerUrl: `https://${gw}:${o.cp.apiServer.port}`,
      registryUrl: registry.url,
      admin: o.cp.admin,
      log: o.log,
    });
    stops.push(() => provider.shutdown());
    await provider.restore(o.nodes);
    return {
      provider,
      registryUrl: registry.url,
      stop: async () => {
        for (const s of stops.reverse()) await s().catch((e: unknown) => o.log(`stop: ${String(e)}`));
      },
    };
  } catch (e) {
    for (const s of stops.reverse()) await s().catch(() => undefined);
    throw e;
  }
}
