// What `kubectl diff` compares: the live object and the dry-run result of the edited one,
// both as YAML. Fields that change on every write and say nothing about the user's edit
// (managedFields, resourceVersion) are dropped from both; keys are sorted so that the two
// serialisations line up the way `kubectl get -o yaml` prints them.
import { stringify } from 'yaml';
import type { KubeObject } from '../../common/kube-types.js';

/** metadata the server owns: hidden when an object is loaded into the editor */
const SERVER_METADATA = ['managedFields', 'resourceVersion', 'uid', 'creationTimestamp', 'generation', 'selfLink'] as const;

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (typeof v !== 'object' || v === null) return v;
  return Object.fromEntries(
    Object.keys(v)
      .sort()
      .map((k) => [k, sortKeys((v as Record<string, unknown>)[k])]),
  );
}

/** the object for a diff side: no managedFields, no resourceVersion, keys sorted */
export function cleanForDiff(obj: KubeObject): Record<string, unknown> {
  const { managedFields: _m, resourceVersion: _rv, ...metadata } = obj.metadata;
  return sortKeys({ ...obj, metadata }) as Record<string, unknown>;
}

/** the object to edit: what the user wrote plus defaults, without status and server metadata */
export function cleanForEdit(obj: KubeObject): Record<string, unknown> {
  const metadata: Record<string, unknown> = { ...obj.metadata };
  for (const k of SERVER_METADATA) delete metadata[k];
  const { status: _status, apiVersion, kind, metadata: _meta, ...rest } = obj as KubeObject & { status?: unknown };
  // apiVersion, kind, metadata first, as people write them; the rest as the server sent it
  return { apiVersion, kind, metadata, ...rest };
}

export function toYaml(v: unknown): string {
  return stringify(v, { lineWidth: 0 });
}
