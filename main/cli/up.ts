// `k8s-lab up`: start the control plane headless, print `ready kubeconfig=…` once it
// serves, stop cleanly on SIGINT/SIGTERM. State stays in the data dir for next time.
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startControlPlane } from '../control-plane/control-plane.js';
import type { ControllerManagerConfig } from '../control-plane/controllers/controller-manager.js';
import type { TolerationSeconds } from '../control-plane/apiserver/defaults/pod.js';
import { CliError } from './errors.js';
import type { RunInfo } from './data-dir.js';
import { RUN_FILE } from './data-dir.js';

export interface UpOptions {
  dataDir: string;
  nodes: number;
  provider: 'host' | 'qemu';
  port: number;
  etcdPort: number | null;
  etcdServers: string[];
  controllers: ControllerManagerConfig;
  tolerationSeconds?: TolerationSeconds;
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
  if (opts.nodes > 0) {
    throw new CliError(`--nodes ${opts.nodes} --provider ${opts.provider}: node providers are not part of this build yet; start with --nodes 0 (the control plane only)`, 2);
  }
  const cp = await startControlPlane({
    dataDir: opts.dataDir,
    apiServerPort: opts.port,
    etcdPort: opts.etcdPort,
    etcdServers: opts.etcdServers,
    controllers: opts.controllers,
    tolerationSeconds: opts.tolerationSeconds,
    log: (line) => out(line),
  });
  const info: RunInfo = { pid: process.pid, apiServer: cp.apiServer.url, etcd: cp.etcdEndpoint, kubeconfig: cp.kubeconfigPath, startedAt: new Date().toISOString() };
  await writeFile(join(opts.dataDir, RUN_FILE), JSON.stringify(info, null, 2) + '\n', { mode: 0o600 });
  out(`ready kubeconfig=${cp.kubeconfigPath}`);

  await new Promise<void>((resolve) => {
    let stopping = false;
    const stop = (signal: string): void => {
      if (stopping) return;
      stopping = true;
      out(`stopping (${signal})`);
      void cp
        .stop()
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
