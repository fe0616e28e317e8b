// crictl's command line: global flags, the subcommand and its flags, then the
// command run against the CRI socket. Every failure is printed the way crictl's
// logrus.Fatal prints it, and becomes the exit code (1, or an exec'd command's own).
import { UsageError } from './commands/command.js';
import { HELP_FLAG, appHelp, commandHelp, findCommand } from './commands/index.js';
import type { CliIO } from './context.js';
import { CommandContext } from './context.js';
import { CrictlError, errorText, logrusLine } from './errors.js';
import { parseFlags } from './flags.js';
import { localOffsetMinutes, rfc3339Nano } from './format/time.js';
import { GLOBAL_FLAGS, resolveGlobals } from './globals.js';

/** what `crictl --version` prints after "crictl version " */
export const CRICTL_VERSION = 'v1.32.0-k8s-lab';

function fatal(io: CliIO, message: string): void {
  io.stderr.write(logrusLine('fatal', message, { tty: io.stderr.isTTY === true, elapsedSeconds: 0, time: rfc3339Nano(Math.floor(io.now() / 1000) * 1e9, localOffsetMinutes(io.now() * 1e6)) }));
}

/** Runs crictl with argv (without node and the script); resolves to the exit code. */
export async function runCli(argv: readonly string[], io: CliIO): Promise<number> {
  let globalFlags;
  try {
    globalFlags = parseFlags(argv, GLOBAL_FLAGS, { stopBeforeFirstArg: true });
  } catch (e) {
    fatal(io, errorText(e));
    return 1;
  }
  if (globalFlags.bool('version')) {
    io.stdout.write(`crictl version ${CRICTL_VERSION}\n`);
    return 0;
  }
  const [name, ...rest] = globalFlags.rest;
  if (!name || globalFlags.bool('help') || name === 'help' || name === 'h') {
    const topic = name === 'help' || name === 'h' ? rest[0] : undefined;
    const cmd = topic ? findCommand(topic) : undefined;
    if (topic && !cmd) {
      io.stderr.write(`No help topic for '${topic}'\n`);
      return 3;
    }
    io.stdout.write(cmd ? commandHelp(cmd) : appHelp(CRICTL_VERSION, GLOBAL_FLAGS));
    return 0;
  }
  const command = findCommand(name);
  if (!command) {
    io.stderr.write(`No help topic for '${name}'\n`);
    return 3;
  }

  let ctx: CommandContext | undefined;
  try {
    const flags = parseFlags(rest, [...command.flags, HELP_FLAG], { stopAtFirstArg: command.stopAtFirstArg });
    if (flags.bool('help')) {
      io.stdout.write(commandHelp(command));
      return 0;
    }
    ctx = new CommandContext(io, resolveGlobals(globalFlags, io.env));
    return (await command.run(ctx, flags)) ?? 0;
  } catch (e) {
    if (e instanceof UsageError) {
      io.stdout.write(commandHelp(command));
      return 1;
    }
    if (ctx) ctx.log('fatal', errorText(e));
    else fatal(io, errorText(e));
    return e instanceof CrictlError ? e.exitCode : 1;
  } finally {
    ctx?.close();
  }
}
