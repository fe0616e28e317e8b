// Subresources with their own shapes: scale (autoscaling/v1 Scale), pods/binding,
// pods/eviction (policy/v1), namespaces/finalize, and the node-proxied ones
// (log, exec, attach, portforward) which need the node agent.
import type { KubeObject } from '../../../common/kube-types.js';
import { labelSelectorString, labelSetString } from '../tables/index.js';
import { errors } from '../errors.js';
import { decodeObjectBody, mediaType } from '../http/body.js';
import { applyPatchType } from '../patch/index.js';
import { storageKey } from '../registry.js';
import type { ResourceDef } from '../resources/types.js';
import type { ApiServices, RestRequest, RestResponse } from './context.js';
import { nowIso } from './context.js';
import { fromStorage, gr } from './common.js';
import { deleteOne, parseDeleteOptions } from './delete.js';
import { guaranteedUpdate } from './write.js';

function getPath(obj: unknown, dotted: string): unknown {
  let cur = obj;
  for (const p of dotted.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[p];
  }
  return cur;
}

function setPath(obj: Record<string, unknown>, dotted: string, value: unknown): void {
  const parts = dotted.split('.');
  let cur = obj;
  for (const p of parts.slice(0, -1)) {
    const next = cur[p];
    if (next === null || typeof next !== 'object') cur[p] = {};
    cur = cur[p] as Record<string, unknown>;
  }
  cur[parts[parts.length - 1] ?? ''] = value;
}

function toScale(def: ResourceDef, obj: KubeObject): KubeObject {
  const scale = def.scale;
  if (!scale) throw errors.notFound(gr(def), obj.metadata.name ?? '');
  const sel = scale.labelSelectorPath ? getPath(obj, scale.labelSelectorPath) : undefined;
  // Scale.status.selector is the selector's string form (LabelSelectorAsSelector(...).String()); an RC's is a plain map
  let selector = '';
  if (sel && typeof sel === 'object') {
    if (def.kind === 'ReplicationController') selector = labelSetString(sel as Record<string, string>);
    else {
      const parsed = labelSelectorString(sel);
      if (parsed.ok) selector = parsed.value;
    }
  }
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata: {
      name: obj.metadata.name,
      namespace: obj.metadata.namespace,
      uid: obj.metadata.uid,
      resourceVersion: obj.metadata.resourceVersion,
      creationTimestamp: obj.metadata.creationTimestamp,
    },
    spec: { replicas: Number(getPath(obj, scale.specReplicasPath) ?? 0) },
    status: { replicas: Number(getPath(obj, scale.statusReplicasPath) ?? 0), ...(selector ? { selector } : {}) },
  };
}

async function getParent(api: ApiServices, req: RestRequest): Promise<KubeObject> {
  const stored = await api.objects.get(storageKey(req.def, req.info.namespace, req.info.name));
  if (!stored) throw errors.notFound(gr(req.def), req.info.name);
  return fromStorage(req.def, stored);
}

export async function handleScale(api: ApiServices, req: RestRequest): Promise<RestResponse> {
  const { def } = req;
  if (!def.scale) throw errors.notFound(gr(def), req.info.name);
  const scaleDef = def.scale;
  if (req.info.verb === 'get') return { code: 200, body: toScale(def, await getParent(api, req)) };
  if (req.info.verb !== 'update' && req.info.verb !== 'patch') throw errors.methodNotSupported({ group: def.group, resource: `${def.plural}/scale` }, req.info.verb);
  const res = await guaranteedUpdate(api, { ...req, info: { ...req.info, subresource: '' } }, (live) => {
    if (!live) throw errors.notFound(gr(def), req.info.name);
    const current = toScale(def, live);
    let desired: KubeObject;
    if (req.info.verb === 'update') desired = decodeObjectBody(req.body ?? Buffer.alloc(0), req.headers['content-type']) as KubeObject;
    else desired = applyPatchType(mediaType(req.headers['content-type']), current, req.body ?? Buffer.alloc(0), { kind: 'Scale', apiVersion: 'autoscaling/v1' });
    const rv = desired.metadata?.resourceVersion;
    const replicas = getPath(desired, 'spec.replicas');
    if (typeof replicas !== 'number' || !Number.isInteger(replicas) || replicas < 0) {
      throw errors.invalid('Scale', 'autoscaling', req.info.name, `Scale.autoscaling "${req.info.name}" is invalid: spec.replicas: Invalid value: ${String(replicas)}: must be greater than or equal to 0`, [
        { reason: 'FieldValueInvalid', message: `Invalid value: ${String(replicas)}: must be greater than or equal to 0`, field: 'spec.replicas' },
      ]);
    }
    setPath(live, scaleDef.specReplicasPath, replicas);
    if (rv) live.metadata.resourceVersion = rv;
    return live;
  });
  return { code: 200, body: toScale(def, res.body as KubeObject) };
}

export async function bindPod(api: ApiServices, req: RestRequest, podName: string, binding: KubeObject): Promise<RestResponse> {
  const target = (binding as { target?: { kind?: string; name?: string } }).target;
  if (!target?.name) {
    throw errors.invalid('Binding', '', podName, `Binding "${podName}" is invalid: target.name: Required value`, [{ reason: 'FieldValueRequired', message: 'Required value', field: 'target.name' }]);
  }
  // nodeName is in the spec and PodScheduled in the status: one direct write sets both
  const key = storageKey(req.def, req.info.namespace, podName);
  for (let i = 0; i < 8; i++) {
    const stored = await api.objects.get(key);
    if (!stored) throw errors.notFound(gr(req.def), podName);
    const pod = stored;
    const spec = (pod.spec ?? {}) as { nodeName?: string };
    if (spec.nodeName) throw errors.conflict(gr(req.def), podName, `pod ${podName} is already assigned to node "${spec.nodeName}"`);
    pod.spec = { ...spec, nodeName: target.name };
    const status = (pod.status ?? {}) as { conditions?: { type: string }[] };
    const conditions = (status.conditions ?? []).filter((c) => c.type !== 'PodScheduled');
    conditions.push({ type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: nowIso(api.clock) } as { type: string });
    pod.status = { ...status, conditions };
    try {
      await api.objects.update(key, pod, Number(stored.metadata.resourceVersion));
      return { code: 201, body: { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 } };
    } catch {
      continue;
    }
  }
  throw errors.conflict(gr(req.def), podName, 'the object has been modified; please apply your changes to the latest version and try again');
}

export async function handleBinding(api: ApiServices, req: RestRequest): Promise<RestResponse> {
  const body = decodeObjectBody(req.body ?? Buffer.alloc(0), req.headers['content-type']) as KubeObject;
  return bindPod(api, req, req.info.name, body);
}

export async function handleEviction(api: ApiServices, req: RestRequest): Promise<RestResponse> {
  const body = decodeObjectBody(req.body ?? Buffer.alloc(0), req.headers['content-type']) as KubeObject & { deleteOptions?: unknown };
  const opts = body.deleteOptions ? { ...req, body: Buffer.from(JSON.stringify(body.deleteOptions)) } : { ...req, body: undefined };
  await deleteOne(api, { ...req, info: { ...req.info, subresource: '' } }, req.info.name, parseDeleteOptions(opts));
  return { code: 201, body: { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 } };
}

export async function handleFinalize(api: ApiServices, req: RestRequest): Promise<RestResponse> {
  const body = decodeObjectBody(req.body ?? Buffer.alloc(0), req.headers['content-type']) as KubeObject;
  const finalizers = ((body.spec ?? {}) as { finalizers?: string[] }).finalizers ?? [];
  const key = storageKey(req.def, '', req.info.name);
  for (let i = 0; i < 8; i++) {
    const live = await getParent(api, req);
    const next = structuredClone(live);
    next.spec = { ...(next.spec as object | undefined), finalizers };
    if (finalizers.length === 0) delete (next.spec as { finalizers?: string[] }).finalizers;
    try {
      if (next.metadata.deletionTimestamp && finalizers.length === 0 && (next.metadata.finalizers ?? []).length === 0) {
        await api.objects.delete(key, Number(live.metadata.resourceVersion));
        return { code: 200, body: next };
      }
      const written = await api.objects.update(key, next, Number(live.metadata.resourceVersion));
      return { code: 200, body: fromStorage(req.def, written) };
    } catch {
      continue;
    }
  }
  throw errors.conflict(gr(req.def), req.info.name, 'the object has been modified; please apply your changes to the latest version and try again');
}

/** which container a log/exec request means; kube's messages when it is ambiguous or unknown */
export function resolveContainer(pod: KubeObject, requested: string | null): string {
  const spec = (pod.spec ?? {}) as { containers?: { name: string }[]; initContainers?: { name: string }[] };
  const names = (spec.containers ?? []).map((c) => c.name);
  const init = (spec.initContainers ?? []).map((c) => c.name);
  const name = pod.metadata.name ?? '';
  if (!requested) {
    if (names.length === 1) return names[0] ?? '';
    const initPart = init.length ? ` or one of the init containers: [${init.join(' ')}]` : '';
    throw errors.badRequest(`a container name must be specified for pod ${name}, choose one of: [${names.join(' ')}]${initPart}`);
  }
  if (!names.includes(requested) && !init.includes(requested)) {
    throw errors.badRequest(`container ${requested} is not valid for pod ${name}`);
  }
  return requested;
}

export async function requireNode(api: ApiServices, pod: KubeObject): Promise<KubeObject> {
  const nodeName = ((pod.spec ?? {}) as { nodeName?: string }).nodeName;
  if (!nodeName) throw errors.badRequest(`pod ${pod.metadata.name ?? ''} does not have a host assigned`);
  const nodeDef = api.registry.lookup('', 'v1', 'nodes');
  const node = nodeDef ? await api.objects.get(storageKey(nodeDef, '', nodeName)) : undefined;
  if (!node) throw errors.notFound({ group: '', resource: 'nodes' }, nodeName);
  return node;
}

export { getParent };
