// The merge schema is data (STYLE rule 9): the struct tags of k8s.io/api that the patch
// code needs, one entry per field that is not a plain scalar or plain struct.
//   patchStrategy/patchMergeKey  — Go tags read by strategic merge patch
//   list/keys                    — +listType/+listMapKey read by server-side apply; where
//                                  a field has none, the OpenAPI converter derives them
//                                  from the patch tags (merge+key → map, merge → set),
//                                  otherwise the list is atomic
//   map                          — a map[string]X (labels, data), with +mapType
//   zero                         — present in the Go zero value the field manager diffs
//                                  against on create (non-pointer struct, or a field
//                                  without omitempty that encodes as null)

export type ListType = 'atomic' | 'set' | 'map';

export interface FieldDef {
  /** struct of the field, of its list elements, or of its map values */
  type?: string;
  list?: ListType;
  keys?: readonly string[];
  /** OpenAPI defaults SSA uses for missing key fields (ContainerPort.protocol = TCP) */
  keyDefaults?: Readonly<Record<string, string | number>>;
  patchStrategy?: string;
  patchMergeKey?: string;
  map?: 'granular' | 'atomic';
  zero?: 'object' | 'null';
}

export interface StructDef {
  /** +structType=atomic (metav1.LabelSelector) */
  atomic?: boolean;
  fields: Readonly<Record<string, FieldDef>>;
}

export type StructTable = Readonly<Record<string, StructDef>>;

// Constructors that keep the tables short and spell each tag once.

/** patchStrategy:"merge" patchMergeKey:<key>, +listType=map +listMapKey=<key> */
export function mergeList(type: string | undefined, key: string, strategy = 'merge'): FieldDef {
  return { type, list: 'map', keys: [key], patchStrategy: strategy, patchMergeKey: key };
}

/** +listType=atomic, no patch strategy: replaced wholesale by both SMP and SSA */
export const atomicList: FieldDef = { list: 'atomic' };

/** patchStrategy:"merge" on a []string, +listType=set */
export const mergeSet: FieldDef = { list: 'set', patchStrategy: 'merge' };

/** map[string]string with granular ownership (labels, annotations, data) */
export const granularMap: FieldDef = { map: 'granular' };

/** map[string]string with +mapType=atomic (Service selector, nodeSelector) */
export const atomicMap: FieldDef = { map: 'atomic' };

export function struct(type: string, zero?: 'object' | 'null'): FieldDef {
  return zero ? { type, zero } : { type };
}
