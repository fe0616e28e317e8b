// Lints every document against the compact schema main reduced from the API server's own
// OpenAPI (manifests:schema): unknown fields and wrong types, as you type, before anything
// is sent. Messages are i18n keys with values, translated by the view; the field paths in
// them are written the way the API server writes them (`spec.containers[0].imagee`).
import { isAlias, isMap, isScalar, isSeq } from 'yaml';
import type { Node as YamlNode } from 'yaml';
import { findKind } from '../../../main/common/bridge/manifests.js';
import type { FieldType, ManifestSchema } from '../../../main/common/bridge/manifests.js';
import { parseDocuments } from './field-path.js';

export type LintKey = 'unknownField' | 'wrongType' | 'notInEnum' | 'kindNotSet' | 'apiVersionNotSet' | 'noSchema' | 'syntax';

export interface LocalDiagnostic {
  from: number;
  to: number;
  severity: 'error' | 'warning' | 'info';
  key: LintKey;
  values: Record<string, string>;
}

const MAX_DIAGNOSTICS = 200;

function joinPath(path: string, key: string | number): string {
  return typeof key === 'number' ? `${path}[${key}]` : path === '' ? key : `${path}.${key}`;
}

/** the YAML type a value has, in the API's words */
function valueType(v: unknown): string {
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'boolean';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return 'null';
}

function scalarFits(t: FieldType['t'], v: unknown): boolean {
  switch (t) {
    case 'string':
      return typeof v === 'string';
    case 'integer':
      return typeof v === 'number' && Number.isInteger(v);
    case 'number':
      return typeof v === 'number';
    case 'boolean':
      return typeof v === 'boolean';
    case 'int-or-string':
      return typeof v === 'string' || (typeof v === 'number' && Number.isInteger(v));
    case 'quantity':
      return typeof v === 'string' || typeof v === 'number';
    default:
      return true;
  }
}

function expected(type: FieldType): string {
  return type.t === 'map' || type.t === 'object' ? 'object' : type.t;
}

class Linter {
  readonly out: LocalDiagnostic[] = [];

  constructor(private readonly schema: ManifestSchema) {}

  add(node: YamlNode | null | undefined, severity: LocalDiagnostic['severity'], key: LintKey, values: Record<string, string>, fallback: [number, number]): void {
    if (this.out.length >= MAX_DIAGNOSTICS) return;
    const [from, to] = node?.range ?? fallback;
    this.out.push({ from, to: Math.max(to, from), severity, key, values });
  }

  check(node: unknown, type: FieldType, path: string, at: [number, number]): void {
    if (node === null || node === undefined || isAlias(node)) return;
    if (isScalar(node) && node.value === null) return; // `labels:` with nothing: null is allowed
    const n = node as YamlNode;
    const wrong = (got: string): void => this.add(n, 'error', 'wrongType', { path, expected: expected(type), got }, at);
    switch (type.t) {
      case 'any':
        return;
      case 'object': {
        if (!isMap(node)) return wrong(isSeq(node) ? 'array' : valueType(isScalar(node) ? node.value : null));
        const fields = this.schema.types[type.ref]?.fields;
        if (!fields) return;
        for (const pair of node.items) {
          const keyNode = pair.key as YamlNode | null;
          if (!isScalar(keyNode)) continue;
          const key = String(keyNode.value);
          const field = fields[key];
          if (!field) this.add(keyNode, 'error', 'unknownField', { path: joinPath(path, key) }, at);
          else this.check(pair.value, field.type, joinPath(path, key), keyNode.range ? [keyNode.range[0], keyNode.range[1]] : at);
        }
        return;
      }
      case 'map': {
        if (!isMap(node)) return wrong(isSeq(node) ? 'array' : valueType(isScalar(node) ? node.value : null));
        for (const pair of node.items) {
          const keyNode = pair.key as YamlNode | null;
          if (isScalar(keyNode)) this.check(pair.value, type.values, `${path}[${String(keyNode.value)}]`, keyNode.range ? [keyNode.range[0], keyNode.range[1]] : at);
        }
        return;
      }
      case 'array': {
        if (!isSeq(node)) return wrong(isMap(node) ? 'object' : valueType(isScalar(node) ? node.value : null));
        node.items.forEach((item, i) => this.check(item, type.items, joinPath(path, i), at));
        return;
      }
      default: {
        if (!isScalar(node)) return wrong(isSeq(node) ? 'array' : 'object');
        if (!scalarFits(type.t, node.value)) return wrong(valueType(node.value));
        if (type.t === 'string' && type.enum && typeof node.value === 'string' && !type.enum.includes(node.value)) {
          this.add(n, 'warning', 'notInEnum', { path, value: node.value, allowed: type.enum.map((v) => `"${v}"`).join(', ') }, at);
        }
      }
    }
  }
}

export function lintManifests(text: string, schema: ManifestSchema | null): LocalDiagnostic[] {
  const linter = new Linter(schema ?? { kinds: [], types: {} });
  for (const doc of parseDocuments(text)) {
    const docRange: [number, number] = [doc.range[0], Math.max(doc.range[0], Math.min(doc.range[1], doc.range[0] + 1))];
    if (doc.errors.length > 0) {
      for (const e of doc.errors) linter.add(null, 'error', 'syntax', { message: e.message.split('\n')[0] ?? e.message }, [e.pos[0], e.pos[1]]);
      continue;
    }
    const root = doc.contents;
    if (root === null || !isMap(root)) continue;
    const apiVersion: unknown = doc.get('apiVersion');
    const kind: unknown = doc.get('kind');
    const at: [number, number] = root.range ? [root.range[0], root.range[0] + 1] : docRange;
    if (typeof apiVersion !== 'string') linter.add(null, 'error', 'apiVersionNotSet', {}, at);
    if (typeof kind !== 'string') linter.add(null, 'error', 'kindNotSet', {}, at);
    if (typeof apiVersion !== 'string' || typeof kind !== 'string' || !schema) continue;
    const k = findKind(schema, apiVersion, kind);
    if (!k) {
      const kindNode = root.items.find((p) => isScalar(p.key) && p.key.value === 'kind')?.value as YamlNode | undefined;
      linter.add(kindNode, 'warning', 'noSchema', { apiVersion, kind }, at);
      continue;
    }
    if (k.type) linter.check(root, { t: 'object', ref: k.type }, '', at);
  }
  return linter.out;
}
