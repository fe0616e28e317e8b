// The node agent, composed: API client with the node's certificate, CRI client to the
// node's containerd, node status + lease, the pod network, the kubelet role, the
// kubelet server (logs, exec, port-forward) and the kube-proxy role.
import { readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { ApiClient } from '../main/common/client/api-client.js';
import type { AgentConfig } from './config.js';
import { connectCri } from './cri/cri-client.js';
import type { CriClient } from './cri/cri-client.js';
import { CriTracer } from './cri/cri-trace.js';
import { ImageGc } from './kubelet/image-gc.js';
import { Kubelet } from './kubelet/kubelet.js';
import { capacity, KUBELET_VERSION } from './kubelet/node-info.js';
import { NodeStatusManager } from './kubelet/node-status.js';
import type { NodeHealth } from './kubelet/node-status.js';
import { streamingRuntime } from './kubelet/streaming-runtime.js';
import { PodNetwork } from './network/pod-network.js';
import { startServiceProxy } from './proxy/service-proxy.js';
import { startKubeletServer } from './server/index.js';

export interface Agent {
  stop(): Promise<void>;
}

async function waitForRuntime(cri: CriClient, log: (l: string) => void): Promise<void> {
  for (let i = 0; ; i++) {
    try {
      await cri.version({ version: 'v1' });
      return;
    } catch (e) {
      if (i % 10 === 0) log(`waiting for the container runtime at ${cri.socketPath}: ${e instanceof Error ? e.message : String(e)}`);
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}

export async function startAgent(cfg: AgentConfig, log: (line: string) => void): Promise<Agent> {
  await mkdir(cfg.rootDir, { recursive: true });
  await mkdir(cfg.podLogsDir, { recursive: true });
  const ca = readFileSync(cfg.caFile, 'utf8');
  const client = new ApiClient({ server: cfg.apiServer, caPem: ca, certPem: readFileSync(cfg.certFile, 'utf8'), keyPem: readFileSync(cfg.keyFile, 'utf8'), userAgent: `kubelet/${KUBELET_VERSION} (linux) k8s-lab` });
  const started = Date.now();
  log(`agent starting for node ${cfg.nodeName} (process up ${process.uptime().toFixed(1)} s)`);
  // the CRI calls made for pods, for the app's live trace (GET /criTrace on the kubelet server)
  const criTrace = new CriTracer();
  const cri = connectCri(cfg.containerdSocket, { observer: criTrace });
  await waitForRuntime(cri, log);
  log(`container runtime ready in ${Date.now() - started} ms`);
  const network = new PodNetwork(client, cfg.nodeName, cfg.cniConfDir, log);
  const health = async (): Promise<NodeHealth> => {
    const h: NodeHealth = { routesReady: network.isReady() };
    try {
      const { status } = await cri.status({});
      for (const c of status?.conditions ?? []) {
        if (c.status) continue;
        const text = `${c.type}=false reason:${c.reason} message:${c.message}`;
        if (c.type === 'RuntimeReady') h.runtimeError = text;
        if (c.type === 'NetworkReady') h.networkError = text;
      }
    } catch (e) {
      h.runtimeError = e instanceof Error ? e.message : String(e);
    }
    return h;
  };
  const nodeStatus = new NodeStatusManager(client, cri, cfg, health, log);
  await nodeStatus.start();
  network.start();
  const kubelet = new Kubelet(client, cri, cfg, () => capacity(cfg.rootDir, cfg.maxPods).allocatable, log);
  await kubelet.start();
  const server = await startKubeletServer({
    host: cfg.kubeletAddress ?? cfg.nodeIP,
    port: cfg.kubeletPort,
    tls: { cert: readFileSync(cfg.servingCertFile), key: readFileSync(cfg.servingKeyFile), clientCa: ca },
    runtime: streamingRuntime(kubelet, cri, cfg.podLogsDir),
    criTrace,
    log,
  });
  log(`kubelet server on https://${cfg.nodeIP}:${server.port}`);
  const imageGc = new ImageGc(cri, { highPercent: cfg.imageGcHighThresholdPercent, lowPercent: cfg.imageGcLowThresholdPercent, sandboxImage: 'registry.k8s.io/pause:3.6' }, log);
  imageGc.start();
  const proxy = cfg.proxy ? startServiceProxy({ client, nodeName: cfg.nodeName, nodeIPs: [cfg.nodeIP], log }) : undefined;
  // the next status goes out now that the kubelet runs (Ready follows the runtime's NetworkReady)
  void nodeStatus.updateStatus().catch(() => undefined);
  log(`node ${cfg.nodeName} agent running (${cfg.containerdSocket})`);
  return {
    async stop() {
      await proxy?.stop();
      kubelet.stop();
      imageGc.stop();
      network.stop();
      nodeStatus.stop();
      await server.close();
      cri.close();
      client.close();
    },
  };
}
