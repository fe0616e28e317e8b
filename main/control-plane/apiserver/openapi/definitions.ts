// All schema definitions the lab publishes, keyed by their upstream names
// (io.k8s.api.core.v1.Pod, io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta, …).
import { compareStrings } from './canonical-json.js';
import { APPS_DEFINITIONS } from './defs-apps.js';
import { CORE_CLUSTER_DEFINITIONS } from './defs-core-cluster.js';
import { CORE_CONTAINER_DEFINITIONS } from './defs-core-container.js';
import { CORE_POD_STATUS_DEFINITIONS } from './defs-core-pod-status.js';
import { CORE_POD_DEFINITIONS } from './defs-core-pod.js';
import { CORE_SCHEDULING_DEFINITIONS } from './defs-core-scheduling.js';
import { CORE_SERVICE_DEFINITIONS } from './defs-core-services.js';
import { CORE_VOLUME_DEFINITIONS } from './defs-core-volumes.js';
import { META_DEFINITIONS } from './defs-meta.js';
import { OTHER_GROUP_DEFINITIONS } from './defs-other-groups.js';
import type { Definitions, GroupVersionKind, SchemaNode } from './schema-builder.js';

export const BASE_DEFINITIONS: Definitions = {
  ...META_DEFINITIONS,
  ...CORE_POD_DEFINITIONS,
  ...CORE_CONTAINER_DEFINITIONS,
  ...CORE_POD_STATUS_DEFINITIONS,
  ...CORE_SCHEDULING_DEFINITIONS,
  ...CORE_VOLUME_DEFINITIONS,
  ...CORE_CLUSTER_DEFINITIONS,
  ...CORE_SERVICE_DEFINITIONS,
  ...APPS_DEFINITIONS,
  ...OTHER_GROUP_DEFINITIONS,
};

export const DELETE_OPTIONS = 'io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions';
export const WATCH_EVENT = 'io.k8s.apimachinery.pkg.apis.meta.v1.WatchEvent';
export const STATUS = 'io.k8s.apimachinery.pkg.apis.meta.v1.Status';
export const PATCH = 'io.k8s.apimachinery.pkg.apis.meta.v1.Patch';

const gvkKey = (g: GroupVersionKind) => `${g.group}/${g.version}/${g.kind}`;

/** The base definitions with DeleteOptions and WatchEvent tagged for every served
 *  group-version (kube-apiserver adds them to each group's scheme), plus a permissive
 *  stub for any served kind the data does not describe, so no $ref ever dangles. */
export function definitionsFor(groupVersions: readonly { group: string; version: string }[], extraKinds: readonly GroupVersionKind[]): Record<string, SchemaNode> {
  const out: Record<string, SchemaNode> = { ...BASE_DEFINITIONS };
  const gvs = [...new Map(groupVersions.map((gv) => [`${gv.group}/${gv.version}`, gv])).values()].sort(compareGV);
  for (const name of [DELETE_OPTIONS, WATCH_EVENT]) {
    const node = out[name];
    if (!node) continue;
    const kindName = name.slice(name.lastIndexOf('.') + 1);
    const own = node.gvk ?? [];
    const served = gvs.map((gv) => ({ group: gv.group, version: gv.version, kind: kindName }));
    out[name] = { ...node, gvk: dedupe([...own, ...served]).sort(compareGVK) };
  }
  const known = new Set(Object.values(out).flatMap((n) => (n.gvk ?? []).map(gvkKey)));
  for (const gvk of extraKinds) {
    if (known.has(gvkKey(gvk))) continue;
    known.add(gvkKey(gvk));
    out[stubName(gvk)] = {
      type: 'object',
      description: `${gvk.kind} is served by this API server; its schema is not published, so every field is accepted.`,
      preserveUnknownFields: true,
      gvk: [gvk],
    };
  }
  return out;
}

/** Name for a kind without a published schema: io.k8s-lab.<group>.<version>.<Kind> */
export function stubName(gvk: GroupVersionKind): string {
  return `io.k8s-lab.${gvk.group || 'core'}.${gvk.version}.${gvk.kind}`;
}

/** Definition name whose GVK list contains this kind, if any. */
export function definitionForKind(defs: Readonly<Record<string, SchemaNode>>, gvk: GroupVersionKind): string | undefined {
  const key = gvkKey(gvk);
  // Prefer the definition whose only GVK is this one (Pod over DeleteOptions-style multi-GVK types)
  let fallback: string | undefined;
  for (const [name, node] of Object.entries(defs)) {
    const list = node.gvk ?? [];
    if (!list.some((g) => gvkKey(g) === key)) continue;
    if (list.length === 1) return name;
    fallback ??= name;
  }
  return fallback;
}

function dedupe(list: GroupVersionKind[]): GroupVersionKind[] {
  return [...new Map(list.map((g) => [gvkKey(g), g])).values()];
}

function compareGV(a: { group: string; version: string }, b: { group: string; version: string }): number {
  return compareStrings(a.group, b.group) || compareStrings(a.version, b.version);
}

function compareGVK(a: GroupVersionKind, b: GroupVersionKind): number {
  return compareGV(a, b) || compareStrings(a.kind, b.kind);
}
