// Small pieces crictl's list views share (cri-tools cmd/crictl/util.go, display.go).
import { CrictlError } from '../errors.js';

/** truncatedIDLen: ids are shown with 13 characters unless --no-trunc */
export const TRUNCATED_ID_LEN = 13;

/** getTruncatedID: the prefix removed, then cut to 13 characters */
export function truncateId(id: string, prefix = ''): string {
  const s = id.startsWith(prefix) ? id.slice(prefix.length) : id;
  return s.length > TRUNCATED_ID_LEN ? s.slice(0, TRUNCATED_ID_LEN) : s;
}

/** matchesRegex: an empty pattern matches all; an invalid one matches nothing (Go RE2 ≈ JS RegExp here). */
export function matchesRegex(pattern: string, target: string): boolean {
  if (!pattern) return true;
  try {
    return new RegExp(pattern).test(target);
  } catch {
    return false;
  }
}

/** parseLabelStringSlice: key=value pairs (exactly one '=') */
export function parseLabels(pairs: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const s of pairs) {
    const parts = s.split('=');
    if (parts.length !== 2) throw new CrictlError(`incorrectly specified label: ${s}`);
    out[parts[0] ?? ''] = parts[1] ?? '';
  }
  return out;
}

/** getSortedKeys then "\t%s -> %s" per entry, under a heading; nothing for an empty map (a nil map in Go) */
export function keyValueBlock(title: string, m: Record<string, string> | undefined | null): string {
  const keys = Object.keys(m ?? {}).sort();
  if (!keys.length) return '';
  return `${title}:\n${keys.map((k) => `\t${k} -> ${m?.[k] ?? ''}\n`).join('')}`;
}

/** newest first (sandboxByCreated / containerByCreated), then --latest / --last N */
export function newestFirst<T extends { createdAt: number }>(items: readonly T[], latest: boolean, last: number): T[] {
  const sorted = [...items].sort((a, b) => b.createdAt - a.createdAt);
  let n = sorted.length;
  if (latest) n = 1;
  if (last > 0) n = last;
  return sorted.slice(0, Math.min(n, sorted.length));
}

/** a label of the kubelet's (k8s.io/kubelet/pkg/types), or "unknown" like crictl */
export function fromLabels(labels: Record<string, string> | undefined | null, key: string): string {
  return labels && key in labels ? (labels[key] ?? '') : 'unknown';
}

export const LABEL_POD_NAME = 'io.kubernetes.pod.name';
export const LABEL_POD_NAMESPACE = 'io.kubernetes.pod.namespace';

/** Go's strings.Title-ish cases.Title for the one word crictl uses it on ("RUNTIME" → "Runtime") */
export function title(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1).toLowerCase();
}
