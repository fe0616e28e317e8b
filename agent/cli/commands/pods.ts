// Pod sandbox commands (cri-tools cmd/crictl/sandbox.go): pods, runp, stopp, rmp, inspectp.
import type { CriClient } from '../../cri/cri-client.js';
import type { PodSandbox, PodSandboxFilter, CriInput } from '../../cri/types.js';
import { loadPodSandboxConfig } from '../config-files.js';
import type { CommandContext } from '../context.js';
import { CrictlError, errorText, wrapError } from '../errors.js';
import type { ParsedFlags } from '../flags.js';
import { parseLabels } from '../format/common.js';
import { formatPods, selectPods } from '../format/pods.js';
import { indentJson, goYaml, protoJson } from '../format/proto-json.js';
import { outputStatusData, podStatusJson, podStatusTable } from '../format/status.js';
import type { Command } from './command.js';
import { aggregate, labelFlag, lastFlag, latestFlag, listFormat, noTruncFlag, outputFlag, quietFlag, requireArgs, templateFlag, verboseFlag } from './command.js';

function podStateFilter(state: string): CriInput<PodSandboxFilter>['state'] {
  if (!state) return undefined;
  const s = state.toLowerCase();
  if (s === 'ready') return { state: 'SANDBOX_READY' };
  if (s === 'notready') return { state: 'SANDBOX_NOTREADY' };
  throw new CrictlError('--state should be ready or notready');
}

/** ListPodSandboxes: the CRI filter, then crictl's own name/namespace/latest/last */
export async function listPods(rt: CriClient, f: ParsedFlags): Promise<PodSandbox[]> {
  const filter: CriInput<PodSandboxFilter> = { id: f.string('id'), state: podStateFilter(f.string('state')), labelSelector: parseLabels(f.strings('label')) };
  let items: PodSandbox[];
  try {
    items = (await rt.listPodSandbox({ filter })).items;
  } catch (e) {
    throw new CrictlError(`call list sandboxes RPC: ${errorText(e)}`);
  }
  return selectPods(items, { nameRegexp: f.string('name'), namespaceRegexp: f.string('namespace'), latest: f.bool('latest'), last: f.int('last') });
}

const filterFlags = [
  { name: 'name', type: 'string', usage: 'Filter by pod name regular expression pattern' },
  { name: 'namespace', type: 'string', usage: 'Filter by pod namespace regular expression pattern' },
  { name: 'state', aliases: ['s'], type: 'string', usage: 'Filter by pod state' },
  labelFlag,
  latestFlag('pod'),
  lastFlag('pods'),
] as const;

export const podsCommand: Command = {
  name: 'pods',
  usage: 'List pods',
  flags: [{ name: 'id', type: 'string', usage: 'filter by pod id' }, ...filterFlags, verboseFlag('Show verbose info for pods'), quietFlag('List only pod IDs'), outputFlag('json|yaml|table', 'table'), noTruncFlag],
  async run(ctx, f) {
    const rt = await ctx.runtime();
    let pods: PodSandbox[];
    try {
      pods = await listPods(rt, f);
    } catch (e) {
      throw wrapError('listing pod sandboxes: list pod sandboxes', e);
    }
    const format = listFormat(f);
    const schema = format === 'table' ? undefined : ctx.schema();
    const json = schema ? protoJson(schema, 'runtime.v1.ListPodSandboxResponse', { items: pods }) : null;
    if (format === 'json') ctx.out(`${indentJson(json)}\n`);
    else if (format === 'yaml') ctx.out(`${goYaml(json)}\n`);
    else ctx.out(formatPods(pods, { quiet: f.bool('quiet'), verbose: f.bool('verbose'), noTrunc: f.bool('no-trunc') }, ctx.clock()));
  },
};

export const runpCommand: Command = {
  name: 'runp',
  usage: 'Run a new pod',
  argsUsage: 'pod-config.[json|yaml]',
  flags: [
    { name: 'runtime', aliases: ['r'], type: 'string', usage: 'Runtime handler to use. Available options are defined by the container runtime.' },
    { name: 'cancel-timeout', aliases: ['T'], type: 'duration', usage: 'Seconds to wait for a run pod sandbox request to complete before cancelling the request' },
  ],
  async run(ctx, f) {
    requireArgs(f, 'runp', 1, 1);
    const rt = await ctx.runtime();
    let config;
    try {
      config = loadPodSandboxConfig(ctx.schema(), f.args[0] ?? '');
    } catch (e) {
      throw wrapError('load podSandboxConfig', e);
    }
    const timeoutMs = f.duration('cancel-timeout') || undefined;
    try {
      const { podSandboxId } = await rt.runPodSandbox({ config, runtimeHandler: f.string('runtime') }, { timeoutMs: timeoutMs ?? Math.max(ctx.globals.timeoutMs, 4 * 60_000) });
      ctx.out(`${podSandboxId}\n`);
    } catch (e) {
      throw wrapError('run pod sandbox', e);
    }
  },
};

async function stopPod(ctx: CommandContext, rt: CriClient, id: string): Promise<void> {
  await rt.stopPodSandbox({ podSandboxId: id }, { timeoutMs: Math.max(ctx.globals.timeoutMs, 60_000) });
  ctx.out(`Stopped sandbox ${id}\n`);
}

export const stoppCommand: Command = {
  name: 'stopp',
  usage: 'Stop one or more running pods',
  argsUsage: 'POD-ID [POD-ID...]',
  flags: [],
  async run(ctx, f) {
    requireArgs(f, 'stopp', 1);
    const rt = await ctx.runtime();
    for (const id of f.args) {
      try {
        await stopPod(ctx, rt, id);
      } catch (e) {
        throw wrapError(`stopping the pod sandbox ${JSON.stringify(id)}`, e);
      }
    }
  },
};

export const rmpCommand: Command = {
  name: 'rmp',
  usage: 'Remove one or more pods',
  argsUsage: 'POD-ID [POD-ID...]',
  flags: [
    { name: 'force', aliases: ['f'], type: 'bool', usage: 'Force removal of the pod sandbox, disregarding if running' },
    { name: 'all', aliases: ['a'], type: 'bool', usage: 'Remove all pods' },
  ],
  async run(ctx, f) {
    const rt = await ctx.runtime();
    let ids = [...f.args];
    if (f.bool('all')) ids = (await rt.listPodSandbox({})).items.map((p) => p.id);
    if (!ids.length) {
      if (f.bool('all')) {
        ctx.log('info', 'No pods to remove');
        return;
      }
      requireArgs(f, 'rmp', 1);
    }
    await aggregate(ids.map((id) => async () => {
      let ready: boolean;
      try {
        ready = (await rt.podSandboxStatus({ podSandboxId: id })).status?.state === 'SANDBOX_READY';
      } catch (e) {
        throw wrapError(`getting sandbox status of pod ${JSON.stringify(id)}`, e);
      }
      if (ready) {
        if (!f.bool('force')) throw new CrictlError(`pod sandbox ${JSON.stringify(id)} is running, please stop it first`);
        try {
          await stopPod(ctx, rt, id);
        } catch (e) {
          throw wrapError(`stopping the pod sandbox ${JSON.stringify(id)} failed`, e);
        }
      }
      try {
        await rt.removePodSandbox({ podSandboxId: id }, { timeoutMs: Math.max(ctx.globals.timeoutMs, 60_000) });
      } catch (e) {
        throw wrapError(`removing the pod sandbox ${JSON.stringify(id)}`, e);
      }
      ctx.out(`Removed sandbox ${id}\n`);
    }));
  },
};

export const inspectpCommand: Command = {
  name: 'inspectp',
  usage: 'Display the status of one or more pods',
  argsUsage: 'POD-ID [POD-ID...]',
  flags: [outputFlag('json|yaml|go-template|table'), quietFlag('Do not show verbose information'), templateFlag, ...filterFlags],
  async run(ctx, f) {
    const rt = await ctx.runtime();
    let ids = [...f.args];
    if (!ids.length) {
      try {
        ids = (await listPods(rt, f)).map((p) => p.id);
      } catch (e) {
        throw wrapError('listing pod sandboxes', e);
      }
    }
    if (!ids.length) {
      ctx.log('error', 'No IDs provided or nothing found per filter');
      requireArgs(f, 'inspectp', 1);
    }
    const verbose = !f.bool('quiet');
    const output = f.string('output') || 'json';
    const statuses = [];
    for (const id of ids) {
      let r;
      try {
        r = await rt.podSandboxStatus({ podSandboxId: id, verbose });
      } catch (e) {
        throw wrapError('get the status of pod sandboxes: get pod sandbox status', e);
      }
      if (output === 'table') ctx.out(podStatusTable(r, verbose, ctx.clock()));
      else if (r.status) statuses.push({ status: podStatusJson(ctx.schema(), r.status, ctx.clock()), info: r.info });
    }
    try {
      ctx.out(outputStatusData(statuses, output));
    } catch (e) {
      throw wrapError('get the status of pod sandboxes', e);
    }
  },
};
