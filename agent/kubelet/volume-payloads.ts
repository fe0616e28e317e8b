// The file sets ("payloads") of the API-backed volume plugins: configMap (pkg/volume/configmap
// MakePayload), secret (pkg/volume/secret MakePayload), downwardAPI (pkg/volume/downwardapi
// CollectData) and projected (pkg/volume/projected collectData). Each returns relative path →
// content+mode for the AtomicWriter, or throws with the plugin's message.
import type { FileProjection } from './atomic-writer.js';
import { extractFieldPathAsString, resourceFieldValue } from './downward-api.js';
import type { RecordEvent } from './env.js';
import type { ConfigMap, KeyToPath, Pod, ResourceList, Secret, Volume } from './pod-types.js';

export type ProjectedVolumeSource = NonNullable<Volume['projected']>;
export type DownwardAPIVolumeFile = NonNullable<NonNullable<Volume['downwardAPI']>['items']>[number];
export type ServiceAccountTokenProjection = NonNullable<NonNullable<ProjectedVolumeSource['sources']>[number]['serviceAccountToken']>;

export class PayloadError extends Error {
  override readonly name = 'PayloadError';
}

/** configMap/secret/downwardAPI/projected defaultMode when the API did not default it. */
export const DEFAULT_MODE = 0o644;

type Maybe<T> = T | undefined | Promise<T | undefined>;
export type Payload = Map<string, FileProjection>;

export interface PayloadDeps {
  getConfigMap(namespace: string, name: string): Maybe<ConfigMap>;
  getSecret(namespace: string, name: string): Maybe<Secret>;
  nodeAllocatable: ResourceList;
  /** a token for a projected serviceAccountToken source; without it the source is skipped */
  getServiceAccountToken?(pod: Pod, projection: ServiceAccountTokenProjection): Maybe<string>;
  recordEvent?: RecordEvent;
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** utilerrors.NewAggregate(...).Error(): one message as is, several as "[a, b]" without repeats. */
export function aggregateMessage(messages: readonly string[]): string {
  const unique = [...new Set(messages)];
  return unique.length === 1 ? unique[0] ?? '' : `[${unique.join(', ')}]`;
}

export async function fetchConfigMap(deps: PayloadDeps, ns: string, name: string, optional: boolean): Promise<ConfigMap> {
  let cm: ConfigMap | undefined;
  try {
    cm = await deps.getConfigMap(ns, name);
  } catch (err) {
    throw new PayloadError(messageOf(err));
  }
  if (cm) return cm;
  if (optional) return { metadata: { namespace: ns, name } }; // an optional, missing object projects nothing
  throw new PayloadError(`configmap "${name}" not found`);
}

export async function fetchSecret(deps: PayloadDeps, ns: string, name: string, optional: boolean): Promise<Secret> {
  let secret: Secret | undefined;
  try {
    secret = await deps.getSecret(ns, name);
  } catch (err) {
    throw new PayloadError(messageOf(err));
  }
  if (secret) return secret;
  if (optional) return { metadata: { namespace: ns, name } };
  throw new PayloadError(`secret "${name}" not found`);
}

/** configmap.MakePayload: every key (data and binaryData), or the listed items. */
export function configMapPayload(items: readonly KeyToPath[] | undefined, cm: ConfigMap, defaultMode: number, optional: boolean): Payload {
  const payload: Payload = new Map();
  const lookup = (key: string): Buffer | undefined => {
    const s = cm.data?.[key];
    if (s !== undefined) return Buffer.from(s, 'utf8');
    const b = cm.binaryData?.[key];
    return b === undefined ? undefined : Buffer.from(b, 'base64');
  };
  if (!items || items.length === 0) {
    for (const key of [...Object.keys(cm.data ?? {}), ...Object.keys(cm.binaryData ?? {})]) {
      const data = lookup(key);
      if (data) payload.set(key, { data, mode: defaultMode });
    }
    return payload;
  }
  for (const item of items) {
    const data = lookup(item.key);
    if (!data) {
      if (optional) continue;
      throw new PayloadError(`configmap references non-existent config key: ${item.key}`);
    }
    payload.set(item.path, { data, mode: item.mode ?? defaultMode });
  }
  return payload;
}

/** secret.MakePayload: the decoded values of every key, or of the listed items. */
export function secretPayload(items: readonly KeyToPath[] | undefined, secret: Secret, defaultMode: number, optional: boolean): Payload {
  const payload: Payload = new Map();
  const data = secret.data ?? {};
  if (!items || items.length === 0) {
    for (const [key, b64] of Object.entries(data)) payload.set(key, { data: Buffer.from(b64, 'base64'), mode: defaultMode });
    return payload;
  }
  for (const item of items) {
    const b64 = data[item.key];
    if (b64 === undefined) {
      if (optional) continue;
      throw new PayloadError(`references non-existent secret key: ${item.key}`);
    }
    payload.set(item.path, { data: Buffer.from(b64, 'base64'), mode: item.mode ?? defaultMode });
  }
  return payload;
}

/** downwardapi.CollectData: metadata fieldRefs and resourceFieldRefs (node allocatable as default limits). */
export function downwardAPIPayload(items: readonly DownwardAPIVolumeFile[] | undefined, pod: Pod, defaultMode: number, nodeAllocatable: ResourceList): Payload {
  const payload: Payload = new Map();
  const errors: string[] = [];
  for (const item of items ?? []) {
    let value = '';
    try {
      if (item.fieldRef) value = extractFieldPathAsString(pod, item.fieldRef.fieldPath);
      else if (item.resourceFieldRef) value = resourceFieldValue(pod, undefined, item.resourceFieldRef, nodeAllocatable);
    } catch (err) {
      errors.push(messageOf(err));
    }
    payload.set(item.path.replace(/\/+$/, ''), { data: Buffer.from(value, 'utf8'), mode: item.mode ?? defaultMode });
  }
  if (errors.length > 0) throw new PayloadError(aggregateMessage(errors));
  return payload;
}

/** projected collectData: the sources merged in order; errors of all sources aggregated. */
export async function projectedPayload(source: ProjectedVolumeSource, pod: Pod, deps: PayloadDeps, volumeName: string): Promise<Payload> {
  const ns = pod.metadata.namespace ?? '';
  const defaultMode = source.defaultMode ?? DEFAULT_MODE;
  const payload: Payload = new Map();
  const errors: string[] = [];
  const merge = (p: Payload): void => {
    for (const [k, v] of p) payload.set(k, v);
  };
  for (const s of source.sources ?? []) {
    try {
      if (s.configMap) {
        const optional = s.configMap.optional === true;
        const cm = await fetchConfigMap(deps, ns, s.configMap.name ?? '', optional);
        merge(configMapPayload(s.configMap.items, cm, defaultMode, optional));
      } else if (s.secret) {
        const optional = s.secret.optional === true;
        const secret = await fetchSecret(deps, ns, s.secret.name ?? '', optional);
        merge(secretPayload(s.secret.items, secret, defaultMode, optional));
      } else if (s.downwardAPI) {
        merge(downwardAPIPayload(s.downwardAPI.items, pod, defaultMode, deps.nodeAllocatable));
      } else if (s.serviceAccountToken) {
        const token = deps.getServiceAccountToken ? await deps.getServiceAccountToken(pod, s.serviceAccountToken) : undefined;
        if (token === undefined) {
          // This node does not mint service account tokens (TokenRequest); the rest of the volume still works.
          deps.recordEvent?.('Warning', 'FailedMount',
            `MountVolume.SetUp skipped serviceAccountToken source (path "${s.serviceAccountToken.path}") of volume "${volumeName}": service account tokens are not supported on this node`);
          continue;
        }
        payload.set(s.serviceAccountToken.path, { data: Buffer.from(token, 'utf8'), mode: defaultMode });
      }
    } catch (err) {
      errors.push(messageOf(err));
    }
  }
  if (errors.length > 0) throw new PayloadError(aggregateMessage(errors));
  return payload;
}
