// Starts a real `k8s-lab up` (the built CLI, as a user runs it) in a temp data dir on
// free ports, and runs the real kubectl / etcdctl against it.
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { requireTool } from './tools.js';

export const ROOT = resolve(import.meta.dirname, '..', '..', '..');
export const FIXTURES = join(ROOT, 'test', 'fixtures');

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface Lab {
  dataDir: string;
  kubeconfig: string;
  etcdEndpoint: string;
  proc: ChildProcess;
  output: string[];
  kubectl(args: string[], opts?: { input?: string; env?: Record<string, string>; cwd?: string }): RunResult;
  etcdctl(args: string[], opts?: { input?: string }): RunResult;
  /** SIGTERM and wait for a clean exit */
  stop(): Promise<number | null>;
  /** SIGKILL, no cleanup */
  kill9(): Promise<void>;
}

export interface LabOptions {
  dataDir?: string;
  extraArgs?: string[];
  /** how long `up` may take to print ready (host nodes build the lab images on first use) */
  readyTimeoutMs?: number;
  /** added to the lab process's environment (e.g. HOME and KUBECONFIG for a test's own kubeconfig) */
  env?: Record<string, string>;
}

export async function startLab(opts: LabOptions = {}): Promise<Lab> {
  const kubectlPath = requireTool('kubectl');
  const etcdctlPath = requireTool('etcdctl');
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'k8s-lab-it-'));
  const proc = spawn(process.execPath, [join(ROOT, 'bin', 'k8s-lab.mjs'), 'up', '--data-dir', dataDir, '--nodes', '0', '--port', '0', '--etcd-port', '0', ...(opts.extraArgs ?? [])], {
    stdio: ['ignore', 'pipe', 'pipe'],
    ...(opts.env ? { env: { ...process.env, ...opts.env } } : {}),
  });
  const output: string[] = [];
  const ready = new Promise<void>((resolveReady, reject) => {
    let buf = '';
    const onData = (chunk: Buffer): void => {
      buf += chunk.toString();
      const lines = buf.split('\n');
      buf = lines.pop() ?? '';
      for (const line of lines) {
        output.push(line);
        if (line.startsWith('ready kubeconfig=')) resolveReady();
      }
    };
    proc.stdout.on('data', onData);
    proc.stderr.on('data', (c: Buffer) => output.push(c.toString()));
    proc.on('exit', (code) => reject(new Error(`k8s-lab up exited with ${String(code)} before ready:\n${output.join('\n')}`)));
    const limit = opts.readyTimeoutMs ?? 30_000;
    setTimeout(() => reject(new Error(`k8s-lab up not ready after ${limit / 1000} s:\n${output.join('\n')}`)), limit).unref();
  });
  try {
    await ready;
  } catch (e) {
    proc.kill('SIGKILL'); // never leave a half-started lab behind
    throw e;
  }
  const run = JSON.parse(readFileSync(join(dataDir, 'run.json'), 'utf8')) as { etcd: string; kubeconfig: string };
  const pki = join(dataDir, 'pki');
  const exited = new Promise<number | null>((r) => proc.on('exit', (code) => r(code)));
  return {
    dataDir,
    kubeconfig: run.kubeconfig,
    etcdEndpoint: run.etcd,
    proc,
    output,
    kubectl(args, o = {}) {
      const r = spawnSync(kubectlPath, args, {
        input: o.input,
        encoding: 'utf8',
        cwd: o.cwd,
        env: { PATH: process.env.PATH ?? '', HOME: dataDir, KUBECONFIG: run.kubeconfig, ...o.env },
        timeout: 60_000,
      });
      return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
    },
    etcdctl(args, o = {}) {
      const r = spawnSync(
        etcdctlPath,
        ['--endpoints', run.etcd, '--cacert', join(pki, 'etcd', 'ca.crt'), '--cert', join(pki, 'etcd', 'server.crt'), '--key', join(pki, 'etcd', 'server.key'), ...args],
        { input: o.input, encoding: 'utf8', env: { PATH: process.env.PATH ?? '', ETCDCTL_API: '3' }, timeout: 60_000 },
      );
      return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
    },
    async stop() {
      if (proc.exitCode === null) proc.kill('SIGTERM');
      return exited;
    },
    async kill9() {
      if (proc.exitCode === null) proc.kill('SIGKILL');
      await exited;
    },
  };
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}
