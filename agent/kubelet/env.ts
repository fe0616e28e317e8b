// A container's environment, built the way the kubelet builds it (pkg/kubelet/kubelet_pods.go
// makeEnvironmentVariables): envFrom first, then env in order (so env wins), $(VAR) expansion over
// the variables defined so far and the service variables, then the remaining service variables.
// An error here is what the pod shows as CreateContainerConfigError, so messages are the kubelet's.
import type { Container, ConfigMap, EnvVar, Pod, ResourceList, Secret, Service } from './pod-types.js';
import { convertDownwardAPIFieldLabel, extractFieldPathAsString, resourceFieldValue } from './downward-api.js';

/** CRI KeyValue. */
export interface KeyValue {
  key: string;
  value: string;
}

export type EventType = 'Normal' | 'Warning';
export type RecordEvent = (type: EventType, reason: string, message: string) => void;
type Maybe<T> = T | undefined | Promise<T | undefined>;

export interface EnvDeps {
  /** undefined when the ConfigMap does not exist */
  getConfigMap(namespace: string, name: string): Maybe<ConfigMap>;
  /** undefined when the Secret does not exist */
  getSecret(namespace: string, name: string): Maybe<Secret>;
  /** all services the node knows (any namespace); filtered here like the kubelet does */
  services: readonly Service[];
  /** node.status.allocatable: the limit reported for a container that sets none */
  nodeAllocatable: ResourceList;
  hostIP: string;
  hostIPs?: readonly string[];
  podIPs: readonly string[];
  /** events on the pod, e.g. InvalidEnvironmentVariableNames */
  recordEvent?: RecordEvent;
}

/** The container cannot be configured; the pod shows CreateContainerConfigError with this message. */
export class EnvResolutionError extends Error {
  override readonly name = 'EnvResolutionError';
  readonly reason = 'CreateContainerConfigError';
}

// --- $(VAR) expansion: third_party/forked/golang/expansion/expand.go -------------------------

export type MappingFunc = (name: string) => string;

/** MappingFuncFor: the first context that defines the name wins; unknown names stay as $(NAME). */
export function mappingFuncFor(...contexts: ReadonlyMap<string, string>[]): MappingFunc {
  return (name) => {
    for (const ctx of contexts) {
      const v = ctx.get(name);
      if (v !== undefined) return v;
    }
    return `$(${name})`;
  };
}

/** Expand: `$(VAR)` is replaced, `$$` is an escaped `$`, anything else passes through. */
export function expand(input: string, mapping: MappingFunc): string {
  let out = '';
  let checkpoint = 0;
  for (let cursor = 0; cursor < input.length; cursor++) {
    if (input[cursor] !== '$' || cursor + 1 >= input.length) continue;
    out += input.slice(checkpoint, cursor);
    const rest = input.slice(cursor + 1);
    let advance = 1;
    if (rest[0] === '$') {
      out += '$'; // escaped operator
    } else if (rest[0] === '(') {
      const close = rest.indexOf(')', 1);
      if (close === -1) {
        out += '$('; // incomplete reference: kept as is
      } else {
        out += mapping(rest.slice(1, close));
        advance = close + 1;
      }
    } else {
      out += `$${rest[0] ?? ''}`; // a bare operator
    }
    cursor += advance;
    checkpoint = cursor + 1;
  }
  return out + input.slice(checkpoint);
}

/** ExpandContainerCommandAndArgs: command and args see the container's final environment. */
export function expandContainerCommandAndArgs(container: Container, env: readonly KeyValue[]): { command: string[]; args: string[] } {
  const mapping = mappingFuncFor(new Map(env.map((e) => [e.key, e.value])));
  return {
    command: (container.command ?? []).map((c) => expand(c, mapping)),
    args: (container.args ?? []).map((a) => expand(a, mapping)),
  };
}

// --- service links: pkg/kubelet/envvars/envvars.go -----------------------------------------

function envVariableName(name: string): string {
  return name.replace(/-/g, '_').toUpperCase();
}

function joinHostPort(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

/** FromServices: <NAME>_SERVICE_HOST/_SERVICE_PORT[_<PORTNAME>] plus the docker-links variables. */
export function envVarsFromService(service: Service): [string, string][] {
  const ip = service.spec.clusterIP ?? '';
  const ports = service.spec.ports ?? [];
  const first = ports[0];
  if (ip === '' || ip === 'None' || !first) return [];
  const prefix = envVariableName(service.metadata.name ?? '');
  const out: [string, string][] = [[`${prefix}_SERVICE_HOST`, ip], [`${prefix}_SERVICE_PORT`, String(first.port)]];
  for (const p of ports) {
    if (p.name) out.push([`${prefix}_SERVICE_PORT_${envVariableName(p.name)}`, String(p.port)]);
  }
  ports.forEach((p, i) => {
    const proto = p.protocol ?? 'TCP';
    const url = `${proto.toLowerCase()}://${joinHostPort(ip, p.port)}`;
    if (i === 0) out.push([`${prefix}_PORT`, url]); // docker special-cases the first port
    const pp = `${prefix}_PORT_${p.port}_${proto.toUpperCase()}`;
    out.push([pp, url], [`${pp}_PROTO`, proto.toLowerCase()], [`${pp}_PORT`, String(p.port)], [`${pp}_ADDR`, ip]);
  });
  return out;
}

/**
 * getServiceEnvVarMap: services of the pod's namespace when enableServiceLinks is not false,
 * and always the master service `kubernetes` of `default` (in-cluster clients need it).
 */
export function serviceEnvVars(services: readonly Service[], namespace: string, enableServiceLinks: boolean): Map<string, string> {
  const byName = new Map<string, Service>();
  for (const svc of services) {
    const name = svc.metadata.name ?? '';
    const ip = svc.spec.clusterIP ?? '';
    if (ip === '' || ip === 'None') continue;
    if (svc.metadata.namespace === 'default' && name === 'kubernetes') {
      if (!byName.has(name)) byName.set(name, svc);
    } else if (svc.metadata.namespace === namespace && enableServiceLinks) {
      byName.set(name, svc);
    }
  }
  const result = new Map<string, string>();
  for (const name of [...byName.keys()].sort()) {
    const svc = byName.get(name);
    if (svc) for (const [k, v] of envVarsFromService(svc)) result.set(k, v);
  }
  return result;
}

// --- makeEnvironmentVariables --------------------------------------------------------------

const ENV_VAR_NAME_RE = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;

/** validation.IsEnvVarName (the rule envFrom keys are filtered with). */
export function isEnvVarName(name: string): boolean {
  return ENV_VAR_NAME_RE.test(name) && name !== '.' && !name.startsWith('..');
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Per-call cache of the objects read, like the kubelet's configMaps/secrets maps. */
class ObjectSource {
  private readonly configMaps = new Map<string, ConfigMap | undefined>();
  private readonly secrets = new Map<string, Secret | undefined>();
  constructor(private readonly ns: string, private readonly deps: EnvDeps) {}

  async configMap(name: string): Promise<ConfigMap | undefined> {
    if (!this.configMaps.has(name)) {
      try {
        this.configMaps.set(name, await this.deps.getConfigMap(this.ns, name));
      } catch (err) {
        throw new EnvResolutionError(messageOf(err));
      }
    }
    return this.configMaps.get(name);
  }

  async secret(name: string): Promise<Secret | undefined> {
    if (!this.secrets.has(name)) {
      try {
        this.secrets.set(name, await this.deps.getSecret(this.ns, name));
      } catch (err) {
        throw new EnvResolutionError(messageOf(err));
      }
    }
    return this.secrets.get(name);
  }
}

function secretString(b64: string): string {
  return Buffer.from(b64, 'base64').toString('utf8');
}

async function addEnvFrom(pod: Pod, container: Container, src: ObjectSource, env: Map<string, string>, deps: EnvDeps): Promise<void> {
  const ns = pod.metadata.namespace ?? '';
  for (const from of container.envFrom ?? []) {
    const ref = from.configMapRef ?? from.secretRef;
    if (!ref) continue;
    const name = ref.name ?? '';
    const kind = from.configMapRef ? 'configMap' : 'secret';
    let data: Record<string, string>;
    if (from.configMapRef) {
      const cm = await src.configMap(name);
      if (!cm) {
        if (ref.optional) continue;
        throw new EnvResolutionError(`configmap "${name}" not found`);
      }
      data = cm.data ?? {};
    } else {
      const secret = await src.secret(name);
      if (!secret) {
        if (ref.optional) continue;
        throw new EnvResolutionError(`secret "${name}" not found`);
      }
      data = Object.fromEntries(Object.entries(secret.data ?? {}).map(([k, v]) => [k, secretString(v)]));
    }
    const invalid: string[] = [];
    for (const [key, value] of Object.entries(data)) {
      const k = `${from.prefix ?? ''}${key}`;
      if (!isEnvVarName(k)) {
        invalid.push(k);
        continue;
      }
      env.set(k, value);
    }
    if (invalid.length > 0) {
      deps.recordEvent?.('Warning', 'InvalidEnvironmentVariableNames',
        `Keys [${invalid.sort().join(', ')}] from the EnvFrom ${kind} ${ns}/${name} were skipped since they are considered invalid environment variable names.`);
    }
  }
}

/** The value of one env entry, or undefined when an optional source is missing (the var is skipped). */
async function valueOf(pod: Pod, container: Container, v: EnvVar, src: ObjectSource, mapping: MappingFunc, deps: EnvDeps): Promise<string | undefined> {
  const ns = pod.metadata.namespace ?? '';
  if (v.value) return expand(v.value, mapping);
  const from = v.valueFrom;
  if (!from) return '';
  try {
    if (from.fieldRef) {
      const path = convertDownwardAPIFieldLabel(from.fieldRef.apiVersion, from.fieldRef.fieldPath);
      const hostIPs = deps.hostIPs ?? (deps.hostIP ? [deps.hostIP] : []);
      switch (path) {
        case 'spec.nodeName': return pod.spec.nodeName ?? '';
        case 'spec.serviceAccountName': return pod.spec.serviceAccountName ?? '';
        case 'status.hostIP': return hostIPs[0] ?? '';
        case 'status.hostIPs': return hostIPs.join(',');
        case 'status.podIP': return deps.podIPs[0] ?? '';
        case 'status.podIPs': return deps.podIPs.join(',');
        default: return extractFieldPathAsString(pod, path);
      }
    }
    if (from.resourceFieldRef) return resourceFieldValue(pod, container, from.resourceFieldRef, deps.nodeAllocatable);
  } catch (err) {
    throw err instanceof EnvResolutionError ? err : new EnvResolutionError(messageOf(err));
  }
  const ref = from.configMapKeyRef ?? from.secretKeyRef;
  if (!ref) return '';
  const name = ref.name ?? '';
  if (from.configMapKeyRef) {
    const cm = await src.configMap(name);
    if (!cm) {
      if (ref.optional) return undefined;
      throw new EnvResolutionError(`configmap "${name}" not found`);
    }
    const value = cm.data?.[ref.key];
    if (value === undefined && !ref.optional) throw new EnvResolutionError(`couldn't find key ${ref.key} in ConfigMap ${ns}/${name}`);
    return value;
  }
  const secret = await src.secret(name);
  if (!secret) {
    if (ref.optional) return undefined;
    throw new EnvResolutionError(`secret "${name}" not found`);
  }
  const b64 = secret.data?.[ref.key];
  if (b64 === undefined && !ref.optional) throw new EnvResolutionError(`couldn't find key ${ref.key} in Secret ${ns}/${name}`);
  return b64 === undefined ? undefined : secretString(b64);
}

/** makeEnvironmentVariables for one container; throws EnvResolutionError (CreateContainerConfigError). */
export async function resolveEnv(pod: Pod, container: Container, deps: EnvDeps): Promise<KeyValue[]> {
  const ns = pod.metadata.namespace ?? '';
  const serviceEnv = serviceEnvVars(deps.services, ns, pod.spec.enableServiceLinks !== false);
  const src = new ObjectSource(ns, deps);
  const env = new Map<string, string>();
  await addEnvFrom(pod, container, src, env, deps);
  // The mapping reads `env` live: a value sees envFrom and the entries declared before it.
  const mapping = mappingFuncFor(env, serviceEnv);
  for (const v of container.env ?? []) {
    const value = await valueOf(pod, container, v, src, mapping, deps);
    if (value !== undefined) env.set(v.name, value);
  }
  const result: KeyValue[] = [...env].map(([key, value]) => ({ key, value }));
  for (const [key, value] of serviceEnv) {
    if (!env.has(key)) result.push({ key, value });
  }
  return result;
}
