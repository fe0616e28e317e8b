// `kubectl rollout restart` and `kubectl rollout undo` as kubectl 1.32 does them on the
// client side (kubectl/pkg/polymorphichelpers objectrestarter.go and rollback.go): the
// decisions are pure functions here, the requests are made by ResourceActions.
import type { KubeObject } from '../../common/kube-types.js';

export const RESTARTED_AT = 'kubectl.kubernetes.io/restartedAt';
export const REVISION = 'deployment.kubernetes.io/revision';
/** apps/v1 DefaultDeploymentUniqueLabelKey */
export const POD_TEMPLATE_HASH = 'pod-template-hash';

/** rollback.go annotationsToSkip: the Deployment keeps its own values of these */
const ANNOTATIONS_TO_SKIP = new Set([
  'kubectl.kubernetes.io/last-applied-configuration',
  REVISION,
  'deployment.kubernetes.io/revision-history',
  'deployment.kubernetes.io/desired-replicas',
  'deployment.kubernetes.io/max-replicas',
  'deprecated.deployment.rollback.to',
]);

/** a decision kubectl refuses, in kubectl's words */
export class RolloutError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RolloutError';
  }
}

type Template = { metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> } & Record<string, unknown> } & Record<string, unknown>;

function spec(obj: KubeObject): { paused?: boolean; template?: Template } {
  const s = obj['spec'];
  return typeof s === 'object' && s !== null ? s : {};
}

const pad = (n: number): string => String(n).padStart(2, '0');

/** Go's time.Now().Format(time.RFC3339) in the local zone: "2025-03-01T21:00:00+09:00", "…Z" in UTC */
export function rfc3339(now: Date): string {
  const off = -now.getTimezoneOffset();
  const zone = off === 0 ? 'Z' : `${off > 0 ? '+' : '-'}${pad(Math.floor(Math.abs(off) / 60))}:${pad(Math.abs(off) % 60)}`;
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}T${pad(now.getHours())}:${pad(now.getMinutes())}:${pad(now.getSeconds())}${zone}`;
}

/** the strategic merge patch `kubectl rollout restart` sends (objectrestarter.go, restart.go) */
export function restartPatch(kind: 'deployments' | 'daemonsets', obj: KubeObject, now: Date): Record<string, unknown> {
  if (kind === 'deployments' && spec(obj).paused === true) throw new RolloutError("can't restart paused deployment (run rollout resume first)");
  const stamp = rfc3339(now);
  // the same stamp again would be an empty patch: kubectl refuses it with these words
  if (spec(obj).template?.metadata?.annotations?.[RESTARTED_AT] === stamp) {
    throw new RolloutError(`failed to create patch for ${obj.metadata.name ?? ''}: if restart has already been triggered within the past second, please wait before attempting to trigger another`);
  }
  return { spec: { template: { metadata: { annotations: { [RESTARTED_AT]: stamp } } } } };
}

/** deploymentutil.Revision: the revision annotation, 0 when absent, NaN when unreadable */
export function revisionOf(rs: KubeObject): number {
  const v = rs.metadata.annotations?.[REVISION];
  if (v === undefined) return 0;
  return /^-?\d+$/.test(v) ? Number(v) : NaN;
}

/** deploymentutil.GetAllReplicaSets keeps the ReplicaSets whose controller is the Deployment */
export function ownedReplicaSets(deployment: KubeObject, replicaSets: readonly KubeObject[]): KubeObject[] {
  const uid = deployment.metadata.uid;
  return replicaSets.filter((rs) => rs.metadata.ownerReferences?.some((r) => r.controller === true && r.uid === uid));
}

/**
 * rollback.go deploymentRevision: the ReplicaSet with revision `toRevision`, or with 0 the
 * second newest revision (the one before the current).
 */
export function pickRevision(deployment: KubeObject, replicaSets: readonly KubeObject[], toRevision: number): KubeObject {
  if (toRevision < 0) throw new RolloutError(`unable to find specified revision ${toRevision} in history`);
  let latest: { rev: number; rs: KubeObject | undefined } = { rev: -1, rs: undefined };
  let previous: { rev: number; rs: KubeObject | undefined } = { rev: -1, rs: undefined };
  for (const rs of ownedReplicaSets(deployment, replicaSets)) {
    const v = revisionOf(rs);
    if (Number.isNaN(v)) continue;
    if (toRevision === 0) {
      if (latest.rev < v) {
        previous = latest;
        latest = { rev: v, rs };
      } else if (previous.rev < v) previous = { rev: v, rs };
    } else if (v === toRevision) return rs;
  }
  if (toRevision > 0) throw new RolloutError(`unable to find specified revision ${toRevision} in history`);
  if (previous.rs === undefined) throw new RolloutError(`no rollout history found for deployment "${deployment.metadata.name ?? ''}"`);
  return previous.rs;
}

/** a template without the pod-template-hash label (the ReplicaSet's copy has it, the Deployment's not) */
export function withoutHash(template: Template | undefined): Template {
  const t = structuredClone(template ?? {});
  if (t.metadata?.labels) {
    delete t.metadata.labels[POD_TEMPLATE_HASH];
  }
  return t;
}

/** deep equality of JSON values, key order aside (apiequality.Semantic.DeepEqual for JSON) */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => Object.hasOwn(b, k) && jsonEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

export type UndoPlan = { skipped: string } | { patch: unknown[]; revision: number };

/**
 * rollback.go DeploymentRollbacker.Rollback: skip when the template already matches,
 * else a JSON patch replacing spec.template (hash label removed) and the annotations
 * (the Deployment's own bookkeeping kept, the ReplicaSet's others copied).
 */
export function undoPlan(deployment: KubeObject, replicaSets: readonly KubeObject[], toRevision: number): UndoPlan {
  if (spec(deployment).paused === true) throw new RolloutError("you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume' and try again");
  const rs = pickRevision(deployment, replicaSets, toRevision);
  const template = withoutHash(spec(rs).template);
  if (jsonEqual(template, withoutHash(spec(deployment).template))) {
    return { skipped: `skipped rollback (current template already matches revision ${toRevision})` };
  }
  const annotations: Record<string, string> = {};
  const own = deployment.metadata.annotations ?? {};
  for (const k of ANNOTATIONS_TO_SKIP) if (own[k] !== undefined) annotations[k] = own[k];
  for (const [k, v] of Object.entries(rs.metadata.annotations ?? {})) if (!ANNOTATIONS_TO_SKIP.has(k)) annotations[k] = v;
  return {
    patch: [
      { op: 'replace', path: '/spec/template', value: template },
      { op: 'replace', path: '/metadata/annotations', value: annotations },
    ],
    revision: revisionOf(rs),
  };
}
