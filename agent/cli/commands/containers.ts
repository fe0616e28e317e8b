// Container commands (cri-tools cmd/crictl/container.go): ps, inspect, create, start,
// stop, rm, run.
import { readdir, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { CriClient } from '../../cri/cri-client.js';
import type { ContainerConfig, CriInput, PodSandboxConfig } from '../../cri/types.js';
import { loadContainerConfig, loadPodSandboxConfig } from '../config-files.js';
import type { CommandContext } from '../context.js';
import { CrictlError, wrapError } from '../errors.js';
import type { ParsedFlags } from '../flags.js';
import { formatContainers, shortImage } from '../format/containers.js';
import { goYaml, indentJson, protoJson } from '../format/proto-json.js';
import { containerStatusJson, containerStatusTable, outputStatusData } from '../format/status.js';
import type { StatusData } from '../format/status.js';
import type { Command } from './command.js';
import { aggregate, pullTimeoutMs, labelFlag, lastFlag, latestFlag, listFormat, noTruncFlag, outputFlag, quietFlag, requireArgs, templateFlag, verboseFlag } from './command.js';
import { listContainers } from './list-containers.js';
import type { ContainerQuery } from './list-containers.js';

const filterFlags = [
  { name: 'name', type: 'string', usage: 'Filter by container name regular expression pattern' },
  { name: 'namespace', type: 'string', usage: 'Filter by pod namespace regular expression pattern' },
  { name: 'pod', aliases: ['p'], type: 'string', usage: 'Filter by pod id' },
  { name: 'image', type: 'string', usage: 'Filter by container image' },
  { name: 'state', aliases: ['s'], type: 'string', usage: 'Filter by container state' },
  labelFlag,
  { name: 'all', aliases: ['a'], type: 'bool', usage: 'Show all containers' },
  latestFlag('container (includes all states)'),
  lastFlag('containers (includes all states)'),
] as const;

export function containerQuery(f: ParsedFlags): ContainerQuery {
  return {
    id: f.string('id'),
    podId: f.string('pod'),
    state: f.string('state'),
    all: f.bool('all'),
    labels: f.strings('label'),
    nameRegexp: f.string('name'),
    namespaceRegexp: f.string('namespace'),
    image: f.string('image'),
    latest: f.bool('latest'),
    last: f.int('last'),
  };
}

export const psCommand: Command = {
  name: 'ps',
  usage: 'List containers',
  flags: [
    verboseFlag('Show verbose information for containers'),
    { name: 'id', type: 'string', usage: 'Filter by container id' },
    ...filterFlags,
    quietFlag('Only display container IDs'),
    outputFlag('json|yaml|table', 'table'),
    noTruncFlag,
    { name: 'resolve-image-path', aliases: ['r'], type: 'bool', usage: 'Show image path instead of image id' },
  ],
  async run(ctx, f) {
    requireArgs(f, 'ps', 0, 0);
    const rt = await ctx.runtime();
    const img = await ctx.image();
    let containers;
    try {
      containers = await listContainers(rt, img, containerQuery(f));
    } catch (e) {
      throw wrapError('listing containers: list containers', e);
    }
    const format = listFormat(f);
    if (format !== 'table') {
      const json = protoJson(ctx.schema(), 'runtime.v1.ListContainersResponse', { containers });
      ctx.out(format === 'json' ? `${indentJson(json)}\n` : `${goYaml(json)}\n`);
      return;
    }
    const resolvedImages = new Map<string, string>();
    if (f.bool('resolve-image-path')) {
      for (const c of containers) {
        const shown = f.bool('no-trunc') ? (c.image?.image ?? '') : shortImage(c.image?.image ?? '');
        try {
          const r = await img.imageStatus({ image: { image: shown } });
          resolvedImages.set(shown, r.image?.repoTags[0] ?? shown);
        } catch (e) {
          throw wrapError('listing containers: failed to fetch repo image', e);
        }
      }
    }
    ctx.out(formatContainers(containers, { quiet: f.bool('quiet'), verbose: f.bool('verbose'), noTrunc: f.bool('no-trunc'), resolvedImages }, ctx.clock()));
  },
};

export const inspectCommand: Command = {
  name: 'inspect',
  usage: 'Display the status of one or more containers',
  argsUsage: 'CONTAINER-ID [CONTAINER-ID...]',
  flags: [outputFlag('json|yaml|go-template|table'), quietFlag('Do not show verbose information'), templateFlag, ...filterFlags],
  async run(ctx, f) {
    const rt = await ctx.runtime();
    let ids = [...f.args];
    if (!ids.length) {
      try {
        ids = (await listContainers(rt, await ctx.image(), containerQuery(f))).map((c) => c.id);
      } catch (e) {
        throw wrapError('listing containers', e);
      }
    }
    if (!ids.length) {
      ctx.log('error', 'No IDs provided or nothing found per filter');
      requireArgs(f, 'inspect', 1);
    }
    const verbose = !f.bool('quiet');
    const output = f.string('output') || 'json';
    const statuses: StatusData[] = [];
    for (const id of ids) {
      let r;
      try {
        r = await rt.containerStatus({ containerId: id, verbose });
      } catch (e) {
        throw wrapError('get the status of containers: get container status', e);
      }
      if (output === 'table') ctx.out(containerStatusTable(r, verbose, ctx.clock()));
      else if (r.status) statuses.push({ status: containerStatusJson(ctx.schema(), r.status, ctx.clock()), info: r.info });
    }
    try {
      ctx.out(outputStatusData(statuses, output));
    } catch (e) {
      throw wrapError('get the status of containers', e);
    }
  },
};

const pullFlags = [
  { name: 'no-pull', type: 'bool', usage: 'Do not pull the image on container creation (overrides pull-image-on-create=true in config)' },
  { name: 'with-pull', type: 'bool', usage: 'Pull the image on container creation (overrides pull-image-on-create=false in config)' },
  { name: 'creds', type: 'string', usage: 'Use `USERNAME[:PASSWORD]` for accessing the registry' },
  { name: 'auth', type: 'string', usage: "Use `AUTH_STRING` for accessing the registry. AUTH_STRING is a base64 encoded 'USERNAME[:PASSWORD]'" },
  { name: 'cancel-timeout', aliases: ['T'], type: 'duration', usage: 'Seconds to wait for a container create request to complete before cancelling the request' },
  { name: 'pull-timeout', aliases: ['pt'], type: 'duration', usage: 'Maximum time to be used for pulling the image, disabled if set to 0s [$CRICTL_PULL_TIMEOUT]' },
] as const;

/** getAuth: --creds USER[:PASS] or --auth BASE64 (the interactive --username prompt is not offered) */
export function authConfig(creds: string, auth: string): { username?: string; password?: string; auth?: string } | undefined {
  if (creds && auth) throw new CrictlError('both `--creds` and `--auth` are specified');
  if (creds) {
    const i = creds.indexOf(':');
    if (i === 0) throw new CrictlError("username can't be empty");
    return i < 0 ? { username: creds, password: '' } : { username: creds.slice(0, i), password: creds.slice(i + 1) };
  }
  return auth ? { auth } : undefined;
}

/** CreateContainer: load the configs, pull first when asked, create; returns the container id */
async function createContainer(ctx: CommandContext, rt: CriClient, podId: string, configPath: string, podConfigPath: string, f: ParsedFlags, withPull: boolean): Promise<string> {
  const config: CriInput<ContainerConfig> = loadContainerConfig(ctx.schema(), configPath);
  const podConfig: CriInput<PodSandboxConfig> | undefined = podConfigPath ? loadPodSandboxConfig(ctx.schema(), podConfigPath) : undefined;
  const image = config.image?.image ?? '';
  if (withPull) {
    ctx.log('info', `Pulling container image: ${image}`);
    const img = await ctx.image();
    await img.pullImage({ image: { image, annotations: config.image?.annotations ?? {} }, auth: authConfig(f.string('creds'), f.string('auth')), sandboxConfig: podConfig }, { timeoutMs: pullTimeoutMs(ctx, f) });
  }
  const timeoutMs = f.duration('cancel-timeout') || Math.max(ctx.globals.timeoutMs, 60_000);
  const { containerId } = await rt.createContainer({ podSandboxId: podId, config, sandboxConfig: podConfig }, { timeoutMs });
  return containerId;
}

export const createCommand: Command = {
  name: 'create',
  usage: 'Create a new container',
  argsUsage: 'POD container-config.[json|yaml] pod-config.[json|yaml]',
  flags: pullFlags,
  async run(ctx, f) {
    requireArgs(f, 'create', 3, 3);
    if (f.bool('no-pull') && f.bool('with-pull')) throw new CrictlError('conflict: no-pull and with-pull are both set');
    const withPull = (!f.bool('no-pull') && ctx.globals.pullImageOnCreate) || f.bool('with-pull');
    const rt = await ctx.runtime();
    try {
      const id = await createContainer(ctx, rt, f.args[0] ?? '', f.args[1] ?? '', f.args[2] ?? '', f, withPull);
      ctx.out(`${id}\n`);
    } catch (e) {
      throw wrapError('creating container', e);
    }
  },
};

export const runCommand: Command = {
  name: 'run',
  usage: 'Run a new container inside a sandbox',
  argsUsage: 'container-config.[json|yaml] pod-config.[json|yaml]',
  flags: [...pullFlags, { name: 'runtime', aliases: ['r'], type: 'string', usage: 'Runtime handler to use. Available options are defined by the container runtime.' }],
  async run(ctx, f) {
    requireArgs(f, 'run', 2, 2);
    if (f.bool('no-pull') && f.bool('with-pull')) throw new CrictlError('conflict: no-pull and with-pull are both set');
    const withPull = (!ctx.globals.disablePullOnRun && !f.bool('no-pull')) || f.bool('with-pull');
    const rt = await ctx.runtime();
    const [configPath = '', podConfigPath = ''] = f.args;
    let podId: string;
    try {
      const podConfig = loadPodSandboxConfig(ctx.schema(), podConfigPath);
      podId = (await rt.runPodSandbox({ config: podConfig, runtimeHandler: f.string('runtime') }, { timeoutMs: Math.max(ctx.globals.timeoutMs * 2, 4 * 60_000) })).podSandboxId;
    } catch (e) {
      throw wrapError('running container: run pod sandbox', e);
    }
    let id: string;
    try {
      id = await createContainer(ctx, rt, podId, configPath, podConfigPath, f, withPull);
    } catch (e) {
      throw wrapError('running container: creating container failed', e);
    }
    await startContainers(ctx, rt, [id], 'running container: starting the container');
  },
};

async function startContainers(ctx: CommandContext, rt: CriClient, ids: readonly string[], prefix = 'starting the container'): Promise<void> {
  for (const id of ids) {
    try {
      await rt.startContainer({ containerId: id }, { timeoutMs: Math.max(ctx.globals.timeoutMs, 60_000) });
    } catch (e) {
      throw wrapError(`${prefix} ${JSON.stringify(id)}`, e);
    }
    ctx.out(`${id}\n`);
  }
}

export const startCommand: Command = {
  name: 'start',
  usage: 'Start one or more created containers',
  argsUsage: 'CONTAINER-ID [CONTAINER-ID...]',
  flags: [],
  async run(ctx, f) {
    if (!f.args.length) throw new CrictlError('ID cannot be empty');
    await startContainers(ctx, await ctx.runtime(), f.args);
  },
};

async function stopContainer(ctx: CommandContext, rt: CriClient, id: string, timeout: number): Promise<void> {
  // the call waits for the grace period, so its deadline covers it
  await rt.stopContainer({ containerId: id, timeout }, { timeoutMs: ctx.globals.timeoutMs + timeout * 1000 + 10_000 });
  ctx.out(`${id}\n`);
}

export const stopCommand: Command = {
  name: 'stop',
  usage: 'Stop one or more running containers',
  argsUsage: 'CONTAINER-ID [CONTAINER-ID...]',
  flags: [
    { name: 'timeout', aliases: ['t'], type: 'int', usage: 'Seconds to wait to kill the container after a graceful stop is requested' },
    { name: 'all', aliases: ['a'], type: 'bool', usage: 'Stop all running containers' },
  ],
  async run(ctx, f) {
    const rt = await ctx.runtime();
    if (f.bool('all') && f.args.length) throw new CrictlError('cannot specify CONTAINER-ID(s) when using --all');
    let ids = [...f.args];
    if (f.bool('all')) {
      ids = (await listContainers(rt, undefined, { state: 'running' })).map((c) => c.id);
      if (!ids.length) {
        ctx.out('No running containers found.\n');
        return;
      }
    } else if (!ids.length) throw new CrictlError('you must specify at least one CONTAINER-ID or use --all');
    for (const id of ids) {
      try {
        await stopContainer(ctx, rt, id, f.int('timeout'));
      } catch (e) {
        throw wrapError(`stopping the container ${JSON.stringify(id)}`, e);
      }
    }
  },
};

/** the log file and its rotations (<path>.*), as crictl rm removes them */
async function removeLogs(ctx: CommandContext, id: string, logPath: string): Promise<void> {
  const dir = dirname(logPath);
  const base = basename(logPath);
  const rotations = (await readdir(dir).catch(() => [] as string[])).filter((n) => n.startsWith(`${base}.`)).map((n) => join(dir, n));
  for (const file of [...rotations, logPath]) {
    await rm(file).catch((e: Error) => ctx.log('error', `removing log file ${file} for container ${JSON.stringify(id)} failed: ${e.message}`));
  }
}

export const rmCommand: Command = {
  name: 'rm',
  usage: 'Remove one or more containers',
  argsUsage: 'CONTAINER-ID [CONTAINER-ID...]',
  flags: [
    { name: 'force', aliases: ['f'], type: 'bool', usage: 'Force removal of the container, disregarding if running' },
    { name: 'keep-logs', aliases: ['k'], type: 'bool', usage: 'Preserve the container log file and its rotations' },
    { name: 'all', aliases: ['a'], type: 'bool', usage: 'Remove all containers' },
  ],
  async run(ctx, f) {
    const rt = await ctx.runtime();
    let ids = [...f.args];
    if (f.bool('all')) ids = (await rt.listContainers({})).containers.map((c) => c.id);
    if (!ids.length) {
      if (f.bool('all')) {
        ctx.log('info', 'No containers to remove');
        return;
      }
      requireArgs(f, 'rm', 1);
    }
    await aggregate(ids.map((id) => async () => {
      let status;
      try {
        status = (await rt.containerStatus({ containerId: id })).status;
      } catch (e) {
        throw wrapError(`getting container status ${JSON.stringify(id)}`, e);
      }
      if (status?.state === 'CONTAINER_RUNNING') {
        if (!f.bool('force')) throw new CrictlError(`container ${JSON.stringify(id)} is running, please stop it first`);
        try {
          await stopContainer(ctx, rt, id, 0);
        } catch (e) {
          throw wrapError(`stopping the container ${JSON.stringify(id)}`, e);
        }
      }
      try {
        await rt.removeContainer({ containerId: id }, { timeoutMs: Math.max(ctx.globals.timeoutMs, 60_000) });
      } catch (e) {
        throw wrapError(`removing container ${JSON.stringify(id)}`, e);
      }
      ctx.out(`${id}\n`);
      if (!f.bool('keep-logs') && status?.logPath) await removeLogs(ctx, id, status.logPath);
    }));
  },
};
