// The schema is data: one table per protobuf message, field number → a short spec.
//
//   'name:string'        scalar; Go `json:"name,omitempty"` on a plain value (zero → omitted)
//   'replicas:int32?'    Go pointer (*int32): present on the wire → shown, even when zero
//   'port:int32!'        no omitempty, or a non-pointer struct: always shown (zero value if absent)
//   'selector:LabelSelector~' a pointer without omitempty: absent → null
//   'ports:[ServicePort]' repeated;  'labels:{string}' map<string, T>
//   '...LocalObjectReference' an embedded struct (`json:",inline"`): its fields join the parent
//
// Field numbers and names come from the public generated.proto files of k8s.io/api and
// k8s.io/apimachinery; the ?/! marks come from the Go json tags in types.go, because the
// gogo marshaller writes every non-pointer field (so "present" alone does not mean "set").

export type ScalarType = 'string' | 'int32' | 'int64' | 'bool' | 'double' | 'bytes';

/** Types with a hand-written JSON form in apimachinery (MarshalJSON methods). */
export type WellKnownType = 'Time' | 'MicroTime' | 'Duration' | 'Quantity' | 'IntOrString' | 'FieldsV1' | 'RawExtension';

export type ValueType =
  | { readonly kind: 'scalar'; readonly type: ScalarType }
  | { readonly kind: 'wellKnown'; readonly type: WellKnownType }
  | { readonly kind: 'message'; readonly type: string };

/**
 * How encoding/json treats the Go field: an omitempty value (zero → omitted), a pointer
 * (nil → omitted; a present zero stays), always written (no omitempty, or a struct), or
 * a pointer without omitempty (nil → null). Message fields without a mark are pointers.
 */
export type Presence = 'omitempty' | 'pointer' | 'always' | 'nullable';

export interface FieldSpec {
  /** the json tag name; '' for an inlined struct */
  readonly json: string;
  readonly value: ValueType;
  readonly repeated: boolean;
  readonly map: boolean;
  readonly inline: boolean;
  readonly presence: Presence;
}

export type MessageTable = Readonly<Record<number, string>>;
export type SchemaTables = Readonly<Record<string, MessageTable>>;

export type JsonValue = null | boolean | number | string | JsonValue[] | JsonObject;
export interface JsonObject {
  [key: string]: JsonValue;
}
