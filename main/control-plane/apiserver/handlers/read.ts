// get and list: label and field selectors, limit/continue paging at a fixed
// revision (410 once that revision is compacted), resourceVersion semantics.
import type { KubeList, KubeObject } from '../../../common/kube-types.js';
import type { FieldRequirement, Requirement } from '../../../common/label-selector.js';
import { matchesRequirements, parseFieldSelector, parseLabelSelector, SelectorParseError } from '../../../common/label-selector.js';
import { errors } from '../errors.js';
import { apiVersionOf, storageKey, storagePrefix } from '../registry.js';
import type { ResourceDef } from '../resources/types.js';
import { StorageError } from '../storage/object-store.js';
import type { ApiServices, RestRequest, RestResponse } from './context.js';
import { fromStorage, gr } from './common.js';

export interface Filter {
  labels: Requirement[];
  fields: FieldRequirement[];
}

export function parseFilter(def: ResourceDef, query: URLSearchParams): Filter {
  let labels: Requirement[] = [];
  let fields: FieldRequirement[] = [];
  try {
    labels = parseLabelSelector(query.get('labelSelector') ?? '');
    fields = parseFieldSelector(query.get('fieldSelector') ?? '');
  } catch (e) {
    if (e instanceof SelectorParseError) throw errors.badRequest(e.message);
    throw e;
  }
  for (const f of fields) {
    if (f.field !== 'metadata.name' && f.field !== 'metadata.namespace' && !def.fieldSelectors?.[f.field]) {
      throw errors.badRequest(`"${f.field}" is not a known field selector: only "metadata.name", "metadata.namespace"${Object.keys(def.fieldSelectors ?? {}).map((k) => `, "${k}"`).join('')}`);
    }
  }
  return { labels, fields };
}

export function matchesFilter(def: ResourceDef, filter: Filter, obj: KubeObject): boolean {
  if (filter.labels.length && !matchesRequirements(filter.labels, obj.metadata.labels)) return false;
  for (const f of filter.fields) {
    const value =
      f.field === 'metadata.name' ? (obj.metadata.name ?? '') : f.field === 'metadata.namespace' ? (obj.metadata.namespace ?? '') : (def.fieldSelectors?.[f.field]?.(obj) ?? '');
    if ((value === f.value) !== (f.op === '=')) return false;
  }
  return true;
}

interface ContinueToken {
  v: string;
  rv: number;
  start: string;
}

function decodeContinue(token: string): ContinueToken {
  try {
    const t = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as ContinueToken;
    if (t.v !== 'meta.k8s.io/v1' || typeof t.rv !== 'number' || typeof t.start !== 'string') throw new Error('bad');
    return t;
  } catch {
    throw errors.badRequest('continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)');
  }
}

function encodeContinue(t: ContinueToken): string {
  return Buffer.from(JSON.stringify(t), 'utf8').toString('base64url');
}

export async function handleGet(api: ApiServices, req: RestRequest): Promise<RestResponse> {
  const stored = await api.objects.get(storageKey(req.def, req.info.namespace, req.info.name));
  if (!stored) throw errors.notFound(gr(req.def), req.info.name);
  return { code: 200, body: fromStorage(req.def, stored) };
}

export async function listObjects(api: ApiServices, req: RestRequest): Promise<KubeList> {
  const { def, query } = req;
  const filter = parseFilter(def, query);
  const limit = Number(query.get('limit') ?? '0') || 0;
  const prefix = storagePrefix(def, req.info.namespace);
  let revision = 0;
  let startKey: string | undefined;
  const cont = query.get('continue');
  if (cont) {
    const t = decodeContinue(cont);
    revision = t.rv;
    startKey = prefix + t.start;
  } else {
    const rv = query.get('resourceVersion');
    if (rv && rv !== '0' && query.get('resourceVersionMatch') === 'Exact') revision = Number(rv);
  }
  const items: KubeObject[] = [];
  let next: string | undefined;
  let remaining: number | undefined;
  try {
    for (;;) {
      const page = await api.objects.list(prefix, { revision, limit: limit ? limit - items.length : undefined, startKey });
      // a page read at a pinned revision (continue, Exact) reports that revision, not the store's current one
      if (!revision) revision = page.revision;
      for (const raw of page.items) {
        const obj = fromStorage(def, raw);
        if (matchesFilter(def, filter, obj)) items.push(obj);
      }
      next = page.nextKey;
      remaining = page.remaining;
      if (!limit || !next || items.length >= limit) break;
      startKey = next;
    }
  } catch (e) {
    if (e instanceof StorageError && e.code === 'compacted') {
      throw cont
        ? errors.resourceExpired('The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.')
        : errors.resourceExpired(`The resourceVersion for the provided list is too old.`);
    }
    if (e instanceof StorageError && e.code === 'future') throw errors.timeout(`Too large resource version: ${revision}, current: unknown`);
    throw e;
  }
  const list: KubeList = { kind: def.listKind, apiVersion: apiVersionOf(def), metadata: { resourceVersion: String(revision) }, items };
  if (next) {
    list.metadata.continue = encodeContinue({ v: 'meta.k8s.io/v1', rv: revision, start: next.slice(prefix.length) });
    if (filter.labels.length === 0 && filter.fields.length === 0 && remaining !== undefined) list.metadata.remainingItemCount = remaining;
  }
  return list;
}

export async function handleList(api: ApiServices, req: RestRequest): Promise<RestResponse> {
  return { code: 200, body: await listObjects(api, req) };
}
