// A line diff for the kubeconfig preview: kubeconfigs are small, so a plain LCS table
// is enough. Certificate and key data are shortened (a preview must not put a private
// key on screen), and long unchanged runs fold to a few lines of context.
import type { DiffLine } from '../../common/bridge/setup.js';

const CONTEXT = 2;

/** `client-key-data: LS0t…` → `client-key-data: LS0tLS1CRUdJ… (1680 characters)` */
export function shortenSecrets(line: string): string {
  return line.replace(/^(\s*(?:-\s+)?[\w-]*-data:\s*)(\S{24,})\s*$/, (_m, key: string, data: string) => `${key}${data.slice(0, 12)}… (${data.length} characters)`);
}

export function lineDiff(before: string, after: string): DiffLine[] {
  const a = before === '' ? [] : before.replace(/\n$/, '').split('\n');
  const b = after === '' ? [] : after.replace(/\n$/, '').split('\n');
  // lcs[i][j]: the longest common subsequence of a[i..] and b[j..]
  const lcs: number[][] = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
    }
  }
  const out: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      out.push({ op: ' ', text: a[i]! });
      i++;
      j++;
    } else if (i < a.length && (j >= b.length || lcs[i + 1]![j]! >= lcs[i]![j + 1]!)) {
      // removals first, as diff -u prints them
      out.push({ op: '-', text: a[i]! });
      i++;
    } else {
      out.push({ op: '+', text: b[j]! });
      j++;
    }
  }
  return fold(out).map((l) => ({ op: l.op, text: shortenSecrets(l.text) }));
}

/** unchanged runs keep CONTEXT lines around each change; the rest becomes one `…` line */
function fold(lines: DiffLine[]): DiffLine[] {
  const near = lines.map(() => false);
  lines.forEach((l, k) => {
    if (l.op === ' ') return;
    for (let d = -CONTEXT; d <= CONTEXT; d++) if (k + d >= 0 && k + d < lines.length) near[k + d] = true;
  });
  const out: DiffLine[] = [];
  lines.forEach((l, k) => {
    if (l.op !== ' ' || near[k]) out.push(l);
    else if (out[out.length - 1]?.text !== '…') out.push({ op: ' ', text: '…' });
  });
  return out;
}
