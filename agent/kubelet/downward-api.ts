// Downward API values shared by env vars and downwardAPI/projected volumes, as the kubelet
// computes them: pkg/fieldpath (ExtractFieldPathAsString, FormatMap, SplitMaybeSubscriptedPath),
// pkg/apis/core/pods ConvertDownwardAPIFieldLabel and pkg/api/v1/resource
// (ExtractContainerResourceValue, MergeContainerResourceLimits).
import type { Container, Pod, ResourceFieldSelector, ResourceList } from './pod-types.js';
import { ceilDiv, isZeroQuantity, quantityMilliValue, quantityValue } from './quantity.js';

export class FieldPathError extends Error {
  override readonly name = 'FieldPathError';
}

/** "metadata.labels['app']" → ["metadata.labels", "app"]; undefined when not subscripted. */
export function splitMaybeSubscriptedPath(fieldPath: string): [string, string] | undefined {
  if (!fieldPath.endsWith("']")) return undefined;
  const s = fieldPath.slice(0, -2);
  const at = s.indexOf("['");
  if (at <= 0) return undefined;
  return [s.slice(0, at), s.slice(at + 2)];
}

const FIELD_LABELS = new Set([
  'metadata.annotations', 'metadata.labels', 'metadata.name', 'metadata.namespace', 'metadata.uid',
  'spec.nodeName', 'spec.restartPolicy', 'spec.serviceAccountName', 'spec.schedulerName',
  'status.phase', 'status.hostIP', 'status.hostIPs', 'status.podIP', 'status.podIPs',
]);

/** podshelper.ConvertDownwardAPIFieldLabel: the field paths a pod's downward API accepts. */
export function convertDownwardAPIFieldLabel(apiVersion: string | undefined, label: string): string {
  const version = apiVersion ?? 'v1'; // the API server defaults fieldRef.apiVersion to v1
  if (version !== 'v1') throw new FieldPathError(`unsupported pod version: ${version}`);
  const split = splitMaybeSubscriptedPath(label);
  if (split) {
    if (split[0] === 'metadata.annotations' || split[0] === 'metadata.labels') return label;
    throw new FieldPathError(`field label does not support subscript: ${label}`);
  }
  if (label === 'spec.host') return 'spec.nodeName'; // old v1 clients
  if (!FIELD_LABELS.has(label)) throw new FieldPathError(`field label not supported: ${label}`);
  return label;
}

const QUALIFIED_NAME_RE = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const DNS_SUBDOMAIN_RE = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** A short form of validation.IsQualifiedName: [prefix/]name, name ≤ 63 chars. */
function qualifiedNameErrors(value: string): string[] {
  const parts = value.split('/');
  const name = parts.length === 2 ? parts[1] ?? '' : value;
  const errs: string[] = [];
  if (parts.length > 2) errs.push("a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character");
  if (parts.length === 2 && !DNS_SUBDOMAIN_RE.test(parts[0] ?? '')) errs.push('prefix part a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, \'-\' or \'.\', and must start and end with an alphanumeric character');
  if (name.length === 0) errs.push('name part must be non-empty');
  else if (name.length > 63) errs.push('name part must be no more than 63 characters');
  if (name.length > 0 && !QUALIFIED_NAME_RE.test(name)) errs.push("name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character");
  return errs;
}

/** Go's strconv.Quote (fmt %q): what FormatMap writes for each value. */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0) ?? 0;
    if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (ch === '\x07') out += '\\a';
    else if (ch === '\b') out += '\\b';
    else if (ch === '\f') out += '\\f';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\v') out += '\\v';
    else if (ch === ' ' || /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u.test(ch)) out += ch;
    else if (cp < 0x80) out += `\\x${cp.toString(16).padStart(2, '0')}`;
    else if (cp < 0x10000) out += `\\u${cp.toString(16).padStart(4, '0')}`;
    else out += `\\U${cp.toString(16).padStart(8, '0')}`;
  }
  return `${out}"`;
}

/** fieldpath.FormatMap: `key="value"` lines in sorted key order, no trailing newline. */
export function formatMap(m: Record<string, string> | undefined): string {
  return Object.keys(m ?? {})
    .sort()
    .map((k) => `${k}=${goQuote(m?.[k] ?? '')}`)
    .join('\n');
}

/** fieldpath.ExtractFieldPathAsString: the metadata fields any object exposes. */
export function extractFieldPathAsString(pod: Pod, fieldPath: string): string {
  const meta = pod.metadata;
  const split = splitMaybeSubscriptedPath(fieldPath);
  if (split) {
    const [path, subscript] = split;
    if (path === 'metadata.annotations' || path === 'metadata.labels') {
      const errs = qualifiedNameErrors(path === 'metadata.annotations' ? subscript.toLowerCase() : subscript);
      if (errs.length > 0) throw new FieldPathError(`invalid key subscript in ${fieldPath}: ${errs.join(';')}`);
      const map = path === 'metadata.annotations' ? meta.annotations : meta.labels;
      return map?.[subscript] ?? '';
    }
    throw new FieldPathError(`fieldPath "${fieldPath}" does not support subscript`);
  }
  switch (fieldPath) {
    case 'metadata.annotations': return formatMap(meta.annotations);
    case 'metadata.labels': return formatMap(meta.labels);
    case 'metadata.name': return meta.name ?? '';
    case 'metadata.namespace': return meta.namespace ?? '';
    case 'metadata.uid': return meta.uid ?? '';
    default: throw new FieldPathError(`unsupported fieldPath: ${fieldPath}`);
  }
}

/** findContainerInPod: app containers first, then init containers. */
export function findContainer(pod: Pod, name: string): Container {
  const found = pod.spec.containers.find((c) => c.name === name) ?? pod.spec.initContainers?.find((c) => c.name === name);
  if (!found) throw new FieldPathError(`container ${name} not found`);
  return found;
}

/**
 * MergeContainerResourceLimits: a container without a cpu/memory/ephemeral-storage limit
 * sees the node's allocatable amount instead (what the downward API reports for it).
 */
export function withDefaultLimits(container: Container, nodeAllocatable: ResourceList): Container {
  const limits: ResourceList = { ...(container.resources?.limits ?? {}) };
  for (const name of ['cpu', 'memory', 'ephemeral-storage']) {
    const alloc = nodeAllocatable[name];
    if (isZeroQuantity(limits[name]) && alloc !== undefined) limits[name] = alloc;
  }
  return { ...container, resources: { ...(container.resources ?? {}), limits } };
}

/** ExtractContainerResourceValue: limits/requests of cpu, memory, ephemeral-storage over the divisor. */
export function extractContainerResourceValue(fs: ResourceFieldSelector, container: Container): string {
  const divisor = fs.divisor === undefined || isZeroQuantity(fs.divisor) ? '1' : fs.divisor;
  const dot = fs.resource.indexOf('.');
  const kind = fs.resource.slice(0, dot);
  const name = fs.resource.slice(dot + 1);
  const list = kind === 'limits' ? container.resources?.limits : kind === 'requests' ? container.resources?.requests : undefined;
  const q = list?.[name] ?? 0;
  if ((kind === 'limits' || kind === 'requests') && name === 'cpu') {
    // convertResourceCPUToString: ceil(milli / divisor milli)
    return ceilDiv(quantityMilliValue(q), quantityMilliValue(divisor)).toString();
  }
  if ((kind === 'limits' || kind === 'requests') && (name === 'memory' || name === 'ephemeral-storage' || name.startsWith('hugepages-'))) {
    return ceilDiv(quantityValue(q), quantityValue(divisor)).toString();
  }
  throw new FieldPathError(`unsupported container resource : ${fs.resource}`);
}

/** The value of a resourceFieldRef for `container` (or fs.containerName), node allocatable as default limits. */
export function resourceFieldValue(pod: Pod, container: Container | undefined, fs: ResourceFieldSelector, nodeAllocatable: ResourceList): string {
  const target = fs.containerName ? findContainer(pod, fs.containerName) : container;
  if (!target) throw new FieldPathError(`container ${fs.containerName ?? ''} not found`);
  return extractContainerResourceValue(fs, withDefaultLimits(target, nodeAllocatable));
}
