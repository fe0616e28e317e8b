// Where the cursor is in a YAML document while it is being typed, from indentation alone:
// a half-typed line is rarely valid YAML, so the AST cannot say which mapping the cursor is
// in. The walk goes up from the cursor's line through the keys that own it, counting list
// items (`- `), and stops at the document's `---`. Then the path resolves against the schema.
import { findKind } from '../../../main/common/bridge/manifests.js';
import type { FieldType, ManifestSchema, SchemaField } from '../../../main/common/bridge/manifests.js';

/** a list item on the way down; other steps are mapping keys */
export const ITEM = -1;
export type Step = string | typeof ITEM;

interface LineShape {
  /** columns of the `- ` markers before the key */
  dashes: number[];
  /** column where the key (or scalar) starts */
  keyCol: number;
  /** the key, when the line is `key:` */
  key?: string;
  /** true when the key has a value on the same line */
  inlineValue: boolean;
}

function shape(line: string): LineShape | null {
  const m = /^(\s*)((?:-\s+)*)(.*)$/.exec(line);
  if (!m) return null;
  const rest = m[3] ?? '';
  if (rest.trim() === '' && (m[2] ?? '') === '') return null; // blank
  if (rest.startsWith('#')) return null;
  const indent = (m[1] ?? '').length;
  const dashes: number[] = [];
  let col = indent;
  for (const d of (m[2] ?? '').matchAll(/-\s+/g)) {
    dashes.push(col);
    col += d[0].length;
  }
  const km = /^("[^"]*"|'[^']*'|[^\s:#][^:#]*?)\s*:(\s|$)(.*)$/.exec(rest);
  const key = km?.[1]?.replace(/^["']|["']$/g, '');
  const after = (km?.[3] ?? '').replace(/#.*$/, '').trim();
  return { dashes, keyCol: col, ...(key !== undefined ? { key } : {}), inlineValue: km ? after !== '' : rest.trim() !== '' };
}

export interface KeyContext {
  /** the steps from the document root to the mapping the cursor types a key into */
  path: Step[];
  /** what is typed of the key so far */
  prefix: string;
  /** the column of the key (for the indentation of what completion inserts) */
  column: number;
}

/** the context of a key being typed at the end of `before` (the cursor line up to the cursor) */
export function keyContext(lines: readonly string[], lineIndex: number, before: string): KeyContext | null {
  const m = /^(\s*)((?:-\s+)*)([A-Za-z0-9_.\-/]*)$/.exec(before);
  if (!m) return null;
  const cur = shape(`${before}x`);
  if (!cur) return null;
  const path: Step[] = [];
  let col = cur.keyCol;
  let seq = false; // looking for the key that owns a list (it may sit at the dash's column)
  for (let k = cur.dashes.length - 1; k >= 0; k--) {
    path.unshift(ITEM);
    col = cur.dashes[k] ?? 0;
    seq = true;
  }
  for (let i = lineIndex - 1; i >= 0 && (col > 0 || seq); i--) {
    const text = lines[i] ?? '';
    if (/^(---|\.\.\.)(\s|$)/.test(text)) break;
    const l = shape(text);
    if (!l) continue;
    const indent = l.dashes[0] ?? l.keyCol;
    if (seq) {
      if (l.dashes.length > 0 && indent === col) continue; // a sibling item
      if (indent > col) continue; // inside an earlier item
      if (l.key === undefined || l.inlineValue) return null;
    } else {
      if (l.dashes.length > 0 && l.keyCol === col) {
        // the first key of the item our mapping is
        for (let k = l.dashes.length - 1; k >= 0; k--) path.unshift(ITEM);
        col = indent;
        seq = true;
        continue;
      }
      if (l.keyCol >= col) continue; // a sibling or something deeper
      if (l.key === undefined || l.inlineValue) return null;
    }
    path.unshift(l.key);
    col = l.keyCol;
    seq = false;
    if (l.dashes.length > 0) {
      for (let k = l.dashes.length - 1; k >= 0; k--) path.unshift(ITEM);
      col = indent;
      seq = true;
    }
  }
  return { path, prefix: m[3] ?? '', column: cur.keyCol };
}

/** apiVersion and kind of the document the line is in (top-level `key: value` lines) */
export function documentKind(lines: readonly string[], lineIndex: number): { apiVersion?: string; kind?: string } {
  let start = lineIndex;
  while (start > 0 && !/^---(\s|$)/.test(lines[start] ?? '')) start--;
  const out: { apiVersion?: string; kind?: string } = {};
  for (let i = start; i < lines.length; i++) {
    const text = lines[i] ?? '';
    if (i > start && /^---(\s|$)/.test(text)) break;
    const m = /^(apiVersion|kind):\s*["']?([^"'\s#]+)/.exec(text);
    if (m?.[1] === 'apiVersion') out.apiVersion = m[2];
    if (m?.[1] === 'kind') out.kind = m[2];
  }
  return out;
}

/** the fields a mapping at `path` may have, or null when the schema does not say */
export function fieldsAt(schema: ManifestSchema, apiVersion: string | undefined, kind: string | undefined, path: readonly Step[]): Record<string, SchemaField> | null {
  const k = apiVersion !== undefined && kind !== undefined ? findKind(schema, apiVersion, kind) : undefined;
  if (!k?.type) return null;
  let type: FieldType = { t: 'object', ref: k.type };
  for (const step of path) {
    if (step === ITEM) {
      if (type.t !== 'array') return null;
      type = type.items;
    } else if (type.t === 'object') {
      const f: SchemaField | undefined = schema.types[type.ref]?.fields[step];
      if (!f) return null;
      type = f.type;
    } else if (type.t === 'map') {
      type = type.values;
    } else return null;
  }
  return type.t === 'object' ? (schema.types[type.ref]?.fields ?? null) : null;
}

/** a short type label for the completion list (`[]Container`, `map[string]string`, `integer`) */
export function typeLabel(t: FieldType): string {
  switch (t.t) {
    case 'object':
      return t.ref.slice(t.ref.lastIndexOf('.') + 1);
    case 'array':
      return `[]${typeLabel(t.items)}`;
    case 'map':
      return `map[string]${typeLabel(t.values)}`;
    default:
      return t.t;
  }
}
