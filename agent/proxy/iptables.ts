// Applies the proxy rules to a node's netfilter tables: one `iptables-save` to see what
// is there, one `iptables-restore --noflush -w` to change it atomically (other chains in
// the node, e.g. CNI's or docker's, are left alone). The agent runs inside its node's
// network namespace and applies to it; a test can aim at another namespace with
// `netnsPath` (commands then run under `nsenter --net=…`).
import { spawn } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { parseSave, planCleanup, planSync } from './restore-plan.js';

export class IptablesError extends Error {
  constructor(
    message: string,
    readonly command: string,
    readonly stderr: string,
  ) {
    super(message);
    this.name = 'IptablesError';
  }
}

export interface IptablesApplierOptions {
  /** a network namespace to apply to (e.g. /var/run/netns/NAME); default: this process's own */
  netnsPath?: string;
  log?: (line: string) => void;
}

export interface IptablesApplier {
  /** replace every rule of ours with `rules` (buildRules output), atomically */
  apply(rules: string): Promise<void>;
  /** remove every hook and chain this module made */
  cleanup(): Promise<void>;
  /** iptables-save of every table, for tests and the UI */
  save(): Promise<string>;
}

interface RunResult {
  stdout: string;
  stderr: string;
}

function run(argv: string[], input?: string): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const [cmd, ...args] = argv;
    const child = spawn(cmd ?? '', args, { stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => err.push(c));
    child.on('error', (e) => reject(new IptablesError(`${argv.join(' ')}: ${e.message}`, argv.join(' '), '')));
    child.on('close', (code) => {
      const stdout = Buffer.concat(out).toString('utf8');
      const stderr = Buffer.concat(err).toString('utf8');
      if (code === 0) resolve({ stdout, stderr });
      else reject(new IptablesError(`${argv.join(' ')} exited ${code ?? 'on a signal'}: ${stderr.trim()}`, argv.join(' '), stderr));
    });
    child.stdin.on('error', () => undefined); // a tool that dies early closes its stdin: 'close' reports it
    child.stdin.end(input ?? '');
  });
}

/** iptables-restore names the failing line ("line 12 failed"): show it in the error */
function withFailingLine(e: unknown, input: string): unknown {
  if (!(e instanceof IptablesError)) return e;
  const m = /line (\d+) failed/.exec(e.stderr);
  const line = m ? input.split('\n')[Number(m[1]) - 1] : undefined;
  return line ? new IptablesError(`${e.message} (${line})`, e.command, e.stderr) : e;
}

export function createIptablesApplier(opts: IptablesApplierOptions = {}): IptablesApplier {
  const prefix = opts.netnsPath ? ['nsenter', `--net=${opts.netnsPath}`] : [];
  const log = opts.log ?? (() => undefined);
  let forwarding = false;
  // one change at a time: a stop({ cleanup }) must not interleave with a sync
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const next = queue.then(fn, fn);
    queue = next.catch(() => undefined);
    return next;
  };

  const save = async (): Promise<string> => (await run([...prefix, 'iptables-save'])).stdout;

  const restore = async (input: string): Promise<void> => {
    try {
      await run([...prefix, 'iptables-restore', '--noflush', '-w'], input);
    } catch (e) {
      throw withFailingLine(e, input);
    }
  };

  // Service traffic is routed through the node (pod → node → pod, host → node → pod), so
  // the namespace must forward. /proc/sys/net is per network namespace: reading or
  // writing it from inside the target namespace sets that namespace's value only.
  const ensureForwarding = async (): Promise<void> => {
    if (forwarding) return;
    const path = '/proc/sys/net/ipv4/ip_forward';
    if (opts.netnsPath) {
      await run([...prefix, 'sh', '-c', `[ "$(cat ${path})" = 1 ] || echo 1 > ${path}`]);
    } else if ((await readFile(path, 'utf8')).trim() !== '1') {
      await writeFile(path, '1');
    }
    forwarding = true;
    log('net.ipv4.ip_forward=1');
  };

  return {
    apply: (rules) =>
      serial(async () => {
        await ensureForwarding();
        await restore(planSync(rules, parseSave(await save())));
      }),
    cleanup: () =>
      serial(async () => {
        const plan = planCleanup(parseSave(await save()));
        if (plan) await restore(plan);
        log('removed the service proxy rules');
      }),
    save: () => serial(save),
  };
}
