// `kubectl edit`'s text: the object as YAML the way kubectl writes it (sigs.k8s.io/yaml:
// keys sorted, list items not indented under their key, managedFields hidden), and the
// edited text read back with kubectl's checks before anything is sent.
import { parseAllDocuments, stringify } from 'yaml';
import type { KubeObject } from '../../common/kube-types.js';

/** kubectl get -o yaml / kubectl edit hide managedFields (--show-managed-fields=false) */
export function withoutManagedFields(obj: KubeObject): KubeObject {
  const { managedFields: _hidden, ...metadata } = obj.metadata;
  return { ...obj, metadata };
}

export function toEditYaml(obj: KubeObject): string {
  return stringify(withoutManagedFields(obj), { sortMapEntries: true, indentSeq: false, lineWidth: 0 });
}

/** what kubectl edit does with the saved text */
export type EditOutcome = { cancelled: string } | { object: KubeObject } | { error: string };

/** parses the edited text; `original` is the object the edit started from (apiVersion, kind, name) */
export function readEdited(text: string, original: { apiVersion?: string; kind?: string; name: string }): EditOutcome {
  // kubectl edit: an empty file (comments aside) aborts the edit
  if (text.split('\n').every((l) => l.trim() === '' || l.trimStart().startsWith('#'))) return { cancelled: 'Edit cancelled, saved file was empty.' };
  const docs = parseAllDocuments(text);
  if (!Array.isArray(docs)) return { error: 'error parsing the edited YAML: no document' };
  if (docs.length !== 1) return { error: `error parsing the edited YAML: expected one object, found ${docs.length} documents` };
  const doc = docs[0];
  const problem = doc?.errors[0];
  if (doc === undefined || problem !== undefined) return { error: `error parsing the edited YAML: ${problem?.message ?? 'no document'}` };
  const value: unknown = doc.toJS();
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { error: 'error parsing the edited YAML: the object must be a mapping' };
  const obj = value as KubeObject;
  if (typeof obj.metadata !== 'object' || obj.metadata === null) return { error: 'Object \'metadata\' is missing' };
  // kubectl edit refuses an edit that turns the object into another one
  if (obj.apiVersion !== original.apiVersion || obj.kind !== original.kind || obj.metadata.name !== original.name) {
    return { error: 'At least one of apiVersion, kind and name was changed' };
  }
  return { object: obj };
}
