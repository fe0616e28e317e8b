// The shape of a crictl subcommand and the flags several of them share.
import type { CommandContext } from '../context.js';
import { CrictlError } from '../errors.js';
import { parseGoDuration } from '../flags.js';
import type { FlagSpec, ParsedFlags } from '../flags.js';

export interface Command {
  name: string;
  aliases?: readonly string[];
  usage: string;
  argsUsage?: string;
  flags: readonly FlagSpec[];
  /** everything after the first positional argument is that command's own (exec) */
  stopAtFirstArg?: boolean;
  /** resolves to the exit code (0 when nothing is returned) */
  run(ctx: CommandContext, flags: ParsedFlags): Promise<number | undefined | void>;
}

export const outputFlag = (usage = 'json|yaml|table', def?: string): FlagSpec => ({ name: 'output', aliases: ['o'], type: 'string', usage: `Output format, One of: ${usage}`, default: def });
export const quietFlag = (usage: string): FlagSpec => ({ name: 'quiet', aliases: ['q'], type: 'bool', usage });
export const verboseFlag = (usage: string): FlagSpec => ({ name: 'verbose', aliases: ['v'], type: 'bool', usage });
export const labelFlag: FlagSpec = { name: 'label', type: 'strings', usage: 'Filter by key=value label' };
export const latestFlag = (what: string): FlagSpec => ({ name: 'latest', aliases: ['l'], type: 'bool', usage: `Show the most recently created ${what}` });
export const lastFlag = (what: string): FlagSpec => ({ name: 'last', aliases: ['n'], type: 'int', usage: `Show last n recently created ${what}. Set 0 for unlimited` });
export const noTruncFlag: FlagSpec = { name: 'no-trunc', type: 'bool', usage: 'Show output without truncating the ID' };
export const templateFlag: FlagSpec = { name: 'template', type: 'string', usage: 'The template string is only used when output is go-template; The Template format is golang template' };

/** cli.ShowSubcommandHelp: the command was given the wrong number of arguments */
export class UsageError extends CrictlError {
  constructor(readonly command: string) {
    super(`wrong number of arguments for "${command}"`);
  }
}

export function requireArgs(f: ParsedFlags, command: string, min: number, max = Infinity): void {
  if (f.args.length < min || f.args.length > max) throw new UsageError(command);
}

/** the list output formats of pods/ps/images */
export function listFormat(f: ParsedFlags): 'json' | 'yaml' | 'table' {
  const o = f.string('output') || 'table';
  if (o === 'json' || o === 'yaml' || o === 'table') return o;
  throw new CrictlError(`unsupported output format ${JSON.stringify(o)}`);
}

/** the result of several independent operations: every error reported, joined as k8s AggregateGoroutines does */
export async function aggregate(tasks: (() => Promise<void>)[]): Promise<void> {
  const errors: string[] = [];
  for (const t of tasks) {
    try {
      await t();
    } catch (e) {
      errors.push((e as Error).message);
    }
  }
  if (errors.length === 1) throw new CrictlError(errors[0] ?? '');
  if (errors.length > 1) throw new CrictlError(`[${errors.join(', ')}]`);
}

/** --pull-timeout / $CRICTL_PULL_TIMEOUT; 0 (the default) means no deadline, like crictl */
export function pullTimeoutMs(ctx: CommandContext, f: ParsedFlags): number {
  let ms = f.duration('pull-timeout');
  const env = ctx.io.env.CRICTL_PULL_TIMEOUT;
  if (!f.isSet('pull-timeout') && env) ms = parseGoDuration(env);
  if (ms < 0) throw new CrictlError('timeout should be bigger than 0');
  return ms > 0 ? ms : Infinity;
}
