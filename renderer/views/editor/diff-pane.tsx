// `kubectl diff` in the editor: per document, the live object beside the dry-run result of
// the edited one, both without managedFields and resourceVersion (main cleans them), shown
// side by side with @codemirror/merge; long unchanged stretches fold away.
import { EditorState } from '@codemirror/state';
import { MergeView } from '@codemirror/merge';
import { useEffect, useRef } from 'react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { refLabel } from '../../../main/common/bridge/manifests.js';
import type { DocDiff } from '../../../main/common/bridge/manifests.js';
import { readOnlyYaml } from './cm-extensions.js';
import { usePhrases } from './code-editor.js';
import { mergeTheme, shadowHost } from './shadow-host.js';

function MergePanes({ live, merged }: { live: string; merged: string }): ReactNode {
  const host = useRef<HTMLDivElement>(null);
  const phrases = usePhrases();
  useEffect(() => {
    if (!host.current) return;
    const ext = [...readOnlyYaml(), mergeTheme, EditorState.phrases.of(phrases)];
    const { root, parent } = shadowHost(host.current);
    const mv = new MergeView({ a: { doc: live, extensions: ext }, b: { doc: merged, extensions: ext }, parent, root, collapseUnchanged: { margin: 3, minSize: 6 }, gutter: true });
    return () => mv.destroy();
  }, [live, merged, phrases]);
  return <div className="merge" data-raw ref={host} />;
}

export function DiffPane({ diffs, onClose }: { diffs: DocDiff[]; onClose: () => void }): ReactNode {
  const { t } = useTranslation();
  return (
    <section className="diff-pane" aria-label={t('editor.diffTitle')}>
      <div className="diff-head">
        <h3>{t('editor.diffTitle')}</h3>
        <button type="button" onClick={onClose}>
          {t('editor.closeDiff')}
        </button>
      </div>
      {diffs.map((d) => (
        <article key={d.index} className="diff-doc" data-doc={d.index}>
          <h4>
            <span className="muted">{t('editor.document', { n: d.index + 1 })}</span> <span data-raw>{d.ref ? refLabel(d.ref) : ''}</span>
          </h4>
          {d.ok && (
            <>
              {d.live === null && <p className="notice">{t('editor.diffNew')}</p>}
              {d.live === d.merged && <p className="notice">{t('editor.diffSame')}</p>}
              <div className="diff-labels">
                <span>{t('editor.diffLive')}</span>
                <span>{t('editor.diffMerged')}</span>
              </div>
              <MergePanes live={d.live ?? ''} merged={d.merged} />
            </>
          )}
          {!d.ok && (
            <p className="error" data-raw>
              {d.status.message}
            </p>
          )}
        </article>
      ))}
    </section>
  );
}
