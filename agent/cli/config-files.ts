// Pod and container config files for runp/create/run (cri-tools util.go
// loadPodSandboxConfig / loadContainerConfig). crictl decodes them into the Go CRI
// structs, whose JSON names are the .proto names (log_directory, security_context);
// the lowerCamelCase protojson names are accepted too. Map fields (labels,
// annotations, sysctls…) keep their keys; enums may be numbers or names.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { load } from 'js-yaml';
import type { ContainerConfig, CriInput, PodSandboxConfig } from '../cri/types.js';
import { CrictlError } from './errors.js';
import type { ProtoSchema } from './format/proto-json.js';

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The object with its field names mapped to the CRI client's lowerCamelCase; unknown fields are dropped, as Go's encoding/json drops them. */
export function toCriInput(schema: ProtoSchema, typeName: string, value: unknown): unknown {
  const fields = schema.fields(typeName);
  if (!fields || !isRecord(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    const f = fields.find((x) => x.protoName === key || x.name === key || x.protoName === key.toLowerCase());
    if (!f) continue;
    if (f.kind === 'message' && f.typeName && v !== null) {
      const tn = f.typeName;
      out[f.name] = f.repeated && Array.isArray(v) ? v.map((item) => toCriInput(schema, tn, item)) : toCriInput(schema, tn, v);
    } else out[f.name] = v;
  }
  return out;
}

function readConfig(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw new CrictlError(`config at ${path} not found`);
    throw new CrictlError((e as Error).message);
  }
  try {
    // YAML is a superset of JSON: one parser reads both (utilyaml.NewYAMLOrJSONDecoder)
    return load(text);
  } catch (e) {
    throw new CrictlError((e as Error).message);
  }
}

export function loadPodSandboxConfig(schema: ProtoSchema, path: string): CriInput<PodSandboxConfig> {
  const config = toCriInput(schema, 'runtime.v1.PodSandboxConfig', readConfig(path)) as CriInput<PodSandboxConfig>;
  if (!isRecord(config) || !config.metadata) throw new CrictlError('metadata is not set');
  // crictl generates a uid when the file has none
  if (!config.metadata.uid) config.metadata.uid = randomUUID();
  if (!config.metadata.name || !config.metadata.namespace) {
    throw new CrictlError(`name or namespace is not in metadata ${JSON.stringify(config.metadata)}`);
  }
  return config;
}

export function loadContainerConfig(schema: ProtoSchema, path: string): CriInput<ContainerConfig> {
  const config = toCriInput(schema, 'runtime.v1.ContainerConfig', readConfig(path)) as CriInput<ContainerConfig>;
  if (!isRecord(config) || !config.metadata) throw new CrictlError('metadata is not set');
  if (!config.metadata.name) throw new CrictlError(`name is not in metadata ${JSON.stringify(config.metadata)}`);
  return config;
}
