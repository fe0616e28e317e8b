// delete and deletecollection with kube's semantics: graceful deletion of bound pods,
// finalizers (orphan / foregroundDeletion from propagationPolicy, namespace's
// 'kubernetes' finalizer) and preconditions. Objects with finalizers get a
// deletionTimestamp and stay until the last finalizer is removed.
import type { KubeObject } from '../../../common/kube-types.js';
import { errors } from '../errors.js';
import { decodeObjectBody } from '../http/body.js';
import { storageKey } from '../registry.js';
import type { ResourceDef } from '../resources/types.js';
import { StorageError } from '../storage/object-store.js';
import type { ApiServices, RestRequest, RestResponse } from './context.js';
import { isDryRun, nowIso } from './context.js';
import { fromStorage, gr, toStorage } from './common.js';
import { listObjects } from './read.js';

interface DeleteOptions {
  gracePeriodSeconds?: number;
  propagationPolicy?: 'Orphan' | 'Background' | 'Foreground';
  orphanDependents?: boolean;
  preconditions?: { uid?: string; resourceVersion?: string };
}

export function parseDeleteOptions(req: RestRequest): DeleteOptions {
  let opts: DeleteOptions = {};
  if (req.body && req.body.length > 0) {
    opts = decodeObjectBody(req.body, req.headers['content-type'], { apiVersion: 'meta.k8s.io/v1', kind: 'DeleteOptions' });
  }
  const g = req.query.get('gracePeriodSeconds');
  if (g !== null) opts.gracePeriodSeconds = Number(g);
  const p = req.query.get('propagationPolicy');
  if (p === 'Orphan' || p === 'Background' || p === 'Foreground') opts.propagationPolicy = p;
  else if (p !== null) throw errors.badRequest(`DeleteOptions.meta.k8s.io "" is invalid: propagationPolicy: Unsupported value: "${p}": supported values: "Foreground", "Background", "Orphan", "nil"`);
  if (opts.gracePeriodSeconds !== undefined && (!Number.isInteger(opts.gracePeriodSeconds) || opts.gracePeriodSeconds < 0)) {
    throw errors.badRequest(`DeleteOptions.meta.k8s.io "" is invalid: gracePeriodSeconds: Invalid value: ${String(opts.gracePeriodSeconds)}: must be >= 0`);
  }
  return opts;
}

export async function deleteNow(api: ApiServices, def: ResourceDef, key: string, obj: KubeObject, rv: number): Promise<RestResponse> {
  await api.objects.delete(key, rv);
  return { code: 200, body: obj };
}

/** how long a pod gets to stop (registry/core/pod/strategy.go CheckGracefulDelete) */
function podGrace(pod: KubeObject, opts: DeleteOptions): number {
  const spec = (pod.spec ?? {}) as { nodeName?: string; terminationGracePeriodSeconds?: number };
  const phase = (pod.status as { phase?: string } | undefined)?.phase;
  if (!spec.nodeName || phase === 'Succeeded' || phase === 'Failed') return 0;
  return opts.gracePeriodSeconds ?? spec.terminationGracePeriodSeconds ?? 30;
}

export async function deleteOne(api: ApiServices, req: RestRequest, name: string, opts: DeleteOptions): Promise<RestResponse> {
  const { def } = req;
  const key = storageKey(def, req.info.namespace, name);
  for (let attempt = 0; ; attempt++) {
    const stored = await api.objects.get(key);
    if (!stored) throw errors.notFound(gr(def), name);
    const obj = fromStorage(def, stored);
    const m = obj.metadata;
    const pre = opts.preconditions;
    if (pre?.uid && pre.uid !== m.uid) {
      throw errors.conflict(gr(def), name, `Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${m.uid ?? ''}`);
    }
    if (pre?.resourceVersion && pre.resourceVersion !== m.resourceVersion) {
      throw errors.conflict(gr(def), name, `Precondition failed: ResourceVersion in precondition: ${pre.resourceVersion}, ResourceVersion in object meta: ${m.resourceVersion ?? ''}`);
    }
    for (const p of api.admission) {
      await p.admit({ operation: 'DELETE', def, subresource: '', namespace: req.info.namespace, object: obj, user: req.user, dryRun: isDryRun(req.query) }, api);
    }
    const rv = Number(m.resourceVersion);
    const next = structuredClone(obj);
    const finalizers = new Set(next.metadata.finalizers ?? []);
    // v1 ReplicationControllers orphan their pods unless told otherwise (rcStrategy's
    // DefaultGarbageCollectionPolicy, kept for backward compatibility); kubectl always sends Background
    const defaultPolicy = def.kind === 'ReplicationController' && def.group === '' ? 'Orphan' : 'Background';
    const policy = opts.propagationPolicy ?? (opts.orphanDependents === undefined ? defaultPolicy : opts.orphanDependents ? 'Orphan' : 'Background');
    if (policy === 'Orphan') finalizers.add('orphan');
    if (policy === 'Foreground') finalizers.add('foregroundDeletion');
    let grace = def.kind === 'Pod' && def.group === '' ? podGrace(obj, opts) : 0;
    if (m.deletionTimestamp && m.deletionGracePeriodSeconds !== undefined && grace > m.deletionGracePeriodSeconds) grace = m.deletionGracePeriodSeconds;
    const isNamespace = def.kind === 'Namespace' && def.group === '';
    const mustWait = finalizers.size > 0 || grace > 0 || isNamespace;
    try {
      if (!mustWait) {
        if (isDryRun(req.query)) return { code: 200, body: obj };
        return await deleteNow(api, def, key, obj, rv);
      }
      const deletionTs = new Date(api.clock.now() + grace * 1000);
      const ts = nowIso({ now: () => deletionTs.getTime() });
      if (!next.metadata.deletionTimestamp || grace < (m.deletionGracePeriodSeconds ?? Infinity)) next.metadata.deletionTimestamp = ts;
      next.metadata.deletionGracePeriodSeconds = grace;
      if (finalizers.size) next.metadata.finalizers = [...finalizers];
      if (isNamespace) next.status = { ...(next.status as object | undefined), phase: 'Terminating' };
      if (isDryRun(req.query)) return { code: 200, body: next };
      const written = await api.objects.update(key, toStorage(def, next), rv);
      // 202 when the object lingers for finalizers (kube's behaviour for cascading deletes), 200 for graceful pods
      return { code: finalizers.size > 0 && grace === 0 && !isNamespace ? 202 : 200, body: fromStorage(def, written) };
    } catch (e) {
      if (e instanceof StorageError && (e.code === 'conflict' || e.code === 'not-found') && attempt < 8) continue;
      throw e;
    }
  }
}

export async function handleDelete(api: ApiServices, req: RestRequest): Promise<RestResponse> {
  return deleteOne(api, req, req.info.name, parseDeleteOptions(req));
}

export async function handleDeleteCollection(api: ApiServices, req: RestRequest): Promise<RestResponse> {
  const opts = parseDeleteOptions(req);
  const list = await listObjects(api, req);
  for (const item of list.items) {
    try {
      await deleteOne(api, { ...req, info: { ...req.info, namespace: item.metadata.namespace ?? '' } }, item.metadata.name ?? '', opts);
    } catch (e) {
      if (!(e instanceof Error && 'status' in e && (e as { code?: number }).code === 404)) throw e;
    }
  }
  return { code: 200, body: { ...list, items: list.items } };
}
