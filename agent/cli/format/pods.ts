// `crictl pods` (cri-tools cmd/crictl/sandbox.go OutputPodSandboxes): newest first,
// POD ID / CREATED / STATE / NAME / NAMESPACE / ATTEMPT / RUNTIME, or -q ids, or -v
// blocks.
import type { PodSandbox, PodSandboxState } from '../../cri/types.js';
import { keyValueBlock, matchesRegex, newestFirst, title, truncateId } from './common.js';
import { renderTable } from './table.js';
import { goTimeString } from './time.js';
import { ago } from './units.js';

export interface PodListOptions {
  nameRegexp?: string;
  namespaceRegexp?: string;
  latest?: boolean;
  last?: number;
}

/** getSandboxesList: the name/namespace regexps, newest first, --latest/--last */
export function selectPods(items: readonly PodSandbox[], o: PodListOptions): PodSandbox[] {
  const filtered = items.filter(
    (p) => p.metadata !== null && matchesRegex(o.nameRegexp ?? '', p.metadata.name) && matchesRegex(o.namespaceRegexp ?? '', p.metadata.namespace),
  );
  return newestFirst(filtered, o.latest ?? false, o.last ?? 0);
}

export function podState(state: PodSandboxState): string {
  if (state === 'SANDBOX_READY') return 'Ready';
  if (state === 'SANDBOX_NOTREADY') return 'NotReady';
  return String(state);
}

export function runtimeHandler(p: { runtimeHandler: string }): string {
  return p.runtimeHandler || '(default)';
}

export interface PodTableOptions {
  quiet?: boolean;
  verbose?: boolean;
  noTrunc?: boolean;
}

export interface Clock {
  /** ms since the epoch */
  nowMs: number;
  /** the local zone's offset east of UTC (minutes) at a CRI timestamp */
  offsetMinutes: (ns: number) => number;
}

export const POD_COLUMNS = ['POD ID', 'CREATED', 'STATE', 'NAME', 'NAMESPACE', 'ATTEMPT', 'RUNTIME'];

export function formatPods(pods: readonly PodSandbox[], o: PodTableOptions, clock: Clock): string {
  if (o.quiet) return pods.map((p) => `${p.id}\n`).join('');
  if (o.verbose) return pods.map((p) => podBlock(p, clock)).join('');
  const rows = pods.map((p) => [
    o.noTrunc ? p.id : truncateId(p.id),
    ago(p.createdAt, clock.nowMs),
    podState(p.state),
    p.metadata?.name ?? '',
    p.metadata?.namespace ?? '',
    String(p.metadata?.attempt ?? 0),
    runtimeHandler(p),
  ]);
  return renderTable([POD_COLUMNS, ...rows]);
}

function podBlock(p: PodSandbox, clock: Clock): string {
  let out = `ID: ${p.id}\n`;
  const m = p.metadata;
  if (m) {
    if (m.name) out += `Name: ${m.name}\n`;
    if (m.uid) out += `UID: ${m.uid}\n`;
    if (m.namespace) out += `Namespace: ${m.namespace}\n`;
    if (m.attempt) out += `Attempt: ${m.attempt}\n`;
  }
  out += `Status: ${podState(p.state)}\n`;
  out += `Created: ${goTimeString(p.createdAt, clock.offsetMinutes(p.createdAt))}\n`;
  out += keyValueBlock('Labels', p.labels);
  out += keyValueBlock('Annotations', p.annotations);
  out += `${title('RUNTIME')}: ${runtimeHandler(p)}\n\n`;
  return out;
}
