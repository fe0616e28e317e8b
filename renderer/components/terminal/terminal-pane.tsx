// An interactive terminal (xterm.js) on a TerminalSource: opens a shell sized to the pane,
// sends keystrokes and size changes, shows the output until the shell exits, and offers to
// start a new one. Output is raw node data (data-raw: the Korean scan skips it).
import { useEffect, useRef, useState } from 'react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { TERMINAL_LIMITS } from '../../../main/common/bridge/nodes.js';
import { describeError } from '../../bridge/bridge-client.js';
import { useConnection } from '../../bridge/bridge-context.js';
import type { TerminalSource } from './terminal-source.js';
import { useXterm } from './use-xterm.js';
import './terminal.css';

export interface TerminalPaneProps {
  source: TerminalSource;
  /** the accessible name of the terminal (e.g. "Terminal: node-1") */
  label: string;
}

type PaneState = { kind: 'opening' } | { kind: 'open' } | { kind: 'exited'; reason: string } | { kind: 'failed'; error: string };

export function TerminalPane({ source, label }: TerminalPaneProps): ReactNode {
  const { t } = useTranslation();
  const { state: connection, generation } = useConnection();
  const idRef = useRef<string | undefined>(undefined);
  const [pane, setPane] = useState<PaneState>({ kind: 'opening' });
  const [session, setSession] = useState(0);
  const { ref, parts } = useXterm({ cursorBlink: true }, (cols, rows) => {
    const id = idRef.current;
    if (id) void source.resize(id, cols, rows).catch(() => undefined);
  });

  useEffect(() => {
    if (!parts || connection !== 'open') return;
    const { term } = parts;
    let cancelled = false;
    let id: string | undefined;
    // output that arrives before open() resolves, by stream id
    const early = new Map<string, string[]>();
    setPane({ kind: 'opening' });
    term.reset();
    const offData = source.onData((sid, data) => {
      if (sid === id) term.write(data);
      else if (id === undefined) early.set(sid, [...(early.get(sid) ?? []), data]);
    });
    const offExit = source.onExit((sid, _code, reason) => {
      if (sid !== id) return;
      idRef.current = undefined;
      id = undefined;
      setPane({ kind: 'exited', reason });
    });
    const typed = term.onData((data) => {
      if (!id) return;
      // a paste larger than one call may carry goes in pieces, in order
      let chain = Promise.resolve<unknown>(undefined);
      for (let i = 0; i < data.length; i += TERMINAL_LIMITS.maxInput) {
        const piece = data.slice(i, i + TERMINAL_LIMITS.maxInput);
        const sid = id;
        chain = chain.then(() => source.input(sid, piece));
      }
      void chain.catch(() => undefined);
    });
    source.open(term.cols, term.rows).then(
      (sid) => {
        if (cancelled) return void source.close(sid).catch(() => undefined);
        id = sid;
        idRef.current = sid;
        for (const d of early.get(sid) ?? []) term.write(d);
        early.clear();
        setPane({ kind: 'open' });
        term.focus();
      },
      (e: unknown) => !cancelled && setPane({ kind: 'failed', error: describeError(e) }),
    );
    return () => {
      cancelled = true;
      offData();
      offExit();
      typed.dispose();
      if (id) void source.close(id).catch(() => undefined);
      idRef.current = undefined;
    };
    // a new connection is a new session on the main side: open a new shell
  }, [parts, source, connection, generation, session]);

  return (
    <div className="terminal-pane" data-state={pane.kind}>
      <div className="pane-bar">
        <span className="pane-status">
          {pane.kind === 'opening' && t('nodes.pane.opening')}
          {pane.kind === 'open' && t('nodes.pane.connected')}
          {pane.kind === 'exited' && (
            <>
              {t('nodes.pane.exited')}: <span data-raw="">{pane.reason}</span>
            </>
          )}
          {pane.kind === 'failed' && (
            <span className="error">
              {t('error.title')}: <span data-raw="">{pane.error}</span>
            </span>
          )}
        </span>
        {(pane.kind === 'exited' || pane.kind === 'failed') && (
          <button type="button" onClick={() => setSession((n) => n + 1)}>
            {t('nodes.pane.newShell')}
          </button>
        )}
      </div>
      <div className="xterm-host" ref={ref} data-raw="" role="group" aria-label={label} />
    </div>
  );
}
