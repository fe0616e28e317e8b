// `crictl exec` (cri-tools cmd/crictl/exec.go). With -i or -t the command runs over
// CRI Exec's streaming URL (SPDY, as crictl's default transport), stdin passed on and,
// with -t, the terminal in raw mode and its size kept in sync. Without them it runs
// through ExecSync — crictl's --sync — which also works where the streaming server
// (loopback of the node's network namespace) cannot be reached. The process exits
// with the command's exit code.
import type { CriClient } from '../../cri/cri-client.js';
import type { CommandContext } from '../context.js';
import { CrictlError, wrapError } from '../errors.js';
import { streamExec } from '../exec/remote-command.js';
import type { ExecStatus } from '../exec/remote-command.js';
import type { Command } from './command.js';
import { labelFlag } from './command.js';
import { listContainers } from './list-containers.js';

interface ExecOptions {
  cmd: string[];
  tty: boolean;
  stdin: boolean;
  timeout: number;
  sync: boolean;
}

async function execSync(ctx: CommandContext, rt: CriClient, id: string, o: ExecOptions): Promise<ExecStatus> {
  // timeout 0: no deadline at all (the CRI client's ExecSync sets none either)
  const r = await rt.execSync({ containerId: id, cmd: o.cmd, timeout: o.timeout }, { timeoutMs: o.timeout > 0 ? ctx.globals.timeoutMs + o.timeout * 1000 : Infinity });
  ctx.io.stdout.write(r.stdout);
  ctx.io.stderr.write(r.stderr);
  return { exitCode: r.exitCode };
}

async function execStreaming(ctx: CommandContext, rt: CriClient, id: string, o: ExecOptions): Promise<ExecStatus> {
  const { stdin, stdout, stderr } = ctx.io;
  if (o.tty && !o.stdin) throw new CrictlError('tty=true must be specified with interactive=true');
  if (o.tty && !stdin.isTTY) throw new CrictlError('input is not a terminal');
  const { url } = await rt.exec({ containerId: id, cmd: o.cmd, tty: o.tty, stdin: o.stdin, stdout: true, stderr: !o.tty });
  const raw = o.tty && typeof stdin.setRawMode === 'function';
  if (raw) stdin.setRawMode?.(true);
  try {
    return await streamExec(url, {
      stdin: o.stdin ? stdin : undefined,
      stdout,
      stderr,
      tty: o.tty,
      size: () => (stdout.columns && stdout.rows ? { width: stdout.columns, height: stdout.rows } : undefined),
      onResize: (listener) => {
        stdout.on?.('resize', listener);
        return () => stdout.off?.('resize', listener);
      },
    });
  } finally {
    if (raw) stdin.setRawMode?.(false);
  }
}

export const execCommand: Command = {
  name: 'exec',
  usage: 'Run a command in a running container',
  argsUsage: '[CONTAINER-ID] COMMAND [ARG...]',
  stopAtFirstArg: true,
  flags: [
    { name: 'sync', aliases: ['s'], type: 'bool', usage: 'Run the command synchronously (the default without -i/-t)' },
    { name: 'timeout', type: 'int', usage: 'Timeout in seconds' },
    { name: 'tty', aliases: ['t'], type: 'bool', usage: 'Allocate a pseudo-TTY' },
    { name: 'interactive', aliases: ['i'], type: 'bool', usage: 'Keep STDIN open' },
    { name: 'transport', aliases: ['r'], type: 'string', default: 'spdy', usage: 'Transport protocol to use, one of: spdy (websocket is not offered)' },
    { name: 'name', type: 'string', usage: 'Exec command for all containers matching this name filter regular expression pattern' },
    { name: 'pod', aliases: ['p'], type: 'string', usage: 'Exec command for all containers matching this pod ID filter' },
    { name: 'image', type: 'string', usage: 'Exec command for all containers matching this container image filter' },
    { name: 'state', type: 'string', usage: 'Exec command for all containers matching this container state filter' },
    { ...labelFlag, usage: 'Exec command for all containers matching this key=value label filter' },
    { name: 'latest', aliases: ['l'], type: 'bool', usage: 'Exec command for the most recently created container' },
    { name: 'last', aliases: ['n'], type: 'int', usage: 'Exec command for all last n containers, set to 0 for unlimited' },
    { name: 'quiet', aliases: ['q'], type: 'bool', usage: 'Do not print the container ID if multiple containers are selected' },
    { name: 'ignore-errors', aliases: ['e'], type: 'bool', usage: 'Ignore errors during command execution' },
    { name: 'parallel', aliases: ['x'], type: 'bool', usage: 'Run the command in parallel if multiple containers are selected (runs them one after the other here)' },
  ],
  async run(ctx, f) {
    if (f.string('transport') !== 'spdy') throw new CrictlError(`unsupported transport ${JSON.stringify(f.string('transport'))}: only spdy is available`);
    const rt = await ctx.runtime();
    const filtered = ['name', 'pod', 'image', 'state', 'label', 'latest', 'last'].some((n) => f.isSet(n));
    let ids: string[];
    let cmd: string[];
    if (filtered) {
      cmd = [...f.args];
      try {
        ids = (await listContainers(rt, await ctx.image(), {
          nameRegexp: f.string('name'), podId: f.string('pod'), image: f.string('image'), state: f.string('state'), labels: f.strings('label'), latest: f.bool('latest'), last: f.int('last'),
        })).map((c) => c.id);
      } catch (e) {
        throw wrapError('listing containers', e);
      }
      if (!ids.length) throw new CrictlError('No containers found per filter flags');
    } else {
      ids = f.args.slice(0, 1);
      cmd = f.args.slice(1);
    }
    if (!ids.length || !cmd.length) throw new CrictlError('exec needs a CONTAINER-ID and a COMMAND');
    if (f.bool('ignore-errors') && !f.bool('quiet')) ctx.log('warning', 'The `--ignore-errors` option has been set all errors returned by the command will be ignored.');
    const o: ExecOptions = { cmd, tty: f.bool('tty'), stdin: f.bool('interactive'), timeout: f.int('timeout'), sync: f.bool('sync') };
    const printIds = filtered && !f.bool('quiet') && !f.bool('parallel');
    const failures: string[] = [];
    let exitCode = 0;
    for (const id of ids) {
      if (printIds) ctx.out(`${id}:\n`);
      let status: ExecStatus;
      try {
        status = o.sync || (!o.tty && !o.stdin) ? await execSync(ctx, rt, id, o) : await execStreaming(ctx, rt, id, o);
      } catch (e) {
        failures.push(wrapError(`execing command in container ${id}`, e).message);
        exitCode = 1;
        continue;
      }
      if (status.exitCode !== 0 || status.message) {
        failures.push(`execing command in container ${id}: ${status.message ?? `command terminated with exit code ${status.exitCode}`}`);
        exitCode = status.exitCode || 1;
      }
    }
    if (f.bool('ignore-errors')) return 0;
    if (failures.length) throw new CrictlError(failures.length === 1 ? (failures[0] ?? '') : `[${failures.join(', ')}]`, ids.length === 1 ? exitCode : 1);
    return 0;
  },
};
