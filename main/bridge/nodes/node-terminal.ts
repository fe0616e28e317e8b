// A shell inside a node on a pseudo-terminal, for the Nodes view's xterm.
// - VM nodes: an SSH shell channel with a pty (window changes go as SSH window-change
//   requests; sshd turns them into SIGWINCH), a login shell with the node's tools set up.
// - Host nodes: there is no native pty module here (node-pty needs a compiler), so
//   util-linux `script` makes one: `nsenter --net=<netns> script -qfec 'bash -i' /dev/null`
//   runs bash on a fresh pty in the node's network namespace with crictl on PATH
//   (main/vm/host/node-shell.ts, shared with `k8s-lab node exec`). script copies our pipe
//   to the pty master; a resize sets the pty's window size from outside with `stty -F`,
//   and the kernel sends the shell SIGWINCH (tty_ioctl TIOCSWINSZ).
import { execFile, spawn } from 'node:child_process';
import { readdir, readFile, readlink } from 'node:fs/promises';
import { StringDecoder } from 'node:string_decoder';
import { promisify } from 'node:util';
import type { NodeAccess } from '../../vm/provider.js';
import { shellQuote } from '../../provision/shell-quote.js';
import { ensureShellRc, hostShellEnv } from '../../vm/host/node-shell.js';

const run = promisify(execFile);

export interface TerminalHandle {
  write(data: string): void;
  resize(cols: number, rows: number): void;
  close(): void;
}

export interface TerminalCallbacks {
  onData(text: string): void;
  onExit(code: number | null, reason: string): void;
}

export interface TerminalOptions {
  cols: number;
  rows: number;
  dataDir: string;
  /** the lab's etcd facade as host nodes reach it (ETCDCTL_ENDPOINTS in the shell) */
  etcdEndpoint?: string;
}

export async function openTerminal(a: NodeAccess, o: TerminalOptions, cb: TerminalCallbacks): Promise<TerminalHandle> {
  return a.kind === 'host' ? openHostTerminal(a, o, cb) : openVmTerminal(a, o, cb);
}

async function openVmTerminal(a: Extract<NodeAccess, { kind: 'qemu' }>, o: TerminalOptions, cb: TerminalCallbacks): Promise<TerminalHandle> {
  const ssh = await a.ssh();
  const channel = await ssh.shell({ cols: o.cols, rows: o.rows, term: 'xterm-256color' });
  const out = new StringDecoder('utf8');
  const err = new StringDecoder('utf8');
  channel.on('data', (c: Buffer) => cb.onData(out.write(c)));
  channel.stderr.on('data', (c: Buffer) => cb.onData(err.write(c)));
  let code: number | null = null;
  channel.on('exit', (c: number | null) => (code = c));
  channel.on('close', () => cb.onExit(code, code === null ? 'the SSH channel closed' : `exit ${code}`));
  return {
    write: (data) => void channel.write(data),
    resize: (cols, rows) => channel.resize(cols, rows),
    close: () => channel.close(),
  };
}

async function openHostTerminal(a: Extract<NodeAccess, { kind: 'host' }>, o: TerminalOptions, cb: TerminalCallbacks): Promise<TerminalHandle> {
  const env = await hostShellEnv({ dataDir: o.dataDir, node: a.name, containerdSocket: a.containerdSocket, ...(o.etcdEndpoint ? { etcd: { endpoint: o.etcdEndpoint } } : {}) });
  Object.assign(env, { TERM: 'xterm-256color', SHELL: '/bin/bash', HISTFILE: '/dev/null' });
  delete env.PROMPT_COMMAND;
  const rc = await ensureShellRc(o.dataDir);
  const start = `stty cols ${o.cols} rows ${o.rows}; exec bash --noprofile --rcfile ${shellQuote(rc)} -i`;
  // detached: its own process group, so close() ends script and what it started
  const child = spawn('nsenter', [`--net=${a.netnsPath}`, '--', 'script', '-qfec', start, '/dev/null'], { cwd: a.nodeDir, env, detached: true, stdio: ['pipe', 'pipe', 'pipe'] });
  const out = new StringDecoder('utf8');
  const err = new StringDecoder('utf8');
  child.stdout.on('data', (c: Buffer) => cb.onData(out.write(c)));
  child.stderr.on('data', (c: Buffer) => cb.onData(err.write(c)));
  child.stdin.on('error', () => undefined); // the shell exited while we wrote: 'exit' reports it
  let spawnError = '';
  child.on('error', (e) => (spawnError = e.message));
  child.on('close', (code, signal) => cb.onExit(code, spawnError || (signal ? `killed by ${signal}` : `exit ${code ?? '?'}`)));
  let pts: Promise<string | undefined> | undefined;
  const ptyPath = (): Promise<string | undefined> => (pts ??= child.pid ? findPty(child.pid) : Promise.resolve(undefined));
  return {
    write: (data) => void child.stdin.write(data),
    resize: (cols, rows) =>
      void ptyPath()
        .then((p) => (p ? run('stty', ['-F', p, 'cols', String(cols), 'rows', String(rows)]) : undefined))
        .catch(() => undefined),
    close: () => {
      if (child.exitCode !== null || child.signalCode !== null || !child.pid) return;
      // end of input and SIGHUP, as a closed terminal gives: bash exits, script follows
      child.stdin.end();
      try {
        process.kill(-child.pid, 'SIGHUP');
      } catch {
        // already gone
      }
      setTimeout(() => {
        if (child.exitCode === null && child.signalCode === null && child.pid) {
          try {
            process.kill(-child.pid, 'SIGKILL');
          } catch {
            // gone meanwhile
          }
        }
      }, 2000).unref();
    },
  };
}

/** the pty slave of the shell script started: the /dev/pts/N its child has as stdin */
async function findPty(scriptPid: number): Promise<string | undefined> {
  for (let attempt = 0; attempt < 20; attempt++) {
    for (const pid of await childrenOf(scriptPid)) {
      const fd0 = await readlink(`/proc/${pid}/fd/0`).catch(() => '');
      if (fd0.startsWith('/dev/pts/')) return fd0;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return undefined;
}

async function childrenOf(pid: number): Promise<number[]> {
  const listed = await readFile(`/proc/${pid}/task/${pid}/children`, 'utf8').catch(() => undefined);
  if (listed !== undefined) return listed.trim().split(/\s+/).filter(Boolean).map(Number);
  // kernels without CONFIG_PROC_CHILDREN: scan every process's parent
  const kids: number[] = [];
  for (const d of await readdir('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    const stat = await readFile(`/proc/${d}/stat`, 'utf8').catch(() => '');
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    if (ppid === pid) kids.push(Number(d));
  }
  return kids;
}
