// Maps an API server error back onto the YAML the user wrote: a Status's
// `details.causes[].field` (`spec.replicas`), or the paths in a strict decoding message
// (`unknown field "spec.containers[0].imagee"`, which has no causes), become a node in the
// AST of that document (eemeli `yaml`, with source ranges) and so a line. When the path
// runs out (a required field that is missing), the deepest existing ancestor is marked.
import { isMap, isScalar, isSeq, parseAllDocuments } from 'yaml';
import type { Document, Node as YamlNode } from 'yaml';
import type { Status } from '../../../main/common/kube-types.js';

export type PathSegment = string | number;

/** `spec.containers[0].ports[1].containerPort`, `metadata.labels[app.kubernetes.io/name]` */
export function parseFieldPath(path: string): PathSegment[] {
  const out: PathSegment[] = [];
  let i = 0;
  while (i < path.length) {
    const c = path[i];
    if (c === '.') {
      i++;
    } else if (c === '[') {
      const end = path.indexOf(']', i);
      const inner = path.slice(i + 1, end < 0 ? path.length : end);
      out.push(/^\d+$/.test(inner) ? Number(inner) : inner);
      i = end < 0 ? path.length : end + 1;
    } else {
      let j = i;
      while (j < path.length && path[j] !== '.' && path[j] !== '[') j++;
      out.push(path.slice(i, j));
      i = j;
    }
  }
  return out;
}

export interface Located {
  from: number;
  to: number;
  /** false when only an ancestor of the path exists in the text */
  exact: boolean;
}

function keyText(k: unknown): string | undefined {
  return isScalar(k) ? String(k.value) : undefined;
}

/** the node a path names in one parsed document (the key of a mapping entry, the item of a list) */
export function locateInDocument(doc: Document.Parsed, segments: readonly PathSegment[]): Located {
  const [start, end] = doc.range;
  let at: Located = { from: start, to: Math.max(start, Math.min(end, start + 1)), exact: segments.length === 0 };
  const contents = doc.contents;
  if (contents?.range) at = { from: contents.range[0], to: contents.range[1], exact: segments.length === 0 };
  let node: unknown = contents;
  for (const [i, seg] of segments.entries()) {
    const last = i === segments.length - 1;
    if (isMap(node)) {
      const pair = node.items.find((p) => keyText(p.key) === String(seg));
      const key = pair?.key as YamlNode | undefined;
      if (!pair || !key?.range) return { ...at, exact: false };
      at = { from: key.range[0], to: key.range[1], exact: last };
      node = pair.value;
    } else if (isSeq(node) && typeof seg === 'number') {
      const item = node.items[seg] as YamlNode | undefined;
      if (!item?.range) return { ...at, exact: false };
      // a list item that is a mapping starts at its first key: mark that, not the whole item
      const firstKey = isMap(item) ? (item.items[0]?.key as YamlNode | undefined) : undefined;
      const r = firstKey?.range ?? item.range;
      at = { from: r[0], to: r[1], exact: last };
      node = item;
    } else {
      return { ...at, exact: false };
    }
  }
  return at;
}

/** the same documents main splits (see main/bridge/manifests/documents.ts): index = position */
export function parseDocuments(text: string): Document.Parsed[] {
  return parseAllDocuments(text) as Document.Parsed[];
}

export function locate(text: string, index: number, path: string | undefined): Located | null {
  const doc = parseDocuments(text)[index];
  if (!doc) return null;
  return locateInDocument(doc, path === undefined ? [] : parseFieldPath(path));
}

export interface StatusProblem {
  /** a field path, or undefined for the document as a whole */
  path?: string;
  message: string;
}

/**
 * One problem per field the Status names. Invalid (422) carries `details.causes`; a strict
 * decoding error (400) names its fields only in the message, as kube-apiserver writes it.
 */
export function statusProblems(status: Status): StatusProblem[] {
  const causes = (status.details?.causes ?? []).filter((c) => c.field);
  if (causes.length > 0) return causes.map((c) => ({ path: c.field, message: `${c.field ?? ''}: ${c.message ?? c.reason ?? ''}` }));
  const message = status.message ?? `${status.code} ${status.reason ?? ''}`;
  const strict = [...message.matchAll(/(unknown|duplicate) field "([^"]+)"/g)];
  if (strict.length > 0) return strict.map((m) => ({ path: m[2], message: `strict decoding error: ${m[1] ?? ''} field "${m[2] ?? ''}"` }));
  return [{ message }];
}
