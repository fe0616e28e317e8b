// What the manifest editor asks of the API server, done as kubernetes-admin like any client
// (STYLE.md rule 2). Every write is one request per document with fieldValidation=Strict, so
// a misspelt field comes back as the API server's own "strict decoding error: unknown field".
// Apply is server-side apply (PATCH application/apply-patch+yaml, fieldManager k8s-lab-editor,
// force): one request per document, the API server does the merge, and a dry run of it is
// exactly what a write would store, which is also what `manifests:diff` shows. Client-side
// apply would mean re-implementing kubectl's three-way strategic merge and the
// last-applied-configuration annotation here, for the same end state.
import { failureStatus } from '../../common/bridge/contract.js';
import { EDITOR_FIELD_MANAGER, refLabel } from '../../common/bridge/manifests.js';
import type { DocDiff, DocOutcome, DocRef, ManifestAction, ManifestGet, ManifestRun, ManifestSchema } from '../../common/bridge/manifests.js';
import { ApiClientError, resourceUrl } from '../../common/client/api-client.js';
import type { ApiClient, ResourcePath } from '../../common/client/api-client.js';
import type { KubeObject } from '../../common/kube-types.js';
import { toStatus } from '../errors.js';
import { cleanForDiff, cleanForEdit, toYaml } from './diff-clean.js';
import { splitDocuments } from './documents.js';
import { discoverGroupVersions, discoverKinds, pathOf } from './rest-mapper.js';
import { reduceOpenApi } from './schema-reduce.js';
import type { KindMapping, OpenApiDocument } from './schema-reduce.js';

interface Discovered {
  mappings: KindMapping[];
  schema: ManifestSchema;
}

/** one document, resolved to where it goes */
interface Target {
  object: KubeObject;
  ref: DocRef;
  path: ResourcePath;
}

const VERB_DONE: Record<ManifestAction, string> = { apply: 'serverside-applied', create: 'created', replace: 'replaced' };

export class ManifestsService {
  private discovered: Promise<Discovered> | undefined;

  constructor(private readonly client: ApiClient) {}

  async schema(): Promise<ManifestSchema> {
    return (await this.discover()).schema;
  }

  async run(action: ManifestAction, req: ManifestRun): Promise<{ outcomes: DocOutcome[] }> {
    const outcomes = await this.eachDocument(req, async (t): Promise<DocOutcome> => {
      const written = await this.write(action, t, req.dryRun === true);
      const ref = { ...t.ref, ...(written.metadata.name !== undefined ? { name: written.metadata.name } : {}) };
      // kubectl's own line: "deployment.apps/web created (server dry run)"
      return { index: 0, ref, ok: true, summary: `${refLabel(ref)} ${VERB_DONE[action]}${req.dryRun === true ? ' (server dry run)' : ''}` };
    });
    return { outcomes };
  }

  async diff(req: ManifestRun): Promise<{ diffs: DocDiff[] }> {
    const diffs = await this.eachDocument(req, async (t): Promise<DocDiff> => {
      const name = requireName(t);
      const live = await this.client.get(t.path, name).catch((e: unknown) => {
        if (e instanceof ApiClientError && e.code === 404) return null;
        throw e;
      });
      const merged = await this.write('apply', t, true);
      return { index: 0, ref: t.ref, ok: true, live: live ? toYaml(cleanForDiff(live)) : null, merged: toYaml(cleanForDiff(merged)) };
    });
    return { diffs };
  }

  async get(req: ManifestGet): Promise<{ text: string }> {
    const { mappings } = await this.discover();
    const wanted = req.resource.toLowerCase();
    // the legacy core group comes first in discovery, as kubectl prefers it (events)
    const m = mappings.find((x) => x.resource === wanted || x.kind.toLowerCase() === wanted);
    if (!m) throw new ApiClientError(failureStatus(404, 'NotFound', `the server doesn't have a resource type "${req.resource}"`));
    const obj = await this.client.get(pathOf(m, req.namespace ?? 'default'), req.name);
    return { text: toYaml(cleanForEdit(obj)) };
  }

  private async write(action: ManifestAction, t: Target, dryRun: boolean): Promise<KubeObject> {
    const query = new URLSearchParams({ fieldManager: EDITOR_FIELD_MANAGER, fieldValidation: 'Strict', ...(dryRun ? { dryRun: 'All' } : {}) });
    if (action === 'create') return this.client.request<KubeObject>('POST', `${resourceUrl(t.path)}?${query.toString()}`, t.object);
    const name = requireName(t);
    if (action === 'apply') {
      query.set('force', 'true');
      return this.client.request<KubeObject>('PATCH', `${resourceUrl(t.path, name)}?${query.toString()}`, JSON.stringify(t.object), 'application/apply-patch+yaml');
    }
    // replace: an update must name the version it replaces; kubectl replace takes the live one
    const live = await this.client.get(t.path, name);
    const metadata = { ...t.object.metadata, resourceVersion: t.object.metadata.resourceVersion ?? live.metadata.resourceVersion };
    return this.client.request<KubeObject>('PUT', `${resourceUrl(t.path, name)}?${query.toString()}`, { ...t.object, metadata });
  }

  /** runs `fn` on each (or the one asked for) document in order; a failure is that document's Status */
  private async eachDocument<R extends { index: number; ref: DocRef | null }>(req: ManifestRun, fn: (t: Target) => Promise<R>): Promise<(R | { index: number; ref: DocRef | null; ok: false; status: ReturnType<typeof toStatus> })[]> {
    const docs = splitDocuments(req.text).filter((d) => req.document === undefined || d.index === req.document);
    if (docs.length === 0) throw new ApiClientError(failureStatus(400, 'BadRequest', req.document === undefined ? 'no objects passed to the API server: the text has no documents' : `no document ${req.document} in the text`));
    const out: (R | { index: number; ref: DocRef | null; ok: false; status: ReturnType<typeof toStatus> })[] = [];
    for (const d of docs) {
      if (!d.ok) {
        out.push({ index: d.index, ref: d.ref, ok: false, status: d.status });
        continue;
      }
      let ref = d.ref;
      try {
        const m = await this.mapping(d.ref);
        const namespace = m.namespaced ? (d.ref.namespace ?? req.namespace ?? 'default') : undefined;
        ref = { ...d.ref, ...(namespace !== undefined ? { namespace } : {}) };
        out.push({ ...(await fn({ object: d.object, ref, path: pathOf(m, namespace) })), index: d.index });
      } catch (e) {
        out.push({ index: d.index, ref, ok: false, status: toStatus(e) });
      }
    }
    return out;
  }

  private async mapping(ref: DocRef): Promise<KindMapping> {
    const find = (ms: KindMapping[]): KindMapping | undefined => ms.find((m) => m.apiVersion === ref.apiVersion && m.kind === ref.kind);
    let m = find((await this.discover()).mappings);
    if (!m) {
      // a kind registered since we looked (a CRD): discover again once, as kubectl's cache does
      this.discovered = undefined;
      m = find((await this.discover()).mappings);
    }
    if (!m) throw new ApiClientError(failureStatus(404, 'NotFound', `resource mapping not found: no matches for kind "${ref.kind}" in version "${ref.apiVersion}"`));
    return m;
  }

  private discover(): Promise<Discovered> {
    if (!this.discovered) {
      const p = this.fetchDiscovery();
      this.discovered = p;
      p.catch(() => {
        if (this.discovered === p) this.discovered = undefined; // try again next time
      });
    }
    return this.discovered;
  }

  private async fetchDiscovery(): Promise<Discovered> {
    const groupVersions = await discoverGroupVersions(this.client);
    const mappings = await discoverKinds(this.client, groupVersions);
    const index = await this.client.request<{ paths: Record<string, { serverRelativeURL: string }> }>('GET', '/openapi/v3');
    const wanted = new Set(groupVersions.map((gv) => (gv.includes('/') ? `apis/${gv}` : `api/${gv}`)));
    const documents = await Promise.all(
      Object.entries(index.paths)
        .filter(([p]) => wanted.has(p))
        .map(([, v]) => this.client.request<OpenApiDocument>('GET', v.serverRelativeURL)),
    );
    return { mappings, schema: reduceOpenApi(documents, mappings) };
  }
}

/** apply and replace address one object by name, as kubectl does */
function requireName(t: Target): string {
  const name = t.object.metadata?.name;
  if (typeof name === 'string' && name !== '') return name;
  const message = 'Required value: name is required';
  throw new ApiClientError(failureStatus(422, 'Invalid', `${t.ref.kind} "" is invalid: metadata.name: ${message}`, [{ field: 'metadata.name', reason: 'FieldValueRequired', message }]));
}
