// Turns buildRules' text plus what `iptables-save` shows now into one iptables-restore
// --noflush input, so a sync is a single atomic transaction (kube-proxy's RestoreAll with
// NoFlushTables): our chains are declared (which flushes them) and refilled, the hooks
// from the built-in chains are added when missing, and per-service chains that no
// longer exist are flushed and deleted. Pure: the spec checks it without iptables.
import { isServiceChain } from './chain-names.js';
import { FILTER_BASE_CHAINS, NAT_BASE_CHAINS } from './rules.js';

export type Table = 'filter' | 'nat';

export interface JumpRule {
  table: Table;
  from: string;
  to: string;
  comment: string;
  extra?: string;
}

/** kube-proxy's iptablesJumpChains, less the chains this lab does not use (health checks, LB firewall) */
export const JUMP_RULES: readonly JumpRule[] = [
  { table: 'filter', from: 'INPUT', to: 'KUBE-EXTERNAL-SERVICES', comment: 'kubernetes externally-visible service portals', extra: '-m conntrack --ctstate NEW' },
  { table: 'filter', from: 'FORWARD', to: 'KUBE-EXTERNAL-SERVICES', comment: 'kubernetes externally-visible service portals', extra: '-m conntrack --ctstate NEW' },
  { table: 'filter', from: 'FORWARD', to: 'KUBE-SERVICES', comment: 'kubernetes service portals', extra: '-m conntrack --ctstate NEW' },
  { table: 'filter', from: 'OUTPUT', to: 'KUBE-SERVICES', comment: 'kubernetes service portals', extra: '-m conntrack --ctstate NEW' },
  { table: 'filter', from: 'FORWARD', to: 'KUBE-FORWARD', comment: 'kubernetes forwarding rules' },
  { table: 'nat', from: 'OUTPUT', to: 'KUBE-SERVICES', comment: 'kubernetes service portals' },
  { table: 'nat', from: 'PREROUTING', to: 'KUBE-SERVICES', comment: 'kubernetes service portals' },
  { table: 'nat', from: 'POSTROUTING', to: 'KUBE-POSTROUTING', comment: 'kubernetes postrouting rules' },
];

const BASE: Record<Table, readonly string[]> = { filter: FILTER_BASE_CHAINS, nat: NAT_BASE_CHAINS };

/** the chains and rules of each table in `iptables-save` output */
export interface SavedTables {
  chains: Record<Table, Set<string>>;
  rules: Record<Table, string[]>;
}

export function parseSave(save: string): SavedTables {
  const out: SavedTables = { chains: { filter: new Set(), nat: new Set() }, rules: { filter: [], nat: [] } };
  let table: Table | undefined;
  for (const line of save.split('\n')) {
    if (line.startsWith('*')) {
      const name = line.slice(1).trim();
      table = name === 'filter' || name === 'nat' ? name : undefined;
    } else if (!table) continue;
    else if (line.startsWith(':')) out.chains[table].add(line.slice(1).split(' ')[0] ?? '');
    else if (line.startsWith('-A ')) out.rules[table].push(line);
  }
  return out;
}

/** is this saved rule (`-A FROM … -j TO`) our hook? iptables-save reorders matches, so compare loosely */
function isJump(rule: string, j: JumpRule): boolean {
  return rule.startsWith(`-A ${j.from} `) && rule.endsWith(` -j ${j.to}`) && rule.includes(`--comment "${j.comment}"`);
}

function jumpArgs(j: JumpRule): string {
  return `${j.extra ? `${j.extra} ` : ''}-m comment --comment "${j.comment}" -j ${j.to}`;
}

function declaredChains(section: string[]): Set<string> {
  return new Set(section.filter((l) => l.startsWith(':')).map((l) => l.slice(1).split(' ')[0] ?? ''));
}

/** split restore text into its table sections (lines between "*table" and COMMIT) */
function sections(text: string): Record<Table, string[]> {
  const out: Record<Table, string[]> = { filter: [], nat: [] };
  let table: Table | undefined;
  for (const line of text.split('\n')) {
    if (line.startsWith('*')) table = line.slice(1) as Table;
    else if (line === 'COMMIT') table = undefined;
    else if (table && line) out[table].push(line);
  }
  return out;
}

/** the restore input for one sync: our rules, missing hooks, stale service chains removed */
export function planSync(rules: string, current: SavedTables): string {
  const wanted = sections(rules);
  const out: string[] = [];
  for (const table of ['filter', 'nat'] as const) {
    const lines = wanted[table];
    const keep = declaredChains(lines);
    const chainLines = lines.filter((l) => l.startsWith(':'));
    const ruleLines = lines.filter((l) => !l.startsWith(':'));
    const stale = [...current.chains[table]].filter((c) => isServiceChain(c) && !keep.has(c)).sort();
    const hooks = JUMP_RULES.filter((j) => j.table === table && !current.rules[table].some((r) => isJump(r, j)));
    out.push(
      `*${table}`,
      ...chainLines,
      ...stale.map((c) => `:${c} - [0:0]`),
      ...ruleLines,
      // prepend, like kube-proxy's EnsureRule(Prepend): our hooks run before anything else
      ...hooks.map((j) => `-I ${j.from} 1 ${jumpArgs(j)}`),
      ...stale.map((c) => `-X ${c}`),
      'COMMIT',
    );
  }
  return out.join('\n') + '\n';
}

/** the restore input that removes every hook and chain this module makes */
export function planCleanup(current: SavedTables): string {
  const out: string[] = [];
  for (const table of ['filter', 'nat'] as const) {
    const ours = [...current.chains[table]].filter((c) => BASE[table].includes(c) || isServiceChain(c)).sort();
    const hooks = current.rules[table].filter((r) => JUMP_RULES.some((j) => j.table === table && isJump(r, j)));
    if (ours.length === 0 && hooks.length === 0) continue;
    out.push(`*${table}`, ...ours.map((c) => `:${c} - [0:0]`), ...hooks.map((r) => `-D${r.slice(2)}`), ...ours.map((c) => `-X ${c}`), 'COMMIT');
  }
  return out.length ? out.join('\n') + '\n' : '';
}
