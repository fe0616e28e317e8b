// inspect / inspectp / inspecti / info (cri-tools cmd/crictl/util.go outputStatusData):
// {"status": <the CRI status, protojson>, <each verbose info key>: <its JSON document>}
// — one object, or an array for several ids — marshalled through Go's map[string]any,
// so every key comes out sorted. Container and pod timestamps are RFC3339Nano in the
// local zone (marshalContainerStatus / marshalPodSandboxStatus).
import type { ContainerStatus, ContainerStatusResponse, Image, ImageStatusResponse, PodSandboxStatus, PodSandboxStatusResponse } from '../../cri/types.js';
import { CrictlError } from '../errors.js';
import { keyValueBlock } from './common.js';
import type { Clock } from './pods.js';
import { goMapJson, goYaml, protoJson } from './proto-json.js';
import type { JsonValue, ProtoSchema } from './proto-json.js';
import { GO_ZERO_TIME, goTimeString, rfc3339Nano } from './time.js';
import { ago, humanSizeWithPrecision } from './units.js';

export interface StatusData {
  status?: JsonValue;
  info: Record<string, string>;
}

function withTimes(json: JsonValue, times: Record<string, string>): JsonValue {
  if (json === null || typeof json !== 'object' || Array.isArray(json)) return json;
  return { ...json, ...times };
}

export function containerStatusJson(schema: ProtoSchema, s: ContainerStatus, clock: Pick<Clock, 'offsetMinutes'>): JsonValue {
  const t = (ns: number): string => rfc3339Nano(ns, clock.offsetMinutes(ns));
  // started once it left CREATED; finished when EXITED (or UNKNOWN with a finish time)
  const started = s.state !== 'CONTAINER_CREATED' ? t(s.startedAt) : GO_ZERO_TIME;
  const finished = s.state === 'CONTAINER_EXITED' || (s.state === 'CONTAINER_UNKNOWN' && s.finishedAt > 0) ? t(s.finishedAt) : GO_ZERO_TIME;
  return withTimes(protoJson(schema, 'runtime.v1.ContainerStatus', s), { createdAt: t(s.createdAt), startedAt: started, finishedAt: finished });
}

export function podStatusJson(schema: ProtoSchema, s: PodSandboxStatus, clock: Pick<Clock, 'offsetMinutes'>): JsonValue {
  return withTimes(protoJson(schema, 'runtime.v1.PodSandboxStatus', s), { createdAt: rfc3339Nano(s.createdAt, clock.offsetMinutes(s.createdAt)) });
}

export function imageStatusJson(schema: ProtoSchema, image: Image): JsonValue {
  return protoJson(schema, 'runtime.v1.Image', image);
}

/** the merged documents of outputStatusData */
function merge(d: StatusData): JsonValue {
  const out: Record<string, JsonValue> = {};
  if (d.status !== undefined) out.status = d.status;
  for (const k of Object.keys(d.info).sort()) {
    const val = d.info[k] ?? '';
    if (val.startsWith('{')) {
      try {
        out[k] = JSON.parse(val) as JsonValue;
      } catch (e) {
        throw new CrictlError(`unmarshal status info JSON: ${(e as Error).message}`);
      }
    } else out[k] = val.replace(/^"+|"+$/g, ''); // strings.Trim(val, `"`)
  }
  return out;
}

export type StatusFormat = 'json' | 'yaml';

export function outputStatusData(statuses: readonly StatusData[], format: string): string {
  if (!statuses.length) return '';
  const merged = statuses.map(merge);
  const result: JsonValue = merged.length === 1 ? (merged[0] ?? null) : merged;
  if (format === 'json') return `${goMapJson(result)}\n`;
  if (format === 'yaml') return `${goYaml(result)}\n`;
  if (format === 'go-template') throw new CrictlError('go-template output is not supported by this crictl');
  throw new CrictlError(`unsupported format: ${JSON.stringify(format)}`);
}

/** Go's %v of a map[string]string */
function goMap(m: Record<string, string>): string {
  return `map[${Object.keys(m).sort().map((k) => `${k}:${m[k] ?? ''}`).join(' ')}]`;
}

export function containerStatusTable(r: ContainerStatusResponse, verbose: boolean, clock: Clock): string {
  const s = r.status;
  let out = `ID: ${s?.id ?? ''}\n`;
  if (s?.metadata) {
    if (s.metadata.name) out += `Name: ${s.metadata.name}\n`;
    if (s.metadata.attempt) out += `Attempt: ${s.metadata.attempt}\n`;
  }
  if (s) {
    out += `State: ${s.state}\nCreated: ${ago(s.createdAt, clock.nowMs)}\n`;
    if (s.state !== 'CONTAINER_CREATED') out += `Started: ${ago(s.startedAt, clock.nowMs)}\n`;
    if (s.state === 'CONTAINER_EXITED') {
      if (s.finishedAt > 0) out += `Finished: ${ago(s.finishedAt, clock.nowMs)}\n`;
      out += `Exit Code: ${s.exitCode}\n`;
    }
    out += keyValueBlock('Labels', s.labels) + keyValueBlock('Annotations', s.annotations);
  }
  if (verbose) out += `Info: ${goMap(r.info)}\n`;
  return out;
}

export function podStatusTable(r: PodSandboxStatusResponse, verbose: boolean, clock: Clock): string {
  const s = r.status;
  let out = `ID: ${s?.id ?? ''}\n`;
  if (s?.metadata) {
    if (s.metadata.name) out += `Name: ${s.metadata.name}\n`;
    if (s.metadata.uid) out += `UID: ${s.metadata.uid}\n`;
    if (s.metadata.namespace) out += `Namespace: ${s.metadata.namespace}\n`;
    out += `Attempt: ${s.metadata.attempt}\n`;
  }
  if (s) {
    out += `Status: ${s.state}\nCreated: ${goTimeString(s.createdAt, clock.offsetMinutes(s.createdAt))}\n`;
    if (s.network) {
      out += `IP Addresses: ${s.network.ip}\n`;
      for (const ip of s.network.additionalIps) out += `Additional IP: ${ip.ip}\n`;
    }
    out += keyValueBlock('Labels', s.labels) + keyValueBlock('Annotations', s.annotations);
  }
  if (verbose) out += `Info: ${goMap(r.info)}\n`;
  return out;
}

export function imageStatusTable(r: ImageStatusResponse, verbose: boolean): string {
  const i = r.image;
  let out = `ID: ${i?.id ?? ''}\n`;
  for (const t of i?.repoTags ?? []) out += `Tag: ${t}\n`;
  for (const d of i?.repoDigests ?? []) out += `Digest: ${d}\n`;
  out += `Size: ${humanSizeWithPrecision(i?.size ?? 0, 3)}\n`;
  if (verbose) out += `Info: ${goMap(r.info)}\n`;
  return out;
}
