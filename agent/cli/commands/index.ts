// The subcommands this crictl offers, and help texts in urfave/cli's layout.
import type { FlagSpec } from '../flags.js';
import type { Command } from './command.js';
import { createCommand, inspectCommand, psCommand, rmCommand, runCommand, startCommand, stopCommand } from './containers.js';
import { execCommand } from './exec.js';
import { imagesCommand, inspectiCommand, pullCommand, rmiCommand } from './images.js';
import { logsCommand } from './logs.js';
import { inspectpCommand, podsCommand, rmpCommand, runpCommand, stoppCommand } from './pods.js';
import { infoCommand, statsCommand, versionCommand } from './runtime.js';

/** sorted by name, as crictl sorts app.Commands */
export const COMMANDS: readonly Command[] = [
  createCommand, execCommand, imagesCommand, infoCommand, inspectCommand, inspectiCommand, inspectpCommand, logsCommand,
  podsCommand, psCommand, pullCommand, rmCommand, rmiCommand, rmpCommand, runCommand, runpCommand, startCommand,
  statsCommand, stopCommand, stoppCommand, versionCommand,
].sort((a, b) => a.name.localeCompare(b.name));

export function findCommand(name: string): Command | undefined {
  return COMMANDS.find((c) => c.name === name || c.aliases?.includes(name));
}

export const HELP_FLAG: FlagSpec = { name: 'help', aliases: ['h'], type: 'bool', usage: 'show help' };

function flagLine(f: FlagSpec): string {
  const names = [f.name, ...(f.aliases ?? [])].map((n) => (n.length === 1 ? `-${n}` : `--${n}`)).join(', ');
  const value = f.type === 'bool' ? '' : ' value';
  const def = f.default !== undefined && f.type !== 'bool' && f.type !== 'duration' && f.default !== '' ? ` (default: ${typeof f.default === 'string' ? JSON.stringify(f.default) : f.default})` : '';
  return `   ${`${names}${value}`.padEnd(30)} ${f.usage}${def}`;
}

export function appHelp(version: string, globals: readonly FlagSpec[]): string {
  const cmds = COMMANDS.map((c) => `   ${[c.name, ...(c.aliases ?? [])].join(', ').padEnd(16)} ${c.usage}`);
  return [
    'NAME:',
    '   crictl - client for CRI',
    '',
    'USAGE:',
    '   crictl [global options] command [command options]',
    '',
    'VERSION:',
    `   ${version}`,
    '',
    'COMMANDS:',
    ...cmds,
    `   ${'help, h'.padEnd(16)} Shows a list of commands or help for one command`,
    '',
    'GLOBAL OPTIONS:',
    ...globals.map(flagLine),
    '',
  ].join('\n');
}

export function commandHelp(c: Command): string {
  return [
    'NAME:',
    `   crictl ${c.name} - ${c.usage}`,
    '',
    'USAGE:',
    `   crictl ${c.name} [command options]${c.argsUsage ? ` ${c.argsUsage}` : ''}`,
    '',
    'OPTIONS:',
    ...[...c.flags, HELP_FLAG].map(flagLine),
    '',
  ].join('\n');
}
