// Splits the editor's text into documents with the same parser the renderer uses (eemeli
// `yaml`), so document indices agree on both sides. Empty documents (only comments, a
// trailing `---`) are skipped but keep their place in the numbering. A document that is not
// a Kubernetes object is a 400 BadRequest, as the API server answers a body it cannot decode.
import { parseAllDocuments } from 'yaml';
import { failureStatus } from '../../common/bridge/contract.js';
import type { DocRef } from '../../common/bridge/manifests.js';
import type { KubeObject, Status } from '../../common/kube-types.js';

export type ParsedDoc = { index: number; ok: true; object: KubeObject; ref: DocRef } | { index: number; ok: false; ref: DocRef | null; status: Status };

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

export function refOf(obj: Record<string, unknown>): DocRef | null {
  const apiVersion = str(obj['apiVersion']);
  const kind = str(obj['kind']);
  if (apiVersion === undefined || kind === undefined) return null;
  const meta = (typeof obj['metadata'] === 'object' && obj['metadata'] !== null ? obj['metadata'] : {}) as Record<string, unknown>;
  const name = str(meta['name']);
  const namespace = str(meta['namespace']);
  return { apiVersion, kind, ...(name !== undefined ? { name } : {}), ...(namespace !== undefined ? { namespace } : {}) };
}

export function splitDocuments(text: string): ParsedDoc[] {
  const out: ParsedDoc[] = [];
  parseAllDocuments(text).forEach((doc, index) => {
    const first = doc.errors[0];
    if (first) {
      out.push({ index, ok: false, ref: null, status: failureStatus(400, 'BadRequest', `error converting YAML to JSON: ${first.message}`) });
      return;
    }
    const value: unknown = doc.toJS({ maxAliasCount: 100 });
    if (value === null || value === undefined) return; // an empty document (a comment, a trailing ---)
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      out.push({ index, ok: false, ref: null, status: failureStatus(400, 'BadRequest', 'error: the document is not a mapping (apiVersion, kind, metadata, spec)') });
      return;
    }
    const obj = value as Record<string, unknown>;
    const ref = refOf(obj);
    if (!ref) {
      // kubectl's own words when a document lacks them
      const missing = [obj['apiVersion'] === undefined ? 'apiVersion not set' : '', obj['kind'] === undefined ? 'kind not set' : ''].filter(Boolean);
      out.push({ index, ok: false, ref: null, status: failureStatus(400, 'BadRequest', `error validating data: [${missing.join(', ') || 'apiVersion and kind must be strings'}]`) });
      return;
    }
    out.push({ index, ok: true, object: obj as unknown as KubeObject, ref });
  });
  return out;
}
