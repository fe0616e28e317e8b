// The CodeMirror 6 pieces of the editor: YAML, the schema linter, field completion, and the
// API server's own diagnostics. CodeMirror 6 rather than Monaco: it runs under the app's
// strict CSP (no web workers from blob:, no eval; its styles go in through CSSOM), it is
// small and stays inside the one renderer bundle, while Monaco wants workers and is ~5 MB.
// The schema comes from main (manifests:schema: the API server's /openapi/v3, reduced);
// the React side keeps it and the translator in refs the extensions read on each run.
import { autocompletion, closeBrackets, closeBracketsKeymap, completionKeymap } from '@codemirror/autocomplete';
import type { Completion, CompletionContext, CompletionResult } from '@codemirror/autocomplete';
import { defaultKeymap, history, historyKeymap, indentWithTab } from '@codemirror/commands';
import { yaml } from '@codemirror/lang-yaml';
import { bracketMatching, defaultHighlightStyle, foldGutter, indentOnInput, indentUnit, syntaxHighlighting } from '@codemirror/language';
import { linter, lintGutter, lintKeymap } from '@codemirror/lint';
import type { Diagnostic } from '@codemirror/lint';
import { highlightSelectionMatches, searchKeymap } from '@codemirror/search';
import { EditorState, StateEffect, StateField } from '@codemirror/state';
import type { Extension } from '@codemirror/state';
import { EditorView, drawSelection, highlightActiveLine, highlightActiveLineGutter, keymap, lineNumbers } from '@codemirror/view';
import type { ManifestSchema } from '../../../main/common/bridge/manifests.js';
import { documentKind, fieldsAt, keyContext, typeLabel } from './completion-path.js';
import { lintManifests } from './schema-lint.js';
import type { LocalDiagnostic } from './schema-lint.js';

/** a problem the API server reported, placed on the text it was about */
export interface ServerDiagnostic {
  from: number;
  to: number;
  message: string;
}

export const setServerDiagnostics = StateEffect.define<ServerDiagnostic[]>();

/** the API server's diagnostics, moved along with edits until the next request replaces them */
export const serverDiagnostics = StateField.define<ServerDiagnostic[]>({
  create: () => [],
  update(value, tr) {
    let next = value;
    for (const e of tr.effects) if (e.is(setServerDiagnostics)) next = e.value;
    if (tr.docChanged && next.length > 0) next = next.map((d) => ({ ...d, from: tr.changes.mapPos(d.from, 1), to: tr.changes.mapPos(d.to, 1) }));
    return next;
  },
});

export interface EditorContext {
  schema: ManifestSchema | null;
  /** translates a local diagnostic (i18n key + values) into the UI language */
  describe: (d: LocalDiagnostic) => string;
  /** the source label shown for API server diagnostics */
  apiSource: string;
  schemaSource: string;
}

function diagnostics(state: EditorState, ctx: EditorContext): Diagnostic[] {
  const len = state.doc.length;
  const clamp = (n: number): number => Math.max(0, Math.min(len, n));
  const local: Diagnostic[] = lintManifests(state.doc.toString(), ctx.schema).map((d) => ({ from: clamp(d.from), to: clamp(d.to), severity: d.severity, message: ctx.describe(d), source: ctx.schemaSource }));
  const server: Diagnostic[] = state.field(serverDiagnostics).map((d) => ({ from: clamp(d.from), to: clamp(d.to), severity: 'error', message: d.message, source: ctx.apiSource }));
  return [...server, ...local];
}

function completeFields(context: CompletionContext, ctx: EditorContext): CompletionResult | null {
  const schema = ctx.schema;
  if (!schema) return null;
  const line = context.state.doc.lineAt(context.pos);
  const before = line.text.slice(0, context.pos - line.from);
  const lines = context.state.doc.toString().split('\n');
  // values: `kind:` and `apiVersion:` at the top of a document
  const value = /^(kind|apiVersion):\s*(\S*)$/.exec(before);
  if (value) {
    const typed = value[2] ?? '';
    const key = value[1] === 'kind' ? 'kind' : 'apiVersion';
    const options = [...new Set(schema.kinds.map((k) => k[key]))].map((label): Completion => ({ label, type: 'constant' }));
    return { from: context.pos - typed.length, options, validFor: /^[\w./-]*$/ };
  }
  const at = keyContext(lines, line.number - 1, before);
  if (!at) return null;
  if (!context.explicit && at.prefix === '' && !/-\s+$/.test(before)) return null;
  const { apiVersion, kind } = documentKind(lines, line.number - 1);
  const fields = at.path.length === 0 && (apiVersion === undefined || kind === undefined) ? { apiVersion: null, kind: null, metadata: null, spec: null } : fieldsAt(schema, apiVersion, kind, at.path);
  if (!fields) return null;
  const indent = ' '.repeat(at.column);
  const options = Object.entries(fields).map(([name, f]): Completion => {
    const t = f?.type;
    // objects open a nested block, lists of objects start their first `- ` item (the seeds' style)
    const apply = t?.t === 'object' || t?.t === 'map' ? `${name}:\n${indent}  ` : t?.t === 'array' && t.items.t === 'object' ? `${name}:\n${indent}- ` : `${name}: `;
    return { label: name, type: 'property', apply, ...(t ? { detail: typeLabel(t) } : {}), ...(f?.description ? { info: f.description } : {}), boost: f?.required ? 1 : 0 };
  });
  return { from: context.pos - at.prefix.length, options, validFor: /^[\w.-]*$/ };
}

export function editorExtensions(ctx: { current: EditorContext }, onChange: (text: string) => void): Extension[] {
  return [
    lineNumbers(),
    highlightActiveLineGutter(),
    foldGutter(),
    lintGutter(),
    history(),
    drawSelection(),
    indentOnInput(),
    bracketMatching(),
    closeBrackets(),
    highlightActiveLine(),
    highlightSelectionMatches(),
    syntaxHighlighting(defaultHighlightStyle, { fallback: true }),
    EditorState.tabSize.of(2),
    indentUnit.of('  '),
    yaml(),
    serverDiagnostics,
    linter((view) => diagnostics(view.state, ctx.current), { delay: 250, needsRefresh: (u) => u.transactions.some((tr) => tr.effects.some((e) => e.is(setServerDiagnostics))) }),
    autocompletion({ override: [(c) => completeFields(c, ctx.current)], icons: false }),
    keymap.of([...closeBracketsKeymap, ...defaultKeymap, ...searchKeymap, ...historyKeymap, ...completionKeymap, ...lintKeymap, indentWithTab]),
    EditorState.allowMultipleSelections.of(true),
    // keep React's copy of the text current (save, run, templates read it)
    EditorView.updateListener.of((u) => {
      if (u.docChanged) onChange(u.state.doc.toString());
    }),
  ];
}

/** read-only YAML for the diff panes */
export function readOnlyYaml(): Extension[] {
  return [lineNumbers(), yaml(), syntaxHighlighting(defaultHighlightStyle, { fallback: true }), EditorState.readOnly.of(true), EditorView.editable.of(false)];
}
