// CodeMirror's styles go in through style-mod, which uses a <style> element when mounted in
// the document (blocked by our CSP, style-src 'self' with no nonce) but constructable
// stylesheets (adoptedStyleSheets, allowed) inside a shadow root. So each editor lives in an
// open shadow root; its look comes from EditorView.theme (editorTheme), not from editor.css.
import { EditorView } from '@codemirror/view';

export function shadowHost(host: HTMLElement): { root: ShadowRoot; parent: HTMLElement } {
  const root = host.shadowRoot ?? host.attachShadow({ mode: 'open' });
  root.replaceChildren();
  const parent = document.createElement('div');
  parent.className = 'cm-host';
  root.appendChild(parent);
  return { root, parent };
}

const MONO = "ui-monospace, 'D2Coding', monospace";

/** the editor's look, as CodeMirror wants it (CSSOM, inside the shadow root) */
export const editorTheme = EditorView.theme({
  '&': { height: '58vh', fontSize: '13px', backgroundColor: '#fff' },
  '&.cm-focused': { outline: '2px solid #c9d7f8' },
  '.cm-scroller': { fontFamily: MONO },
  '.cm-tooltip': { fontFamily: 'system-ui, sans-serif', fontSize: '12px' },
  '.cm-tooltip.cm-tooltip-autocomplete > ul': { fontFamily: MONO },
  '.cm-completionInfo': { maxWidth: '360px', whiteSpace: 'normal' },
});

export const mergeTheme = EditorView.theme({
  '&': { fontSize: '12px', backgroundColor: '#fff' },
  '.cm-scroller': { fontFamily: MONO },
});
