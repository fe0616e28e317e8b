// Label and field selectors as kubectl sends them (?labelSelector=app=nginx,tier!=db,
// env in (a,b),!canary) and as objects carry them (matchLabels / matchExpressions).
// Grammar and semantics follow apimachinery/pkg/labels/selector.go.

export type Operator = 'in' | 'notin' | 'exists' | '!' | '=' | '==' | '!=' | 'gt' | 'lt';

export interface Requirement {
  key: string;
  op: Operator;
  values: string[];
}

export class SelectorParseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SelectorParseError';
  }
}

/** Splits on commas that are not inside parentheses. */
function splitTop(s: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of s) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out.map((p) => p.trim()).filter((p) => p !== '');
}

const SET_RE = /^([^\s!=<>()]+)\s+(in|notin)\s*\(([^)]*)\)$/;
const CMP_RE = /^([^\s!=<>()]+)\s*(==|!=|=|>|<)\s*([^\s!=<>(),]*)$/;

export function parseLabelSelector(text: string): Requirement[] {
  const reqs: Requirement[] = [];
  for (const part of splitTop(text)) {
    let m = SET_RE.exec(part);
    if (m) {
      const values = (m[3] ?? '').split(',').map((v) => v.trim()).filter((v) => v !== '');
      reqs.push({ key: m[1] ?? '', op: m[2] === 'in' ? 'in' : 'notin', values });
      continue;
    }
    if (part.startsWith('!')) {
      const key = part.slice(1).trim();
      if (!key || /[\s=!]/.test(key)) throw new SelectorParseError(`unable to parse requirement: ${part}`);
      reqs.push({ key, op: '!', values: [] });
      continue;
    }
    m = CMP_RE.exec(part);
    if (m) {
      const sym = m[2];
      const op: Operator = sym === '>' ? 'gt' : sym === '<' ? 'lt' : sym === '!=' ? '!=' : '=';
      reqs.push({ key: m[1] ?? '', op, values: [m[3] ?? ''] });
      continue;
    }
    if (/^[A-Za-z0-9._/-]+$/.test(part)) {
      reqs.push({ key: part, op: 'exists', values: [] });
      continue;
    }
    throw new SelectorParseError(`unable to parse requirement: found '${part}', expected: identifier`);
  }
  return reqs;
}

export function matchesRequirements(reqs: readonly Requirement[], labels: Record<string, string> | undefined): boolean {
  const l = labels ?? {};
  for (const r of reqs) {
    const has = Object.prototype.hasOwnProperty.call(l, r.key);
    const v = l[r.key];
    switch (r.op) {
      case '=':
      case '==':
      case 'in':
        if (!has || !r.values.includes(v ?? '')) return false;
        break;
      case '!=':
      case 'notin':
        if (has && r.values.includes(v ?? '')) return false;
        break;
      case 'exists':
        if (!has) return false;
        break;
      case '!':
        if (has) return false;
        break;
      case 'gt':
      case 'lt': {
        if (!has) return false;
        const n = Number(v);
        const bound = Number(r.values[0]);
        if (!Number.isInteger(n) || !Number.isInteger(bound)) return false;
        if (r.op === 'gt' ? !(n > bound) : !(n < bound)) return false;
        break;
      }
    }
  }
  return true;
}

export interface LabelSelectorRequirement {
  key: string;
  operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
  values?: string[];
}

export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: LabelSelectorRequirement[];
}

/** metav1.LabelSelectorAsSelector: an empty selector matches everything, a null one nothing. */
export function selectorToRequirements(sel: LabelSelector | undefined | null): Requirement[] | null {
  if (!sel) return null;
  const reqs: Requirement[] = [];
  for (const [key, value] of Object.entries(sel.matchLabels ?? {})) reqs.push({ key, op: '=', values: [value] });
  for (const e of sel.matchExpressions ?? []) {
    const op: Operator = e.operator === 'In' ? 'in' : e.operator === 'NotIn' ? 'notin' : e.operator === 'Exists' ? 'exists' : '!';
    reqs.push({ key: e.key, op, values: e.values ?? [] });
  }
  return reqs;
}

export function selectorMatches(sel: LabelSelector | undefined | null, labels: Record<string, string> | undefined): boolean {
  const reqs = selectorToRequirements(sel);
  return reqs !== null && matchesRequirements(reqs, labels);
}

export interface FieldRequirement {
  field: string;
  op: '=' | '!=';
  value: string;
}

/** fields.ParseSelector: comma-separated `f=v`, `f==v`, `f!=v`; a backslash escapes the next character */
export function parseFieldSelector(text: string): FieldRequirement[] {
  const parts: string[] = [];
  let cur = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] ?? '';
    if (ch === '\\' && i + 1 < text.length) {
      cur += ch + (text[++i] ?? '');
    } else if (ch === ',') {
      parts.push(cur);
      cur = '';
    } else cur += ch;
  }
  parts.push(cur);
  const out: FieldRequirement[] = [];
  for (const part of parts.map((p) => p.trim()).filter((p) => p !== '')) {
    const m = /^([^=!]+)(==|!=|=)(.*)$/.exec(part);
    if (!m) throw new SelectorParseError(`invalid selector: '${text}'; can't understand '${part}'`);
    out.push({ field: (m[1] ?? '').trim(), op: m[2] === '!=' ? '!=' : '=', value: (m[3] ?? '').replace(/\\(.)/g, '$1') });
  }
  return out;
}
