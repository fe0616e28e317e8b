// Turns what main answered for each document into the editor's messages and the diagnostics
// placed on the text that was sent (pure: the view dispatches them).
import { refLabel } from '../../../main/common/bridge/manifests.js';
import type { DocDiff, DocOutcome } from '../../../main/common/bridge/manifests.js';
import type { ServerDiagnostic } from './cm-extensions.js';
import { locate, statusProblems } from './field-path.js';

export interface RunMessage {
  severity: 'error' | 'ok';
  /** the document's index in the text */
  doc: number;
  /** 1-based line in the text that was sent */
  line?: number;
  /** kubectl's line or the API server's message: data, shown raw */
  text: string;
}

export function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

export function mapResults(sent: string, results: readonly (DocOutcome | DocDiff)[]): { messages: RunMessage[]; diagnostics: ServerDiagnostic[] } {
  const messages: RunMessage[] = [];
  const diagnostics: ServerDiagnostic[] = [];
  for (const r of results) {
    if (r.ok) {
      if ('summary' in r) messages.push({ severity: 'ok', doc: r.index, text: r.summary });
      continue;
    }
    for (const p of statusProblems(r.status)) {
      const at = locate(sent, r.index, p.path);
      const who = r.ref?.name !== undefined ? `${refLabel(r.ref)}: ` : '';
      if (!at) {
        messages.push({ severity: 'error', doc: r.index, text: `${who}${p.message}` });
        continue;
      }
      diagnostics.push({ from: at.from, to: Math.max(at.to, at.from + 1), message: p.message });
      messages.push({ severity: 'error', doc: r.index, line: lineOf(sent, at.from), text: `${who}${p.message}` });
    }
  }
  return { messages, diagnostics };
}
