// Input validation for bridge handlers: params arrive as `unknown` from a renderer we do
// not trust (STYLE.md rule 5). A bad value is a 422 Invalid with one cause per field,
// the way the API server reports field errors (apimachinery field.ErrorList).
import { NAMESPACED, RESOURCE_KINDS, RESTARTABLE_KINDS, SCALABLE_KINDS } from '../common/bridge/contract.js';
import type { ResourceKind, ResourceQuery, ResourceRef, RestartableKind, ScalableKind } from '../common/bridge/contract.js';
import type { StatusCause } from '../common/kube-types.js';
import { BridgeError } from './errors.js';

/** DNS-1123 subdomain (object names) and label (namespaces), apimachinery validation */
export const SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
export const LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** one channel's params, field by field; each domain's validators build on it */
export class Fields {
  readonly causes: StatusCause[] = [];
  readonly record: Record<string, unknown>;

  constructor(
    readonly channel: string,
    params: unknown,
    allowed: readonly string[],
  ) {
    const isRecord = typeof params === 'object' && params !== null && !Array.isArray(params);
    this.record = isRecord ? (params as Record<string, unknown>) : {};
    if (params !== undefined && !isRecord) this.add('params', 'FieldValueInvalid', 'params must be an object');
    for (const key of Object.keys(this.record)) {
      if (!allowed.includes(key)) this.add(key, 'FieldValueNotSupported', `unknown field "${key}"`);
    }
  }

  add(field: string, reason: string, message: string): void {
    this.causes.push({ field, reason, message: `${field}: ${message}` });
  }

  /** a required (or optional) string shaped like a Kubernetes name */
  name(field: string, pattern: RegExp, max: number, required: boolean): string | undefined {
    const v = this.record[field];
    if (v === undefined) {
      if (required) this.add(field, 'FieldValueRequired', 'Required value');
      return undefined;
    }
    if (typeof v !== 'string' || v.length === 0 || v.length > max || !pattern.test(v)) {
      this.add(field, 'FieldValueInvalid', `Invalid value: ${JSON.stringify(v)}: must be a lowercase RFC 1123 ${pattern === LABEL ? 'label' : 'subdomain'} of at most ${max} characters`);
      return undefined;
    }
    return v;
  }

  oneOf<T extends string>(field: string, values: readonly T[]): T | undefined {
    const v = this.record[field];
    if (v === undefined) this.add(field, 'FieldValueRequired', 'Required value');
    else if (typeof v !== 'string' || !(values as readonly string[]).includes(v)) {
      this.add(field, 'FieldValueNotSupported', `Unsupported value: ${JSON.stringify(v)}: supported values: ${values.map((x) => `"${x}"`).join(', ')}`);
    } else return v as T;
    return undefined;
  }

  /** an integer in [min, max]; absent is an error only when required */
  integer(field: string, min: number, max: number, required = true): number | undefined {
    const v = this.record[field];
    if (v === undefined) {
      if (required) this.add(field, 'FieldValueRequired', 'Required value');
      return undefined;
    }
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
      this.add(field, 'FieldValueInvalid', `Invalid value: ${JSON.stringify(v)}: must be an integer from ${min} to ${max}`);
      return undefined;
    }
    return v;
  }

  /** a required string of at most `max` characters (terminal keystrokes, pasted text) */
  text(field: string, max: number): string | undefined {
    const v = this.record[field];
    if (typeof v !== 'string') this.add(field, v === undefined ? 'FieldValueRequired' : 'FieldValueInvalid', v === undefined ? 'Required value' : 'Invalid value: must be a string');
    else if (v.length > max) this.add(field, 'FieldValueTooLong', `Too long: may not be more than ${max} characters`);
    else return v;
    return undefined;
  }

  /** the id of a stream the session owns (`<prefix><n>`, see SessionScope.own) */
  streamId(field: string, prefix: string): string | undefined {
    const v = this.record[field];
    if (typeof v === 'string' && new RegExp(`^${prefix}\\d{1,9}$`).test(v)) return v;
    this.add(field, v === undefined ? 'FieldValueRequired' : 'FieldValueInvalid', v === undefined ? 'Required value' : `Invalid value: ${JSON.stringify(v)}`);
    return undefined;
  }

  /** throws the 422 when any field failed */
  done(): void {
    if (this.causes.length === 0) return;
    throw new BridgeError(422, 'Invalid', `${this.channel}: ${this.causes.map((c) => c.message).join('; ')}`, this.causes);
  }
}

export function validateEmpty(channel: string, params: unknown): Record<string, never> {
  new Fields(channel, params, []).done();
  return {};
}

/** kind (+ namespace for namespaced kinds; a namespace on a cluster-scoped kind is an error) */
function kindAndNamespace(f: Fields, namespaceRequired: boolean): { kind: ResourceQuery['kind']; namespace?: string } | undefined {
  const kind = f.oneOf('kind', RESOURCE_KINDS);
  const namespace = f.name('namespace', LABEL, 63, namespaceRequired && kind !== undefined && NAMESPACED[kind]);
  if (kind !== undefined && !NAMESPACED[kind] && f.record['namespace'] !== undefined) {
    f.add('namespace', 'FieldValueForbidden', `Forbidden: ${kind} are cluster-scoped`);
  }
  return kind === undefined ? undefined : { kind, ...(namespace !== undefined ? { namespace } : {}) };
}

export function validateQuery(channel: string, params: unknown): ResourceQuery {
  const f = new Fields(channel, params, ['kind', 'namespace']);
  const q = kindAndNamespace(f, false);
  f.done();
  return q as ResourceQuery;
}

/** kind, namespace and name, with the channel's other fields allowed (read them from `f`) */
function refFields(channel: string, params: unknown, extra: readonly string[]): { f: Fields; ref: ResourceRef } {
  const f = new Fields(channel, params, ['kind', 'namespace', 'name', ...extra]);
  const q = kindAndNamespace(f, true);
  const kind = f.record['kind'];
  // namespaces and nodes are labels / subdomains in the API; events and the rest are subdomains
  const name = f.name('name', kind === 'namespaces' ? LABEL : SUBDOMAIN, kind === 'namespaces' ? 63 : 253, true);
  return { f, ref: { ...(q as ResourceQuery), name: name as string } };
}

export function validateRef(channel: string, params: unknown): ResourceRef {
  const { f, ref } = refFields(channel, params, []);
  f.done();
  return ref;
}

/** a ref whose kind must be one of `kinds` (scale, rollout restart, rollout undo take only some) */
function refOfKinds<K extends ResourceKind>(channel: string, params: unknown, kinds: readonly K[], extra: readonly string[]): { f: Fields; ref: ResourceRef & { kind: K } } {
  const { f, ref } = refFields(channel, params, extra);
  if (ref.kind !== undefined && !(kinds as readonly string[]).includes(ref.kind)) {
    f.add('kind', 'FieldValueNotSupported', `Unsupported value: ${JSON.stringify(ref.kind)}: supported values: ${kinds.map((k) => `"${k}"`).join(', ')}`);
  }
  return { f, ref: ref as ResourceRef & { kind: K } };
}

/** int32, as spec.replicas is */
const MAX_INT32 = 2 ** 31 - 1;
/** the API server refuses request bodies over 3 MiB; an edited object is far below */
const MAX_YAML = 3 * 1024 * 1024;

export function validateScale(channel: string, params: unknown): { ref: ResourceRef & { kind: ScalableKind }; replicas: number } {
  const { f, ref } = refOfKinds(channel, params, SCALABLE_KINDS, ['replicas']);
  const replicas = f.integer('replicas', 0, MAX_INT32);
  f.done();
  return { ref, replicas: replicas as number };
}

export function validateRestart(channel: string, params: unknown): ResourceRef & { kind: RestartableKind } {
  const { f, ref } = refOfKinds(channel, params, RESTARTABLE_KINDS, []);
  f.done();
  return ref;
}

export function validateUndo(channel: string, params: unknown): { ref: ResourceRef & { kind: 'deployments' }; toRevision: number } {
  const { f, ref } = refOfKinds(channel, params, ['deployments'] as const, ['toRevision']);
  // kubectl rollout undo --to-revision: 0 (the default) means the previous revision
  const toRevision = f.integer('toRevision', 0, Number.MAX_SAFE_INTEGER, false) ?? 0;
  f.done();
  return { ref, toRevision };
}

export function validateReplace(channel: string, params: unknown): { ref: ResourceRef; yaml: string } {
  const { f, ref } = refFields(channel, params, ['yaml']);
  const yaml = f.record['yaml'];
  if (yaml === undefined) f.add('yaml', 'FieldValueRequired', 'Required value');
  else if (typeof yaml !== 'string') f.add('yaml', 'FieldValueInvalid', 'Invalid value: must be a string');
  else if (yaml.length > MAX_YAML) f.add('yaml', 'FieldValueTooLong', `Too long: may not be more than ${MAX_YAML} bytes`);
  f.done();
  return { ref, yaml: yaml as string };
}

export function validateWatchId(channel: string, params: unknown): { watchId: string } {
  return { watchId: validateStreamId(channel, params, 'watchId', 'w') };
}

/** the id of a stream this session owns (`<prefix><n>`, see SessionScope.own) */
export function validateStreamId(channel: string, params: unknown, field: string, prefix: string): string {
  const f = new Fields(channel, params, [field]);
  const id = f.streamId(field, prefix);
  f.done();
  return id as string;
}
