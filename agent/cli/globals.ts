// crictl's global options (cri-tools cmd/crictl/main.go): the runtime and image
// endpoints, the per-call timeout and the config file (/etc/crictl.yaml,
// pkg/common/file.go). A flag or its environment variable wins over the config file,
// which wins over the defaults; unlike crictl, the default endpoint is only
// containerd's socket (the lab has no other runtime) and is used without a warning.
import { readFileSync } from 'node:fs';
import { load } from 'js-yaml';
import { CrictlError } from './errors.js';
import type { FlagSpec, ParsedFlags } from './flags.js';

export const DEFAULT_ENDPOINT = 'unix:///run/containerd/containerd.sock';
export const DEFAULT_CONFIG = '/etc/crictl.yaml';
export const DEFAULT_TIMEOUT_MS = 2000;

export const GLOBAL_FLAGS: FlagSpec[] = [
  { name: 'config', aliases: ['c'], type: 'string', usage: `Location of the client config file (default: "${DEFAULT_CONFIG}") [$CRI_CONFIG_FILE]` },
  { name: 'debug', aliases: ['D'], type: 'bool', usage: 'Enable debug mode' },
  { name: 'image-endpoint', aliases: ['i'], type: 'string', usage: "Endpoint of CRI image manager service (default: uses 'runtime-endpoint' setting) [$IMAGE_SERVICE_ENDPOINT]" },
  { name: 'runtime-endpoint', aliases: ['r'], type: 'string', usage: `Endpoint of CRI container runtime service (default: "${DEFAULT_ENDPOINT}") [$CONTAINER_RUNTIME_ENDPOINT]` },
  { name: 'timeout', aliases: ['t'], type: 'duration', default: DEFAULT_TIMEOUT_MS, usage: 'Timeout of connecting to the server in seconds (e.g. 2s, 20s.). 0 or less is set to default (default: 2s)' },
  { name: 'help', aliases: ['h'], type: 'bool', usage: 'show help' },
  { name: 'version', aliases: ['v'], type: 'bool', usage: 'print the version' },
];

export interface Endpoint {
  /** as given, e.g. unix:///run/containerd/containerd.sock */
  url: string;
  /** the unix socket path */
  socketPath: string;
}

export interface GlobalOptions {
  runtime: Endpoint;
  image: Endpoint;
  timeoutMs: number;
  debug: boolean;
  pullImageOnCreate: boolean;
  disablePullOnRun: boolean;
}

/** unix:///path or a bare path (crictl falls back to unix for those); other schemes are refused. */
export function parseEndpoint(url: string): Endpoint {
  if (url.startsWith('unix://')) {
    const path = url.slice('unix://'.length);
    if (!path) throw new CrictlError(`endpoint ${JSON.stringify(url)} has no socket path`);
    return { url, socketPath: path };
  }
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(url)?.[1];
  if (scheme) throw new CrictlError(`protocol ${JSON.stringify(scheme)} not supported`);
  return { url: `unix://${url}`, socketPath: url };
}

interface ConfigFile {
  runtimeEndpoint?: string;
  imageEndpoint?: string;
  timeoutSeconds?: number;
  debug?: boolean;
  pullImageOnCreate?: boolean;
  disablePullOnRun?: boolean;
}

/** /etc/crictl.yaml as crictl reads it (keys runtime-endpoint, image-endpoint, timeout (s), debug, …). */
export function parseConfigFile(text: string): ConfigFile {
  const doc = load(text);
  if (doc === undefined || doc === null) return {};
  if (typeof doc !== 'object' || Array.isArray(doc)) throw new CrictlError('config file is not a YAML mapping');
  const d = doc as Record<string, unknown>;
  const str = (k: string): string | undefined => (typeof d[k] === 'string' ? d[k] : undefined);
  const bool = (k: string): boolean | undefined => (typeof d[k] === 'boolean' ? d[k] : undefined);
  return {
    runtimeEndpoint: str('runtime-endpoint'),
    imageEndpoint: str('image-endpoint'),
    timeoutSeconds: typeof d.timeout === 'number' ? d.timeout : undefined,
    debug: bool('debug'),
    pullImageOnCreate: bool('pull-image-on-create'),
    disablePullOnRun: bool('disable-pull-on-run'),
  };
}

function readConfig(path: string, required: boolean): ConfigFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    if (required) throw new CrictlError(`load config file: ${(e as Error).message}`);
    return {};
  }
  return parseConfigFile(text);
}

/** Resolves the global options from the parsed global flags and the environment. */
export function resolveGlobals(flags: ParsedFlags, env: NodeJS.ProcessEnv, defaultConfig = DEFAULT_CONFIG): GlobalOptions {
  const configPath = flags.string('config') || env.CRI_CONFIG_FILE || defaultConfig;
  const config = readConfig(configPath, flags.isSet('config') || Boolean(env.CRI_CONFIG_FILE));
  const runtimeUrl = flags.string('runtime-endpoint') || env.CONTAINER_RUNTIME_ENDPOINT || config.runtimeEndpoint || DEFAULT_ENDPOINT;
  const imageUrl = flags.string('image-endpoint') || env.IMAGE_SERVICE_ENDPOINT || config.imageEndpoint || runtimeUrl;
  let timeoutMs = flags.duration('timeout');
  if (!flags.isSet('timeout') && config.timeoutSeconds !== undefined && config.timeoutSeconds > 0) timeoutMs = config.timeoutSeconds * 1000;
  // "0 or less is set to default"
  if (timeoutMs <= 0) timeoutMs = DEFAULT_TIMEOUT_MS;
  return {
    runtime: parseEndpoint(runtimeUrl),
    image: parseEndpoint(imageUrl),
    timeoutMs,
    debug: flags.bool('debug') || config.debug === true,
    pullImageOnCreate: config.pullImageOnCreate === true,
    disablePullOnRun: config.disablePullOnRun === true,
  };
}
