// A resource is data (STYLE rule 9): one ResourceDef per kind, registered in the
// resource registry. The generic REST storage, discovery, OpenAPI and table printing
// all read these definitions; adding a resource never adds a code path.
import type { KubeObject } from '../../../common/kube-types.js';

/** k8s.io/apimachinery/pkg/util/validation/field ErrorType, as StatusCause.reason */
export type FieldErrorType =
  | 'FieldValueNotFound'
  | 'FieldValueRequired'
  | 'FieldValueDuplicate'
  | 'FieldValueInvalid'
  | 'FieldValueNotSupported'
  | 'FieldValueForbidden'
  | 'FieldValueTooLong'
  | 'FieldValueTooMany'
  | 'InternalError'
  | 'FieldValueTypeInvalid';

export interface FieldError {
  type: FieldErrorType;
  /** JSON path as Kubernetes prints it: spec.containers[0].image, metadata.labels */
  field: string;
  /** the error body after the field, exactly as field.Error.ErrorBody() prints it,
   *  e.g. 'Required value', 'Invalid value: "Foo": a lowercase RFC 1123 ...' */
  message: string;
}

export type Verb = 'create' | 'delete' | 'deletecollection' | 'get' | 'list' | 'patch' | 'update' | 'watch';

/** metav1.TableColumnDefinition */
export interface TableColumn {
  name: string;
  type: 'string' | 'integer' | 'number' | 'boolean' | 'date';
  format: string;
  description: string;
  /** 0 = default columns, 1 = shown only with -o wide */
  priority: number;
}

export interface TableDef {
  columns: TableColumn[];
  /** cells in column order; `now` is injected so printing is testable */
  row(obj: KubeObject, now: Date): unknown[];
}

export interface ScaleDef {
  specReplicasPath: string; // e.g. 'spec.replicas'
  statusReplicasPath: string; // e.g. 'status.replicas'
  /** path of the selector used for the Scale status selector string */
  labelSelectorPath?: string;
}

export interface ResourceDef {
  group: string; // '' for the core group
  version: string;
  kind: string;
  listKind: string;
  plural: string;
  singular: string;
  shortNames: string[];
  categories: string[];
  namespaced: boolean;
  verbs: Verb[];
  /** e.g. ['status', 'scale', 'binding', 'eviction', 'log', 'exec', 'attach', 'portforward'] */
  subresources: string[];
  /** key segment in the store: /registry/<storageResource>/<namespace>/<name>
   *  (kube-apiserver uses 'minions' for nodes, 'services/specs' for services,
   *  'controllers' for replicationcontrollers, 'serviceaccounts', 'leases', ...) */
  storageResource: string;
  /** whether the object has a spec whose changes bump metadata.generation */
  hasGeneration: boolean;
  /** whether 'status' is a separate subresource (then main updates keep old status) */
  statusSubresource: boolean;
  scale?: ScaleDef;
  /** extra field selectors beyond metadata.name / metadata.namespace */
  fieldSelectors?: Record<string, (obj: KubeObject) => string | undefined>;
  /** set defaults in place (the scheme defaulting funcs) */
  defaults?(obj: KubeObject): void;
  /** validation on create */
  validate?(obj: KubeObject): FieldError[];
  /** validation on update; usually validate(obj) plus immutability checks */
  validateUpdate?(obj: KubeObject, old: KubeObject): FieldError[];
  table: TableDef;
  /** for a version stored in another version's shape (events.k8s.io/v1 Event is stored
   *  as core/v1 Event, as kube-apiserver stores one version per resource) */
  convert?: {
    toStorage(obj: KubeObject): KubeObject;
    fromStorage(obj: KubeObject): KubeObject;
  };
}
