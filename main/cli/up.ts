// `k8s-lab up`: start the control plane headless, print `ready kubeconfig=…` once it
// serves, stop cleanly on SIGINT/SIGTERM. State stays in the data dir for next time.
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CliError } from './errors.js';
import { serveControl } from './lab-control.js';
import type { ControlRequest } from './lab-control.js';
import type { RunInfo } from './data-dir.js';
import { RUN_FILE } from './data-dir.js';
import { LabRuntimeError, startLabRuntime } from '../lab-runtime.js';
import type { LabOptions, LabRuntime } from '../lab-runtime.js';
import type { NodeProvider } from '../vm/provider.js';

export type UpOptions = LabOptions;

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
  let rt: LabRuntime;
  try {
    rt = await startLabRuntime(opts, out);
  } catch (e) {
    throw e instanceof LabRuntimeError ? new CliError(e.message) : e;
  }
  const { cp, lab, ui } = rt;
  if (ui) out(`ui ${ui.url}`);
  const control = await serveControl(opts.dataDir, (req) => nodeVerb(lab, req));
  const info: RunInfo = {
    pid: process.pid,
    apiServer: cp.apiServer.url,
    etcd: cp.etcdEndpoint,
    kubeconfig: cp.kubeconfigPath,
    startedAt: new Date().toISOString(),
    ...rt.runInfo,
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
        .then(() => rt.stop())
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
