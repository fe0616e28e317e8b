// A DaemonSet's history as ControllerRevisions (pkg/controller/daemon/update.go, 1.32):
// each distinct pod template is stored once, named <ds>-<hash>, its data a patch that
// replaces spec.template, numbered by revision; the current one's hash labels the pods
// (controller-revision-hash). `kubectl rollout history|undo daemonset` read and apply
// these. Old revisions beyond revisionHistoryLimit go once no pod uses them.
import type { KubeObject } from '../../common/kube-types.js';
import type { ApiClient } from '../../common/client/api-client.js';
import { isApiError, isNotFound } from './controller-support.js';
import { controllerRefTo, REVISION_HASH_LABEL, templateOf } from './daemonset-scheduling.js';
import { stableJson } from './endpoint-pods.js';

export const REVISIONS = { group: 'apps', version: 'v1', resource: 'controllerrevisions' };
const DAEMONSETS = { group: 'apps', version: 'v1', resource: 'daemonsets' };

// rand.SafeEncodeString's alphabet: no vowels, no 0/1/3, so hashes never spell words
const ALPHANUMS = 'bcdfghjklmnpqrstvwxz2456789';

/**
 * controller.ComputeHash: FNV-32a over the template (kube hashes Go's printed struct; we
 * hash its canonical JSON, so the value differs from a real cluster's but is as stable),
 * then the collision count, rendered with SafeEncodeString.
 */
export function computeHash(template: unknown, collisionCount: number | undefined): string {
  let h = 0x811c9dc5;
  const feed = (bytes: Uint8Array): void => {
    for (const b of bytes) h = Math.imul(h ^ b, 0x01000193) >>> 0;
  };
  feed(new TextEncoder().encode(stableJson(template)));
  if (collisionCount !== undefined) {
    const c = new Uint8Array(4);
    new DataView(c.buffer).setUint32(0, collisionCount >>> 0, true);
    feed(c);
  }
  return [...String(h)].map((ch) => ALPHANUMS[ch.charCodeAt(0) % ALPHANUMS.length] ?? '').join('');
}

/** getPatch: the revision's data, a strategic patch replacing spec.template */
export function revisionData(ds: KubeObject): Record<string, unknown> {
  return { spec: { template: { ...structuredClone(templateOf(ds)), $patch: 'replace' } } };
}

export function revisionNumber(r: KubeObject): number {
  return typeof r['revision'] === 'number' ? r['revision'] : 0;
}

function collisionCount(ds: KubeObject): number | undefined {
  const c = (ds.status as { collisionCount?: number } | undefined)?.collisionCount;
  return typeof c === 'number' ? c : undefined;
}

export interface History {
  current: KubeObject;
  old: KubeObject[];
  hash: string;
}

/** thrown after bumping status.collisionCount: the next sync computes a new name */
export class RevisionCollisionError extends Error {
  constructor(name: string) {
    super(`ControllerRevision ${name} exists with another template; collisionCount bumped`);
    this.name = 'RevisionCollisionError';
  }
}

/** constructHistory: finds (or makes) the revision of the current template, and numbers it last */
export async function constructHistory(client: ApiClient, ds: KubeObject, owned: readonly KubeObject[]): Promise<History> {
  const namespace = ds.metadata.namespace ?? '';
  const path = { ...REVISIONS, namespace };
  const want = stableJson(revisionData(ds));
  const current = owned.filter((r) => stableJson(r['data']) === want);
  const old = owned.filter((r) => !current.includes(r));
  const next = Math.max(0, ...old.map(revisionNumber)) + 1;
  let cur = current.sort((a, b) => revisionNumber(b) - revisionNumber(a))[0];
  // dedupCurHistories: one revision per template; the extras go
  for (const dup of current.slice(1)) await deleteRevision(client, namespace, dup.metadata.name ?? '');
  if (!cur) cur = await snapshot(client, ds, next);
  else if (revisionNumber(cur) < next) cur = await client.update(path, { ...cur, revision: next });
  const hash = cur.metadata.labels?.[REVISION_HASH_LABEL] ?? cur.metadata.name ?? '';
  return { current: cur, old, hash };
}

async function snapshot(client: ApiClient, ds: KubeObject, revision: number): Promise<KubeObject> {
  const namespace = ds.metadata.namespace ?? '';
  const path = { ...REVISIONS, namespace };
  const hash = computeHash(templateOf(ds), collisionCount(ds));
  const name = `${ds.metadata.name ?? ''}-${hash}`;
  const body: KubeObject = {
    apiVersion: 'apps/v1',
    kind: 'ControllerRevision',
    metadata: {
      name,
      namespace,
      labels: { ...(templateOf(ds).metadata?.labels ?? {}), [REVISION_HASH_LABEL]: hash },
      ...(ds.metadata.annotations ? { annotations: ds.metadata.annotations } : {}),
      ownerReferences: [controllerRefTo(ds)],
    },
    data: revisionData(ds),
    revision,
  };
  try {
    return await client.create(path, body);
  } catch (e) {
    if (!isApiError(e, 409)) throw e;
  }
  const existing = await client.get(path, name);
  const ours = (existing.metadata.ownerReferences ?? []).some((o) => o.uid === ds.metadata.uid);
  if (ours && stableJson(existing['data']) === stableJson(body['data'])) return existing;
  // a hash collision: bump collisionCount on the latest DaemonSet so the next hash differs
  const live = await client.get({ ...DAEMONSETS, namespace }, ds.metadata.name ?? '');
  if (collisionCount(live) !== collisionCount(ds)) throw new RevisionCollisionError(name);
  const status = { ...((live.status ?? {}) as Record<string, unknown>), collisionCount: (collisionCount(live) ?? 0) + 1 };
  await client.update({ ...DAEMONSETS, namespace }, { ...live, status }, 'status');
  throw new RevisionCollisionError(name);
}

async function deleteRevision(client: ApiClient, namespace: string, name: string): Promise<void> {
  try {
    await client.delete({ ...REVISIONS, namespace }, name);
  } catch (e) {
    if (!isNotFound(e)) throw e;
  }
}

/** cleanupHistory: beyond revisionHistoryLimit, the oldest revisions no live pod uses are deleted */
export async function cleanupHistory(client: ApiClient, ds: KubeObject, old: readonly KubeObject[], pods: readonly KubeObject[]): Promise<void> {
  const limit = (ds.spec as { revisionHistoryLimit?: number } | undefined)?.revisionHistoryLimit ?? 10;
  let toKill = old.length - limit;
  if (toKill <= 0) return;
  const live = new Set(pods.map((p) => p.metadata.labels?.[REVISION_HASH_LABEL]).filter(Boolean));
  for (const r of [...old].sort((a, b) => revisionNumber(a) - revisionNumber(b))) {
    if (toKill <= 0) break;
    if (live.has(r.metadata.labels?.[REVISION_HASH_LABEL])) continue;
    await deleteRevision(client, ds.metadata.namespace ?? '', r.metadata.name ?? '');
    toKill--;
  }
}
