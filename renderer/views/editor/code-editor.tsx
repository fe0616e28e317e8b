// The CodeMirror 6 editor as a React component: created once, driven through a small
// handle (text, server diagnostics, cursor), translated through CodeMirror's phrases.
import { Compartment, EditorState } from '@codemirror/state';
import { EditorView } from '@codemirror/view';
import { forceLinting } from '@codemirror/lint';
import { useEffect, useMemo, useRef } from 'react';
import type { ReactNode, RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { editorExtensions, setServerDiagnostics } from './cm-extensions.js';
import type { EditorContext, ServerDiagnostic } from './cm-extensions.js';
import { editorTheme, shadowHost } from './shadow-host.js';

/** what the view may do to the editor */
export interface EditorHandle {
  text(): string;
  setText(text: string): void;
  setServerDiagnostics(list: ServerDiagnostic[]): void;
  /** moves the cursor to the start of a line (1-based) and focuses the editor */
  goToLine(line: number): void;
  cursor(): number;
  /** re-runs the linter (the schema arrived, the language changed) */
  relint(): void;
}

/** CodeMirror's own UI words, in the UI's language */
export function usePhrases(): Record<string, string> {
  const { t, i18n } = useTranslation();
  return useMemo(() => Object.fromEntries(Object.entries(CM_PHRASES).map(([phrase, key]) => [phrase, t(`editor.cm.${key}`)])), [t, i18n.language]);
}

const CM_PHRASES: Record<string, string> = {
    Diagnostics: 'diagnostics',
    'No diagnostics': 'noDiagnostics',
    close: 'close',
    'folded code': 'foldedCode',
    unfold: 'unfold',
    'Fold line': 'foldLine',
    'Unfold line': 'unfoldLine',
    '$ unchanged lines': 'unchangedLines',
    Find: 'find',
    Replace: 'replace',
    next: 'next',
    previous: 'previous',
    all: 'all',
    'match case': 'matchCase',
    regexp: 'regexp',
    'by word': 'byWord',
    'replace all': 'replaceAll',
    Completions: 'completions',
    'Go to line': 'goToLine',
};

export function CodeEditor({ initial, context, handle, onChange }: { initial: string; context: RefObject<EditorContext>; handle: RefObject<EditorHandle | null>; onChange: (text: string) => void }): ReactNode {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const phrases = useRef(new Compartment());
  const currentPhrases = usePhrases();
  const change = useRef(onChange);
  change.current = onChange;

  useEffect(() => {
    if (!host.current) return;
    const { root, parent } = shadowHost(host.current);
    const v = new EditorView({
      root,
      parent,
      state: EditorState.create({ doc: initial, extensions: [editorExtensions(context, (text) => change.current(text)), editorTheme, phrases.current.of(EditorState.phrases.of(currentPhrases))] }),
    });
    view.current = v;
    handle.current = {
      text: () => v.state.doc.toString(),
      setText: (text) => v.dispatch({ changes: { from: 0, to: v.state.doc.length, insert: text }, effects: setServerDiagnostics.of([]), selection: { anchor: 0 } }),
      setServerDiagnostics: (list) => v.dispatch({ effects: setServerDiagnostics.of(list) }),
      goToLine: (line) => {
        const l = v.state.doc.line(Math.max(1, Math.min(v.state.doc.lines, line)));
        v.dispatch({ selection: { anchor: l.from }, scrollIntoView: true });
        v.focus();
      },
      cursor: () => v.state.selection.main.head,
      relint: () => forceLinting(v),
    };
    return () => {
      v.destroy();
      view.current = null;
      handle.current = null;
    };
    // created once: later props reach it through refs
  }, []);

  useEffect(() => {
    view.current?.dispatch({ effects: phrases.current.reconfigure(EditorState.phrases.of(currentPhrases)) });
    if (view.current) forceLinting(view.current);
  }, [currentPhrases]);

  return <div className="code-editor" data-raw ref={host} />;
}
