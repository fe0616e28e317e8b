// The manifest editor: YAML with the API server's schema (lint and completion as you type),
// multi-document text, the seeds' templates, files on disk, a live object to start from,
// and the API server's answer per document — dry run, diff, apply, create, replace — with
// its errors placed on the line they are about. Deciding is main's job (manifests:*).
import { useDeferredValue, useEffect, useMemo, useRef, useState } from 'react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { DocDiff, ManifestAction, ManifestRun } from '../../../main/common/bridge/manifests.js';
import { describeError } from '../../bridge/bridge-client.js';
import { useBridge } from '../../bridge/bridge-context.js';
import type { EditorContext } from './cm-extensions.js';
import { CodeEditor } from './code-editor.js';
import type { EditorHandle } from './code-editor.js';
import { DiffPane } from './diff-pane.js';
import { parseDocuments } from './field-path.js';
import { FileButtons } from './file-buttons.js';
import { LoadLive } from './load-live.js';
import { lineOf, mapResults } from './run-results.js';
import type { RunMessage } from './run-results.js';
import { lintManifests } from './schema-lint.js';
import { TEMPLATES, TEMPLATE_IDS } from './templates.js';
import type { TemplateId } from './templates.js';
import { useManifestSchema } from './use-manifest-schema.js';
import './editor.css';

/** a dry run is the apply's (`kubectl apply --dry-run=server`): the server-side apply not stored */
const ACTION_CHANNELS = { apply: 'manifests:apply', create: 'manifests:create', replace: 'manifests:replace' } as const satisfies Record<ManifestAction, string>;

type Notice = { key: 'opened'; file: string } | { key: 'loaded'; what: string } | null;

export function EditorView(): ReactNode {
  const { t } = useTranslation();
  const client = useBridge();
  const schemaState = useManifestSchema();
  const schema = schemaState.state === 'ready' ? schemaState.schema : null;
  const editor = useRef<EditorHandle | null>(null);
  const [text, setText] = useState(TEMPLATES.pod);
  const [fileName, setFileName] = useState('manifest.yaml');
  const [namespace, setNamespace] = useState('default');
  const [onlyCurrent, setOnlyCurrent] = useState(false);
  const [busy, setBusy] = useState(false);
  const [results, setResults] = useState<RunMessage[]>([]);
  const [diffs, setDiffs] = useState<DocDiff[] | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [notice, setNotice] = useState<Notice>(null);

  const context = useRef<EditorContext>({ schema: null, describe: () => '', apiSource: '', schemaSource: '' });
  context.current = {
    schema,
    describe: (d) => t(`editor.lint.${d.key}`, d.values),
    apiSource: t('editor.sourceApi'),
    schemaSource: t('editor.sourceSchema'),
  };
  useEffect(() => editor.current?.relint(), [schema]);

  // the schema's findings for the list below the editor (the editor shows the same inline)
  const deferred = useDeferredValue(text);
  const local = useMemo(() => lintManifests(deferred, schema).map((d) => ({ ...d, line: lineOf(deferred, d.from) })), [deferred, schema]);

  const run = async (what: ManifestAction | 'dryRun' | 'diff'): Promise<void> => {
    const sent = editor.current?.text() ?? text;
    const params: ManifestRun = { text: sent, ...(namespace ? { namespace } : {}) };
    if (onlyCurrent) {
      const cursor = editor.current?.cursor() ?? 0;
      const index = parseDocuments(sent).findIndex((d) => cursor >= d.range[0] && cursor <= d.range[2]);
      if (index >= 0) params.document = index;
    }
    setBusy(true);
    setFailure(null);
    setNotice(null);
    try {
      if (what === 'diff') {
        const { diffs: ds } = await client.call('manifests:diff', params);
        const mapped = mapResults(sent, ds);
        setDiffs(ds);
        setResults(mapped.messages);
        editor.current?.setServerDiagnostics(mapped.diagnostics);
      } else {
        const { outcomes } = await client.call(ACTION_CHANNELS[what === 'dryRun' ? 'apply' : what], { ...params, dryRun: what === 'dryRun' });
        const mapped = mapResults(sent, outcomes);
        setResults(mapped.messages);
        editor.current?.setServerDiagnostics(mapped.diagnostics);
      }
    } catch (e) {
      setResults([]);
      setFailure(describeError(e));
    } finally {
      setBusy(false);
    }
  };

  const insertTemplate = (id: TemplateId): void => {
    const current = editor.current?.text() ?? '';
    // a template joins what is there as one more document (`---`), as in a multi-object file
    editor.current?.setText(current.trim() === '' ? TEMPLATES[id] : `${current.replace(/\s*$/, '\n')}---\n${TEMPLATES[id]}`);
  };

  const loadLive = (resource: string, name: string): void => {
    setBusy(true);
    setFailure(null);
    client.call('manifests:get', { resource, name, ...(namespace ? { namespace } : {}) }).then(
      (r) => {
        editor.current?.setText(r.text);
        setResults([]);
        setDiffs(null);
        setNotice({ key: 'loaded', what: `${resource}/${name}` });
        setFileName(`${name}.yaml`);
        setBusy(false);
      },
      (e: unknown) => {
        setFailure(describeError(e));
        setBusy(false);
      },
    );
  };

  const action = (what: ManifestAction | 'dryRun' | 'diff', label: string, primary = false): ReactNode => (
    <button type="button" data-action={what} className={primary ? 'primary' : undefined} disabled={busy} onClick={() => void run(what)}>
      {label}
    </button>
  );

  return (
    <div className="editor-view">
      <div className="toolbar editor-toolbar">
        <label>
          {t('editor.template')}
          <select
            className="template-select"
            value=""
            onChange={(e) => {
              const id = TEMPLATE_IDS.find((x) => x === e.target.value);
              if (id) insertTemplate(id);
            }}
          >
            <option value="">{t('editor.templatePick')}</option>
            {TEMPLATE_IDS.map((id) => (
              <option key={id} value={id}>
                {t(`editor.templates.${id}`)}
              </option>
            ))}
          </select>
        </label>
        <FileButtons
          fileName={fileName}
          text={() => editor.current?.text() ?? text}
          onOpen={(name, content) => {
            editor.current?.setText(content);
            setFileName(name);
            setResults([]);
            setDiffs(null);
            setNotice({ key: 'opened', file: name });
          }}
        />
        <label>
          {t('editor.namespace')}
          <input className="namespace-input" value={namespace} onChange={(e) => setNamespace(e.target.value.trim())} spellCheck={false} />
        </label>
        <label>
          <input type="checkbox" checked={onlyCurrent} onChange={(e) => setOnlyCurrent(e.target.checked)} />
          {t('editor.onlyCurrent')}
        </label>
        <span className="muted schema-state">
          {schemaState.state === 'loading' && t('editor.schemaLoading')}
          {schemaState.state === 'ready' && t('editor.schemaReady', { count: schemaState.schema.kinds.length })}
          {schemaState.state === 'failed' && t('editor.schemaFailed', { error: schemaState.error })}
        </span>
      </div>
      <div className="toolbar editor-actions">
        {action('dryRun', t('editor.dryRun'))}
        {action('diff', t('editor.diff'))}
        {action('apply', t('editor.apply'), true)}
        {action('create', t('editor.create'))}
        {action('replace', t('editor.replace'))}
        {busy && <span className="muted">{t('editor.working')}</span>}
        <LoadLive schema={schema} busy={busy} onLoad={loadLive} />
      </div>
      <div className={diffs ? 'editor-main with-diff' : 'editor-main'}>
        <CodeEditor initial={TEMPLATES.pod} context={context} handle={editor} onChange={setText} />
        {diffs && <DiffPane diffs={diffs} onClose={() => setDiffs(null)} />}
      </div>
      <section className="editor-messages" aria-label={t('editor.messages')}>
        <h3>{t('editor.messages')}</h3>
        {notice && (
          <p className="notice" role="status">
            {notice.key === 'opened' ? t('editor.opened', { file: notice.file }) : t('editor.load.loaded', { what: notice.what })}
          </p>
        )}
        {failure && (
          <p className="error" data-raw>
            {failure}
          </p>
        )}
        <ul>
          {results.map((m, i) => (
            <li key={`r${i}`} className={`message ${m.severity}`} data-source="api" data-doc={m.doc} data-line={m.line}>
              <MessageWhere line={m.line} doc={m.doc} onGo={(l) => editor.current?.goToLine(l)} />
              <span className="source">{m.severity === 'ok' ? '✓' : t('editor.sourceApi')}</span>
              <span className="text" data-raw>
                {m.text}
              </span>
            </li>
          ))}
          {local.map((d, i) => (
            <li key={`l${i}`} className={`message ${d.severity}`} data-source="schema" data-line={d.line}>
              <MessageWhere line={d.line} onGo={(l) => editor.current?.goToLine(l)} />
              <span className="source">{t('editor.sourceSchema')}</span>
              <span className="text">{t(`editor.lint.${d.key}`, d.values)}</span>
            </li>
          ))}
        </ul>
        {results.length === 0 && local.length === 0 && !failure && <p className="muted">{t('editor.noMessages')}</p>}
      </section>
    </div>
  );
}

function MessageWhere({ line, doc, onGo }: { line?: number; doc?: number; onGo: (line: number) => void }): ReactNode {
  const { t } = useTranslation();
  if (line === undefined) return <span className="where">{doc !== undefined ? t('editor.document', { n: doc + 1 }) : ''}</span>;
  return (
    <button type="button" className="where link" onClick={() => onGo(line)}>
      {t('editor.line', { line })}
    </button>
  );
}
