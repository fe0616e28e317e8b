// The manifest editor's channels. Types and tiny pure helpers only (shared by main and the renderer): see ./contract.ts.
// The editor sends the whole multi-document text; main splits it with the same YAML parser
// (eemeli `yaml`, parseAllDocuments) the renderer uses, so a document's `index` is the same
// number on both sides and the renderer can map an API error back onto its own AST.
import type { Status } from '../kube-types.js';

/** a field's type in the compact schema (reduced from the API server's /openapi/v3) */
export type FieldType =
  | { t: 'string' | 'integer' | 'number' | 'boolean' | 'int-or-string' | 'quantity' | 'any'; enum?: string[] }
  | { t: 'object'; ref: string }
  | { t: 'array'; items: FieldType }
  | { t: 'map'; values: FieldType };

export interface SchemaField {
  type: FieldType;
  /** the first sentence of the OpenAPI description (what `kubectl explain` starts with) */
  description?: string;
  required?: boolean;
}

/** a named object type (io.k8s.api.core.v1.Container …) */
export interface SchemaType {
  description?: string;
  fields: Record<string, SchemaField>;
}

/** one kind the API server serves, with where it lives (discovery) and its root type */
export interface SchemaKind {
  apiVersion: string;
  kind: string;
  /** the plural resource name (`pods`), as kubectl takes it */
  resource: string;
  namespaced: boolean;
  type: string;
}

export interface ManifestSchema {
  kinds: SchemaKind[];
  types: Record<string, SchemaType>;
}

/** the object a document names (what kubectl prints as `deployment.apps/web`) */
export interface DocRef {
  apiVersion: string;
  kind: string;
  name?: string;
  namespace?: string;
}

export interface ManifestRun {
  /** the editor's text: one or more YAML documents separated by `---` */
  text: string;
  /** for namespaced kinds whose document names none (kubectl's -n); default "default" */
  namespace?: string;
  /** server-side dry run (`?dryRun=All`): validated and defaulted, nothing stored */
  dryRun?: boolean;
  /** only this document (its index in the text), else every document in order */
  document?: number;
}

/** one document's outcome: kubectl's one line (`pod/nginx created`), or the API server's Status */
export type DocOutcome = { index: number; ref: DocRef | null; ok: true; summary: string } | { index: number; ref: DocRef | null; ok: false; status: Status };

/** the live object and what it would become, both as YAML without server noise (kubectl diff) */
export type DocDiff = { index: number; ref: DocRef | null; ok: true; live: string | null; merged: string } | { index: number; ref: DocRef | null; ok: false; status: Status };

export interface ManifestGet {
  /** plural resource name (`deployments`) or kind (`Deployment`) */
  resource: string;
  namespace?: string;
  name: string;
}

export interface ManifestRequests {
  /** the compact schema of every kind the API server serves (fetched once, then cached) */
  'manifests:schema': { params: Record<string, never>; result: ManifestSchema };
  /** server-side apply (fieldManager k8s-lab-editor, force) per document */
  'manifests:apply': { params: ManifestRun; result: { outcomes: DocOutcome[] } };
  /** POST per document, like `kubectl create -f` */
  'manifests:create': { params: ManifestRun; result: { outcomes: DocOutcome[] } };
  /** PUT per document with the live resourceVersion, like `kubectl replace -f` */
  'manifests:replace': { params: ManifestRun; result: { outcomes: DocOutcome[] } };
  /** live object vs the dry-run apply of the edited document, like `kubectl diff` */
  'manifests:diff': { params: ManifestRun; result: { diffs: DocDiff[] } };
  /** a live object as YAML to edit (`kubectl get -o yaml` without the fields the server owns) */
  'manifests:get': { params: ManifestGet; result: { text: string } };
}

export type ManifestEvents = Record<never, never>;

export const MANIFEST_CHANNELS = ['manifests:schema', 'manifests:apply', 'manifests:create', 'manifests:replace', 'manifests:diff', 'manifests:get'] as const satisfies readonly (keyof ManifestRequests)[];

/** the verbs that write (each also runs as a dry run) */
export const MANIFEST_ACTIONS = ['apply', 'create', 'replace'] as const;
export type ManifestAction = (typeof MANIFEST_ACTIONS)[number];

/** the field manager the editor writes as (seen in managedFields, like kubectl's "kubectl-client-side-apply") */
export const EDITOR_FIELD_MANAGER = 'k8s-lab-editor';

/** the largest text the editor sends (a lab manifest is a few KB) */
export const MAX_MANIFEST_BYTES = 1_000_000;

export function findKind(schema: ManifestSchema, apiVersion: string, kind: string): SchemaKind | undefined {
  return schema.kinds.find((k) => k.apiVersion === apiVersion && k.kind === kind);
}

/** `deployment.apps/web`, the way kubectl names an object in its output */
export function refLabel(ref: DocRef): string {
  const slash = ref.apiVersion.indexOf('/');
  const group = slash > 0 ? `.${ref.apiVersion.slice(0, slash)}` : '';
  return `${ref.kind.toLowerCase()}${group}/${ref.name ?? ''}`;
}
