// Runtime-wide commands: version (cmd/crictl/version.go), info (info.go: Status with
// verbose info, containerd's config and CNI state), stats (container_stats.go).
import type { ContainerStats } from '../../cri/types.js';
import { CrictlError, wrapError } from '../errors.js';
import { parseLabels } from '../format/common.js';
import { goYaml, indentJson, protoJson } from '../format/proto-json.js';
import { formatStats, formatVersion, sortStats } from '../format/runtime.js';
import { outputStatusData } from '../format/status.js';
import type { Command } from './command.js';
import { labelFlag, outputFlag, quietFlag, requireArgs, templateFlag } from './command.js';

export const versionCommand: Command = {
  name: 'version',
  usage: 'Display runtime version information',
  flags: [],
  async run(ctx, f) {
    requireArgs(f, 'version', 0, 0);
    const rt = await ctx.runtime();
    try {
      ctx.out(formatVersion(await rt.version({ version: 'v1' })));
    } catch (e) {
      throw wrapError('getting the runtime version', e);
    }
  },
};

export const infoCommand: Command = {
  name: 'info',
  usage: 'Display information of the container runtime',
  flags: [outputFlag('json|yaml|go-template', 'json'), quietFlag('Do not show verbose information'), templateFlag],
  async run(ctx, f) {
    requireArgs(f, 'info', 0, 0);
    const rt = await ctx.runtime();
    try {
      const r = await rt.status({ verbose: !f.bool('quiet') });
      const status = r.status ? protoJson(ctx.schema(), 'runtime.v1.RuntimeStatus', r.status) : undefined;
      ctx.out(outputStatusData([{ status, info: r.info }], f.string('output') || 'json'));
    } catch (e) {
      throw wrapError('getting status of runtime', e);
    }
  },
};

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export const statsCommand: Command = {
  name: 'stats',
  usage: 'List container(s) resource usage statistics',
  argsUsage: '[ID]',
  flags: [
    { name: 'all', aliases: ['a'], type: 'bool', usage: 'Show all containers (default shows just running)' },
    { name: 'id', type: 'string', usage: 'Filter by container id' },
    { name: 'pod', aliases: ['p'], type: 'string', usage: 'Filter by pod id' },
    labelFlag,
    outputFlag('json|yaml|table'),
    { name: 'seconds', aliases: ['s'], type: 'int', default: 1, usage: 'Sample duration for CPU usage in seconds' },
    { name: 'watch', aliases: ['w'], type: 'bool', usage: 'Watch pod resources' },
  ],
  async run(ctx, f) {
    requireArgs(f, 'stats', 0, 1);
    const rt = await ctx.runtime();
    const filter = { id: f.string('id') || (f.args[0] ?? ''), podSandboxId: f.string('pod'), labelSelector: parseLabels(f.strings('label')) };
    const sample = async (): Promise<ContainerStats[]> => sortStats((await rt.listContainerStats({ filter })).stats);
    const output = f.string('output');
    const once = async (): Promise<void> => {
      const first = await sample();
      if (output === 'json' || output === 'yaml') {
        const json = protoJson(ctx.schema(), 'runtime.v1.ListContainerStatsResponse', { stats: first });
        ctx.out(output === 'json' ? `${indentJson(json)}\n` : `${goYaml(json)}\n`);
        return;
      }
      if (output && output !== 'table') throw new CrictlError(`unsupported output format ${JSON.stringify(output)}`);
      await sleep(f.int('seconds') * 1000);
      const table = formatStats(first, await sample(), f.bool('all'));
      // crictl clears the screen before each table of a watch
      ctx.out(f.bool('watch') ? `\x1b[2J\x1b[H${table}` : table);
    };
    try {
      do await once();
      while (f.bool('watch'));
    } catch (e) {
      throw wrapError('get container stats', e);
    }
  },
};
