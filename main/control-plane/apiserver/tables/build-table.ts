// The meta.k8s.io Table response, as k8s.io/apiserver builds it in
// endpoints/handlers/response.go (asTable) from a printer's rows:
//  - includeObject=Object   → row.object is the full object (kubectl sends it for --sort-by)
//  - includeObject=Metadata → row.object is a PartialObjectMetadata (kubectl's default; it
//    needs metadata for --show-labels, -L and the NAMESPACE column of -A); "" means the same
//  - includeObject=None     → row.object is null (RawExtension with no object encodes as null)
// On a watch, only the first event's Table carries columnDefinitions; the encoder then
// sets TableOptions.NoHeaders, and a Table without headers encodes columnDefinitions: null.
import type { KubeObject, ListMeta, Status } from '../../../common/kube-types.js';
import type { TableColumn, TableDef } from '../resources/types.js';
import { hasConditions, type TableRowCondition } from './printer-def.js';

export type IncludeObject = 'None' | 'Metadata' | 'Object';

/** the group/version the client asked the Table in (kubectl asks v1 first, then v1beta1) */
export type TableApiVersion = 'meta.k8s.io/v1' | 'meta.k8s.io/v1beta1';

export interface PartialObjectMetadata {
  kind: 'PartialObjectMetadata';
  apiVersion: TableApiVersion;
  metadata: KubeObject['metadata'];
}

/** metav1.TableRow */
export interface TableRowJson {
  cells: unknown[];
  conditions?: TableRowCondition[];
  object: KubeObject | PartialObjectMetadata | null;
}

/** metav1.Table */
export interface TableJson {
  kind: 'Table';
  apiVersion: TableApiVersion;
  metadata: ListMeta;
  columnDefinitions: TableColumn[] | null;
  rows: TableRowJson[];
}

export interface BuildTableOptions {
  now: Date;
  includeObject: IncludeObject;
  /**
   * List metadata for a LIST response. Leave it out for a single object (GET or one
   * watch event): the Table then carries that object's resourceVersion, as
   * GenerateTable's meta.CommonAccessor fallback does.
   */
  listMeta?: ListMeta;
  /** omit column definitions (TableOptions.NoHeaders; watch events after the first) */
  omitHeaders?: boolean;
  /** defaults to meta.k8s.io/v1 */
  apiVersion?: TableApiVersion;
}

/** the embedded object of a row, per TableOptions.includeObject */
export function rowObject(
  obj: KubeObject,
  includeObject: IncludeObject,
  apiVersion: TableApiVersion = 'meta.k8s.io/v1',
): KubeObject | PartialObjectMetadata | null {
  switch (includeObject) {
    case 'Object':
      return obj;
    case 'Metadata':
      return { kind: 'PartialObjectMetadata', apiVersion, metadata: { ...obj.metadata } };
    case 'None':
      return null;
  }
}

function tableMetadata(objects: KubeObject[], listMeta: ListMeta | undefined): ListMeta {
  const source: ListMeta = listMeta ?? { resourceVersion: objects.length === 1 ? objects[0]?.metadata.resourceVersion : undefined };
  // ListMeta fields are all omitempty: an empty continue token or RV is left out.
  const metadata: ListMeta = {};
  if (source.resourceVersion !== undefined && source.resourceVersion !== '') metadata.resourceVersion = source.resourceVersion;
  if (source.continue !== undefined && source.continue !== '') metadata.continue = source.continue;
  if (source.remainingItemCount !== undefined) metadata.remainingItemCount = source.remainingItemCount;
  return metadata;
}

/** Builds the Table JSON for a list (or one object) printed with `def`. */
export function buildTable(def: TableDef, objects: KubeObject[], opts: BuildTableOptions): TableJson {
  const apiVersion = opts.apiVersion ?? 'meta.k8s.io/v1';
  const rows = objects.map((obj): TableRowJson => {
    const cells = def.row(obj, opts.now);
    const object = rowObject(obj, opts.includeObject, apiVersion);
    // conditions is omitempty; keep metav1.TableRow's field order (cells, conditions, object).
    const conditions = hasConditions(def) ? def.conditions(obj) : undefined;
    return conditions !== undefined && conditions.length > 0 ? { cells, conditions, object } : { cells, object };
  });
  return {
    kind: 'Table',
    apiVersion,
    metadata: tableMetadata(objects, opts.listMeta),
    columnDefinitions: opts.omitHeaders === true ? null : def.columns.map((c) => ({ ...c })),
    rows,
  };
}

/**
 * One encoder per watch connection: each event's object becomes a one-row Table, with
 * column definitions on the first event only (watchEmbeddedEncoder flips NoHeaders).
 */
export function createTableWatchEncoder(
  def: TableDef,
  opts: { includeObject: IncludeObject; apiVersion?: TableApiVersion },
): (obj: KubeObject, now: Date) => TableJson {
  let headersSent = false;
  return (obj, now) => {
    const table = buildTable(def, [obj], { now, includeObject: opts.includeObject, apiVersion: opts.apiVersion, omitHeaders: headersSent });
    headersSent = true;
    return table;
  };
}

export type TableOptionsResult = { ok: true; includeObject: IncludeObject } | { ok: false; status: Status };

/**
 * metav1.TableOptions from the query string. Only includeObject is a query parameter
 * (noHeaders is json:"-"); "" and absent mean Metadata. Anything else is the 400 that
 * optionsForTransform returns after ValidateTableOptions.
 */
export function parseTableOptions(query: URLSearchParams): TableOptionsResult {
  const raw = query.get('includeObject') ?? '';
  if (raw === '' || raw === 'Metadata') return { ok: true, includeObject: 'Metadata' };
  if (raw === 'Object' || raw === 'None') return { ok: true, includeObject: raw };
  const message = `Unable to convert to Table as requested: includeObject: Invalid value: ${JSON.stringify(raw)}: must be 'Metadata', 'Object', 'None', or empty`;
  return {
    ok: false,
    status: { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason: 'BadRequest', code: 400 },
  };
}
