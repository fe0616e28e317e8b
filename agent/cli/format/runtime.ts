// `crictl version` (cmd/crictl/version.go: fmt.Println("Version: ", v) — hence two
// spaces) and `crictl stats` (cmd/crictl/container_stats.go: two samples, CPU % from
// the difference of usageCoreNanoSeconds over the difference of their timestamps).
import type { ContainerStats, VersionResponse } from '../../cri/types.js';
import { CrictlError } from '../errors.js';
import { truncateId } from './common.js';
import { renderTable } from './table.js';
import { humanSize } from './units.js';

export function formatVersion(v: VersionResponse): string {
  return `Version:  ${v.version}\nRuntimeName:  ${v.runtimeName}\nRuntimeVersion:  ${v.runtimeVersion}\nRuntimeApiVersion:  ${v.runtimeApiVersion}\n`;
}

export const STATS_COLUMNS = ['CONTAINER', 'NAME', 'CPU %', 'MEM', 'DISK', 'INODES'];

/** stats sorted by container id (containerStatsByID) */
export function sortStats(stats: readonly ContainerStats[]): ContainerStats[] {
  return [...stats].sort((a, b) => ((a.attributes?.id ?? '') < (b.attributes?.id ?? '') ? -1 : (a.attributes?.id ?? '') > (b.attributes?.id ?? '') ? 1 : 0));
}

/**
 * The table from a first and a second sample: containers without CPU and memory use
 * (not running) are left out unless all, and so are containers new in the second.
 * Throws when a running container's CPU timestamp did not move (crictl's
 * "cpu stat is not updated during sample").
 */
export function formatStats(before: readonly ContainerStats[], after: readonly ContainerStats[], all: boolean): string {
  const old = new Map(before.map((s) => [s.attributes?.id ?? '', s]));
  const rows: string[][] = [STATS_COLUMNS];
  for (const s of sortStats(after)) {
    const id = s.attributes?.id ?? '';
    const cpu = s.cpu?.usageCoreNanoSeconds?.value ?? 0;
    const mem = s.memory?.workingSetBytes?.value ?? 0;
    const disk = s.writableLayer?.usedBytes?.value ?? 0;
    const inodes = s.writableLayer?.inodesUsed?.value ?? 0;
    if (!all && cpu === 0 && mem === 0) continue;
    const prev = old.get(id);
    if (!prev) continue;
    let cpuPerc = 0;
    if (cpu !== 0) {
      const duration = (s.cpu?.timestamp ?? 0) - (prev.cpu?.timestamp ?? 0);
      if (duration === 0) throw new CrictlError('cpu stat is not updated during sample');
      cpuPerc = ((cpu - (prev.cpu?.usageCoreNanoSeconds?.value ?? 0)) / duration) * 100;
    }
    rows.push([truncateId(id), s.attributes?.metadata?.name ?? '', cpuPerc.toFixed(2), humanSize(mem), humanSize(disk), String(inodes)]);
  }
  return renderTable(rows);
}
