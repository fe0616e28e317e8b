// A host node's dockerd: started inside the node's network namespace with `nsenter
// --net=…` (like its containerd, DESIGN.md facts), on the node's containerd, with its
// data, exec root, pid file and API socket under the node's own dirs (./dockerd-config.ts).
// Docker is optional: without a dockerd binary the node runs as before and the
// containerd-vs-Docker view says how to install it.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { accessSync, constants, createWriteStream, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { delimiter, dirname, join, resolve } from 'node:path';
import { findDockerds, removeEmptyCgroup } from './dockerd-proc.js';
import { dockerDaemonJson, dockerdPaths } from './dockerd-config.js';
import type { DockerdPaths } from './dockerd-config.js';
import { isAlive, killQuietly, mountsUnder, unmountAll, waitGone } from './containerd-proc.js';

export { dockerdPaths } from './dockerd-config.js';
export type { DockerdPaths } from './dockerd-config.js';

/** what a learner runs to get Docker on a Debian/Ubuntu host (the same package the VM image has) */
export const DOCKER_INSTALL_COMMAND = 'sudo apt-get install -y docker.io';

export class DockerdError extends Error {
  override readonly name = 'DockerdError';
}

/** dockerd's path on PATH (plus the sbin dirs a non-login PATH may lack), or undefined */
export function findDockerd(pathEnv = process.env.PATH ?? '', extraDirs = ['/usr/sbin', '/usr/bin', '/sbin']): string | undefined {
  for (const dir of [...pathEnv.split(delimiter), ...extraDirs]) {
    if (!dir) continue;
    const candidate = join(dir, 'dockerd');
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

export interface DockerdOptions {
  /** the node directory */
  dir: string;
  netnsPath: string;
  containerdSocket: string;
  registryUrl?: string;
  cgroupParent?: string;
  /** errors worth the lab's output (the full log goes to <dir>/dockerd.log) */
  log?: (line: string) => void;
  /** default 60 s: on a busy 2-core machine dockerd's first start sets up its data root */
  startTimeoutMs?: number;
}

export interface DockerdHandle {
  paths: DockerdPaths;
  pid: number;
  /** SIGTERM (Docker stops its containers), SIGKILL after 10 s, then cleanup */
  stop(): Promise<void>;
  /** SIGKILL dockerd only (a crash: its containers keep running under their shims) */
  kill(): void;
}

/** GET /_ping on the Docker socket: true once the API answers OK */
export function pingDocker(socket: string, timeoutMs = 2_000): Promise<boolean> {
  return new Promise((resolvePing) => {
    const req = request({ socketPath: socket, path: '/_ping', method: 'GET', timeout: timeoutMs }, (res) => {
      res.resume();
      resolvePing(res.statusCode === 200);
    });
    req.on('error', () => resolvePing(false));
    req.on('timeout', () => (req.destroy(), resolvePing(false)));
    req.end();
  });
}

async function waitReady(child: ChildProcess, paths: DockerdPaths, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new DockerdError(`dockerd exited (${child.exitCode ?? child.signalCode}) before its API answered; see ${paths.logFile}`);
    }
    if (await pingDocker(paths.socket)) return;
    if (Date.now() > deadline) throw new DockerdError(`dockerd did not answer on ${paths.socket} within ${timeoutMs} ms; see ${paths.logFile}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/**
 * What a dockerd of node directory `dir` left (after a crash of it, or of the lab): the
 * daemon itself if it still runs (SIGKILL: its containers are the node containerd's
 * shims, which that containerd's cleanup kills), mounts under its data and exec roots
 * (overlay2 layers, container netns files), the exec root, the empty cgroup parent.
 */
export async function cleanupDockerdLeftovers(dir: string, options: { cgroupParent?: string; log?: (line: string) => void } = {}): Promise<void> {
  const log = options.log ?? (() => undefined);
  const paths = dockerdPaths(dir);
  const daemons = findDockerds(paths.configFile);
  for (const d of daemons) {
    log(`killing dockerd ${d.pid} still running for ${dir}`);
    killQuietly(d.pid, 'SIGKILL');
  }
  await waitGone(daemons.map((d) => d.pid), 5_000);
  const roots = [paths.dataRoot, paths.execRoot];
  unmountAll(mountsUnder(roots), log);
  const still = mountsUnder(roots);
  if (still.length > 0) throw new DockerdError(`cannot unmount ${still.join(', ')}; exec root ${paths.execRoot} kept`);
  rmSync(paths.execRoot, { recursive: true, force: true });
  if (options.cgroupParent) await removeEmptyCgroup(options.cgroupParent);
}

/** Starts dockerd for a node and resolves once its API answers /_ping. */
export async function startDockerd(opts: DockerdOptions): Promise<DockerdHandle> {
  const log = opts.log ?? (() => undefined);
  const binary = findDockerd();
  if (!binary) throw new DockerdError(`dockerd is not installed (${DOCKER_INSTALL_COMMAND})`);
  const dir = resolve(opts.dir);
  await cleanupDockerdLeftovers(dir, { cgroupParent: opts.cgroupParent, log });
  const paths = dockerdPaths(dir);
  for (const d of [paths.dataRoot, paths.execRoot, dirname(paths.configFile)]) mkdirSync(d, { recursive: true, mode: 0o710 });
  writeFileSync(paths.configFile, dockerDaemonJson({ paths, containerdSocket: opts.containerdSocket, registryUrl: opts.registryUrl, cgroupParent: opts.cgroupParent }));
  const out = createWriteStream(paths.logFile, { flags: 'a' });
  const child = spawn('nsenter', [`--net=${opts.netnsPath}`, '--', binary, '--config-file', paths.configFile], { stdio: ['ignore', 'pipe', 'pipe'] });
  let spawnError: Error | undefined;
  child.once('error', (e) => (spawnError = e));
  for (const stream of [child.stdout, child.stderr]) {
    stream.pipe(out, { end: false });
    stream.on('data', (d: Buffer) => {
      for (const line of d.toString().split('\n')) if (/level=(error|fatal)/.test(line)) log(`dockerd: ${line}`);
    });
  }
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  void exited.then(() => out.end());
  try {
    await waitReady(child, paths, opts.startTimeoutMs ?? 60_000);
  } catch (e) {
    killQuietly(child.pid ?? -1, 'SIGKILL');
    await exited;
    await cleanupDockerdLeftovers(dir, { cgroupParent: opts.cgroupParent, log }).catch(() => undefined);
    throw spawnError ? new DockerdError(`cannot start dockerd: ${spawnError.message}`) : e;
  }
  const pid = child.pid ?? -1;
  let stopping: Promise<void> | undefined;
  const stop = async (): Promise<void> => {
    if (isAlive(pid) && child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
    await cleanupDockerdLeftovers(dir, { cgroupParent: opts.cgroupParent, log });
  };
  return { paths, pid, stop: () => (stopping ??= stop()), kill: () => void child.kill('SIGKILL') };
}
