// A host node's own containerd: its root under the node directory, its state and
// socket under /run/k8s-lab/<hash>, started inside the node's network namespace with
// `nsenter --net=…` (`ip netns exec` remounts /sys and runc then finds no cgroup
// mounts — DESIGN.md facts). Ready when its CRI socket answers Version.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { CriCode, CriError, connectCri } from '../../../agent/cri/cri-client.js';
import type { CriClient } from '../../../agent/cri/cri-client.js';
import { cleanupContainerdLeftovers } from './containerd-cleanup.js';
import { containerdConfigToml, containerdPaths, registryHostFiles } from './containerd-config.js';

export { cleanupContainerdLeftovers } from './containerd-cleanup.js';
export { containerdPaths } from './containerd-config.js';

export interface ContainerdOptions {
  /** the node directory: containerd/root, containerd/config.toml, certs.d, cni/net.d */
  dir: string;
  /** run containerd (and so every pod and host-network container) in this netns */
  netnsPath?: string;
  /** e.g. http://127.0.0.1:5000: every registry host resolves only to it */
  registryUrl?: string;
  /** default <dir>/cni/net.d */
  cniConfDir?: string;
  /** default registry.k8s.io/pause:3.6 */
  sandboxImage?: string;
  log?: (line: string) => void;
  /** how long to wait for the CRI socket; default 30 s */
  startTimeoutMs?: number;
  /** containerd's root elsewhere than <dir>/containerd/root (the node image build preloads into the image's root) */
  rootDir?: string;
}

export interface ContainerdHandle {
  socket: string;
  pid: number;
  root: string;
  stateDir: string;
  /** stops all CRI pods, containerd, shims; unmounts; removes the state dir */
  stop(): Promise<void>;
  /** SIGKILL containerd only (a crash: shims and containers keep running) */
  kill(): void;
}

export class ContainerdError extends Error {
  override readonly name = 'ContainerdError';
}

const LOG_TAIL_LINES = 30;

function writeConfig(opts: ContainerdOptions): ReturnType<typeof containerdPaths> {
  const paths = { ...containerdPaths(opts.dir, opts.cniConfDir), ...(opts.rootDir ? { root: resolve(opts.rootDir) } : {}) };
  for (const dir of [paths.root, paths.stateDir, paths.certsDir, paths.cniConfDir, dirname(paths.configFile)]) mkdirSync(dir, { recursive: true });
  writeFileSync(paths.configFile, containerdConfigToml({ paths, sandboxImage: opts.sandboxImage }));
  if (opts.registryUrl !== undefined) {
    for (const [file, content] of registryHostFiles(opts.registryUrl)) {
      const path = join(paths.certsDir, file);
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, content);
    }
  }
  return paths;
}

/** Polls Version until the socket answers, the daemon exits, or time runs out. */
async function waitReady(
  cri: CriClient, child: ChildProcess, timeoutMs: number, tail: () => string, spawnFailure: () => Error | undefined,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError = '';
  for (;;) {
    const failure = spawnFailure();
    if (failure) throw new ContainerdError(`cannot start containerd: ${failure.message}`);
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new ContainerdError(
        `containerd exited (${child.exitCode ?? child.signalCode}) before its CRI socket answered; last log lines:\n${tail()}`);
    }
    try {
      await cri.version({ version: 'v1' }, { timeoutMs: 2_000 });
      return;
    } catch (error) {
      lastError = (error as Error).message;
      // The socket answers but the CRI plugin did not load: waiting will not help.
      if (error instanceof CriError && error.code === CriCode.UNIMPLEMENTED) {
        throw new ContainerdError(`containerd started without its CRI plugin (${lastError}); last log lines:\n${tail()}`);
      }
    }
    if (Date.now() > deadline) {
      throw new ContainerdError(
        `containerd did not answer CRI Version on ${cri.socketPath} within ${timeoutMs} ms (${lastError}); last log lines:\n${tail()}`);
    }
    await new Promise((resolveWait) => setTimeout(resolveWait, 100));
  }
}

/** Stops and removes every pod sandbox through CRI: containers, CNI DEL, mounts. */
async function removeAllPods(cri: CriClient, log: (line: string) => void): Promise<void> {
  const { items } = await cri.listPodSandbox({}, { timeoutMs: 10_000 });
  for (const pod of items) {
    try {
      await cri.stopPodSandbox({ podSandboxId: pod.id }, { timeoutMs: 60_000 });
      await cri.removePodSandbox({ podSandboxId: pod.id }, { timeoutMs: 60_000 });
    } catch (error) {
      log(`removing pod sandbox ${pod.id}: ${(error as Error).message}`);
    }
  }
}

/**
 * Starts the containerd of node directory opts.dir and resolves once its CRI socket
 * answers Version. Whatever a previous containerd of the same dir left (after a
 * crash) is cleaned up first — including that containerd itself if it still runs:
 * one containerd per dir.
 */
export async function startContainerd(opts: ContainerdOptions): Promise<ContainerdHandle> {
  const log = opts.log ?? (() => {});
  const dir = resolve(opts.dir);
  // A containerd of this dir left by a crash would hold the socket and the bolt lock.
  await cleanupContainerdLeftovers(dir, { cniConfDir: opts.cniConfDir, log });
  const paths = writeConfig({ ...opts, dir });

  const args = ['--config', paths.configFile];
  const child = opts.netnsPath
    ? spawn('nsenter', [`--net=${opts.netnsPath}`, '--', 'containerd', ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
    : spawn('containerd', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let spawnError: Error | undefined;
  child.once('error', (error) => (spawnError = error));
  const tailLines: string[] = [];
  for (const stream of [child.stdout, child.stderr]) {
    if (!stream) continue;
    createInterface({ input: stream }).on('line', (line) => {
      tailLines.push(line);
      if (tailLines.length > LOG_TAIL_LINES) tailLines.shift();
      log(line);
    });
  }
  const exited = new Promise<void>((resolveExit) => child.once('exit', () => resolveExit()));
  const cri = connectCri(paths.socket);
  try {
    await waitReady(cri, child, opts.startTimeoutMs ?? 30_000, () => tailLines.join('\n'), () => spawnError);
  } catch (error) {
    cri.close();
    if (child.pid !== undefined) child.kill('SIGKILL');
    await cleanupContainerdLeftovers(dir, { cniConfDir: opts.cniConfDir, log }).catch((cleanupError: unknown) =>
      log(`cleanup after failed start: ${(cleanupError as Error).message}`));
    throw error;
  }
  const pid = child.pid;
  if (pid === undefined) throw new ContainerdError('containerd has no pid');

  let stopping: Promise<void> | undefined;
  const stop = async (): Promise<void> => {
    const running = child.exitCode === null && child.signalCode === null;
    if (running) {
      await removeAllPods(cri, log).catch((error: unknown) => log(`listing pod sandboxes: ${(error as Error).message}`));
    }
    cri.close();
    if (running) {
      child.kill('SIGTERM');
      const timer = new Promise<boolean>((resolveTimer) => setTimeout(() => resolveTimer(false), 5_000).unref());
      if (!(await Promise.race([exited.then(() => true), timer]))) {
        log('containerd did not exit 5 s after SIGTERM; sending SIGKILL');
        child.kill('SIGKILL');
      }
      await exited;
    }
    await cleanupContainerdLeftovers(dir, { cniConfDir: opts.cniConfDir, log });
  };

  return {
    socket: paths.socket,
    pid,
    root: paths.root,
    stateDir: paths.stateDir,
    stop: () => (stopping ??= stop()),
    kill: () => {
      child.kill('SIGKILL');
    },
  };
}
