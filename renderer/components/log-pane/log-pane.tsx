// A read-only log in xterm.js on a LogSource: the last part of the log, then whatever is
// appended (follow keeps the newest line in view; off, the view stays where you scrolled),
// search with match count (addon-search), and copy (the selection, or the whole log).
// The log is raw node data (data-raw: the Korean scan skips it).
import { useEffect, useState } from 'react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { describeError } from '../../bridge/bridge-client.js';
import { useConnection } from '../../bridge/bridge-context.js';
import { useXterm, XTERM_THEME } from '../terminal/use-xterm.js';
import type { LogSource } from './log-source.js';
import '../terminal/terminal.css';

export interface LogPaneProps {
  source: LogSource;
  /** the accessible name of the log (e.g. "Log: agent on node-1") */
  label: string;
}

type PaneState = { kind: 'opening' } | { kind: 'live'; title: string } | { kind: 'ended'; title: string; reason: string } | { kind: 'failed'; error: string };

// match backgrounds are RGB cell colours: xterm writes them as style="" (made CSP-safe in
// ../terminal/csp-document.ts)
const DECORATIONS = { matchBackground: '#854d0e', activeMatchBackground: '#ca8a04', matchOverviewRuler: '#ca8a04', activeMatchColorOverviewRuler: '#facc15' };

export function LogPane({ source, label }: LogPaneProps): ReactNode {
  const { t } = useTranslation();
  const { state: connection, generation } = useConnection();
  const [pane, setPane] = useState<PaneState>({ kind: 'opening' });
  const [follow, setFollow] = useState(true);
  const [query, setQuery] = useState('');
  const [matches, setMatches] = useState<{ index: number; count: number } | undefined>();
  const [copied, setCopied] = useState<number | undefined>();
  // follow is read inside the write callback: a ref keeps the effect from reopening the log
  const followRef = useFollowRef(follow);
  const { ref, parts } = useXterm({ disableStdin: true, convertEol: true, cursorBlink: false, cursorInactiveStyle: 'none', theme: { ...XTERM_THEME, cursor: XTERM_THEME.background } });

  useEffect(() => {
    if (!parts || connection !== 'open') return;
    const { term } = parts;
    let cancelled = false;
    let id: string | undefined;
    const early = new Map<string, string[]>();
    term.reset();
    setPane({ kind: 'opening' });
    const write = (data: string): void => term.write(data, () => followRef.current && term.scrollToBottom());
    const offData = source.onData((sid, data) => {
      if (sid === id) write(data);
      else if (id === undefined) early.set(sid, [...(early.get(sid) ?? []), data]);
    });
    const offEnd = source.onEnd((sid, reason) => sid === id && setPane((p) => ({ kind: 'ended', title: p.kind === 'live' ? p.title : '', reason })));
    source.open().then(
      ({ streamId, title }) => {
        if (cancelled) return void source.close(streamId).catch(() => undefined);
        id = streamId;
        for (const d of early.get(streamId) ?? []) write(d);
        early.clear();
        setPane((p) => (p.kind === 'ended' ? p : { kind: 'live', title }));
      },
      (e: unknown) => !cancelled && setPane({ kind: 'failed', error: describeError(e) }),
    );
    return () => {
      cancelled = true;
      offData();
      offEnd();
      if (id) void source.close(id).catch(() => undefined);
    };
  }, [parts, source, connection, generation]);

  useEffect(() => {
    if (follow) parts?.term.scrollToBottom();
  }, [follow, parts]);

  useEffect(() => {
    if (!parts) return;
    const sub = parts.search.onDidChangeResults((r) => setMatches({ index: r.resultIndex, count: r.resultCount }));
    return () => sub.dispose();
  }, [parts]);

  const find = (backwards: boolean): void => {
    if (!parts) return;
    if (!query) {
      parts.search.clearDecorations();
      setMatches(undefined);
      return;
    }
    setFollow(false); // looking at a match: do not jump away from it
    const opts = { decorations: DECORATIONS };
    if (backwards) parts.search.findPrevious(query, opts);
    else parts.search.findNext(query, opts);
  };

  const copy = (): void => {
    if (!parts) return;
    const { term } = parts;
    let text = term.getSelection();
    if (!text) {
      term.selectAll();
      text = term.getSelection();
      term.clearSelection();
    }
    navigator.clipboard.writeText(text).then(
      () => setCopied(text.split('\n').length),
      () => setCopied(-1),
    );
  };

  const title = pane.kind === 'live' || pane.kind === 'ended' ? pane.title : '';
  return (
    <div className="log-pane" data-state={pane.kind}>
      <div className="pane-bar">
        <span className="pane-status">
          {pane.kind === 'opening' && t('nodes.pane.opening')}
          {pane.kind === 'live' && `● ${t('nodes.pane.following')}`}
          {pane.kind === 'ended' && (
            <>
              {t('nodes.pane.ended')}: <span data-raw="">{pane.reason}</span>
            </>
          )}
          {pane.kind === 'failed' && (
            <span className="error">
              {t('error.title')}: <span data-raw="">{pane.error}</span>
            </span>
          )}
        </span>
        <label>
          <input type="checkbox" checked={follow} onChange={(e) => setFollow(e.target.checked)} /> {t('nodes.pane.follow')}
        </label>
        <input
          type="search"
          className="log-search"
          aria-label={t('nodes.pane.search')}
          placeholder={t('nodes.pane.search')}
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          onKeyDown={(e) => e.key === 'Enter' && find(e.shiftKey)}
        />
        <button type="button" onClick={() => find(true)} aria-label={t('nodes.pane.previous')}>
          ↑
        </button>
        <button type="button" onClick={() => find(false)} aria-label={t('nodes.pane.next')}>
          ↓
        </button>
        {matches && (
          <span className="search-count" data-count={matches.count}>
            {matches.count === 0 ? t('nodes.pane.noMatches') : t('nodes.pane.matches', { index: matches.index + 1, count: matches.count })}
          </span>
        )}
        <button type="button" onClick={copy}>
          {t('nodes.pane.copy')}
        </button>
        <button type="button" onClick={() => parts?.term.clear()}>
          {t('nodes.pane.clear')}
        </button>
        {copied !== undefined && <span className="muted">{copied < 0 ? t('nodes.pane.copyFailed') : t('nodes.pane.copied', { count: copied })}</span>}
      </div>
      {title && (
        <code className="pane-title" data-raw="">
          $ {title}
        </code>
      )}
      <div className="xterm-host" ref={ref} data-raw="" role="log" aria-label={label} />
    </div>
  );
}

function useFollowRef(follow: boolean): { current: boolean } {
  const [box] = useState(() => ({ current: follow }));
  box.current = follow;
  return box;
}
