// One xterm.js terminal mounted in a div for the life of the component, fitted to the
// div (addon-fit, refitted when the div changes size), with the search addon loaded.
// Shared by the terminal pane and the read-only log pane.
import { FitAddon } from '@xterm/addon-fit';
import { SearchAddon } from '@xterm/addon-search';
import { Terminal } from '@xterm/xterm';
import type { ITerminalOptions } from '@xterm/xterm';
import '@xterm/xterm/css/xterm.css';
import { useEffect, useRef, useState } from 'react';
import type { RefObject } from 'react';
import { cspSafeDocument, shimRowFactory, whileOpening } from './csp-document.js';

export interface XtermParts {
  term: Terminal;
  fit: FitAddon;
  search: SearchAddon;
}

/** the colours of the app's dark code blocks (.manifest in app.css) */
export const XTERM_THEME = { background: '#0f172a', foreground: '#e2e8f0', cursor: '#e2e8f0', selectionBackground: '#334155' } as const;

export function useXterm(options: ITerminalOptions, onResize?: (cols: number, rows: number) => void): { ref: RefObject<HTMLDivElement | null>; parts: XtermParts | undefined } {
  const ref = useRef<HTMLDivElement | null>(null);
  const [parts, setParts] = useState<XtermParts | undefined>();
  const resizeRef = useRef(onResize);
  resizeRef.current = onResize;
  // options are read once: a terminal keeps its settings for its life
  const optionsRef = useRef(options);

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const term = new Terminal({
      fontFamily: "ui-monospace, 'D2Coding', 'Noto Sans Mono CJK KR', monospace",
      fontSize: 13,
      scrollback: 10_000,
      allowProposedApi: true, // search decorations (match count)
      theme: XTERM_THEME,
      ...optionsRef.current,
      documentOverride: cspSafeDocument(el.ownerDocument),
    });
    const fit = new FitAddon();
    const search = new SearchAddon();
    term.loadAddon(fit);
    term.loadAddon(search);
    whileOpening(el.ownerDocument, () => term.open(el));
    shimRowFactory(term, el.ownerDocument);
    const refit = (): void => {
      if (el.clientWidth === 0 || el.clientHeight === 0) return;
      try {
        fit.fit();
      } catch {
        // not laid out yet
      }
    };
    refit();
    const sized = term.onResize(({ cols, rows }) => resizeRef.current?.(cols, rows));
    const observer = new ResizeObserver(refit);
    observer.observe(el);
    setParts({ term, fit, search });
    return () => {
      observer.disconnect();
      sized.dispose();
      term.dispose();
      setParts(undefined);
    };
  }, []);

  return { ref, parts };
}
