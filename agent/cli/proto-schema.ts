// The CRI proto's message descriptors (field order, 64-bit fields, maps), read from
// the same api.proto the CRI client speaks, for protojson output and for reading
// crictl-style config files.
import { loadSync } from '@grpc/proto-loader';
import type { PackageDefinition } from '@grpc/proto-loader';
import { agentAssetPath } from '../assets.js';
import type { FieldInfo, FieldKind, ProtoSchema } from './format/proto-json.js';

const PACKAGE = 'runtime.v1';

interface FieldDescriptor {
  name: string;
  label: string;
  type: string;
  typeName: string;
}
interface MessageDescriptor {
  name?: string;
  field: FieldDescriptor[];
  nestedType: MessageDescriptor[];
  options?: { mapEntry?: boolean } | null;
}

const INT64 = new Set(['TYPE_INT64', 'TYPE_UINT64', 'TYPE_SINT64', 'TYPE_FIXED64', 'TYPE_SFIXED64']);

function snake(camel: string): string {
  return camel.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

function describe(pkg: PackageDefinition, typeName: string): MessageDescriptor | undefined {
  const def = pkg[typeName];
  if (!def || !('format' in def) || def.format !== 'Protocol Buffer 3 DescriptorProto') return undefined;
  return def.type as MessageDescriptor;
}

export class CriProtoSchema implements ProtoSchema {
  private readonly cache = new Map<string, FieldInfo[]>();

  constructor(private readonly pkg: PackageDefinition) {}

  fields(typeName: string): readonly FieldInfo[] | undefined {
    const hit = this.cache.get(typeName);
    if (hit) return hit;
    const msg = describe(this.pkg, typeName);
    if (!msg) return undefined;
    const fields = msg.field.map((f): FieldInfo => {
      const nested = msg.nestedType.find((n) => n.name === f.typeName);
      let kind: FieldKind = 'plain';
      let typeNameOut: string | undefined;
      if (f.type === 'TYPE_MESSAGE' && nested?.options?.mapEntry) kind = 'map';
      else if (f.type === 'TYPE_MESSAGE') {
        kind = 'message';
        typeNameOut = f.typeName.includes('.') ? f.typeName.replace(/^\./, '') : `${PACKAGE}.${f.typeName}`;
      } else if (INT64.has(f.type)) kind = 'int64';
      else if (f.type === 'TYPE_BYTES') kind = 'bytes';
      return { name: f.name, protoName: snake(f.name), kind, repeated: f.label === 'LABEL_REPEATED' && kind !== 'map', typeName: typeNameOut };
    });
    this.cache.set(typeName, fields);
    return fields;
  }
}

let loaded: CriProtoSchema | undefined;

/** The schema of agent/cri/api.proto (loaded once). */
export function criSchema(): CriProtoSchema {
  loaded ??= new CriProtoSchema(
    loadSync(agentAssetPath('cri/api.proto'), { keepCase: false, longs: Number, enums: String, defaults: true, oneofs: true }),
  );
  return loaded;
}
