// The store's configuration, validated once (STYLE rule 4: time is injected).
import { performance } from 'node:perf_hooks';
import { StoreError } from './types.js';

export interface StoreConfig {
  dataDir: string;
  /** milliseconds; drives lease expiry. Default: a monotonic clock */
  clock?: { now(): number };
  /** write a snapshot after this many WAL records (default 10,000) */
  snapshotEveryWrites?: number;
  /** idle interval for progress notifications to watchers that asked (default 600,000: etcd's 10 min) */
  progressNotifyMs?: number;
  /** fdatasync each WAL batch and fsync snapshots (default true); off only for throwaway stores */
  fsync?: boolean;
  /** how often expired leases are looked for, in real milliseconds (default 500, as etcd's lessor) */
  leaseCheckMs?: number;
  /** WAL segment size, preallocated (default 16 MiB) */
  walSegmentBytes?: number;
  /** errors of background work (lease expiry, snapshots, watch callbacks). Default: process.emitWarning */
  onBackgroundError?: (error: Error) => void;
}

export interface ResolvedConfig {
  dataDir: string;
  clock: { now(): number };
  snapshotEveryWrites: number;
  progressNotifyMs: number;
  fsync: boolean;
  leaseCheckMs: number;
  walSegmentBytes: number;
  onBackgroundError: (error: Error) => void;
}

function positiveInt(name: string, value: number | undefined, fallback: number, min = 1): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || value < min) {
    throw new StoreError('invalid-argument', `store config: ${name} must be an integer >= ${min}, got ${value}`);
  }
  return value;
}

export function resolveConfig(config: StoreConfig): ResolvedConfig {
  if (typeof config.dataDir !== 'string' || config.dataDir === '') {
    throw new StoreError('invalid-argument', 'store config: dataDir is required');
  }
  return {
    dataDir: config.dataDir,
    clock: config.clock ?? { now: () => performance.now() },
    snapshotEveryWrites: positiveInt('snapshotEveryWrites', config.snapshotEveryWrites, 10_000),
    progressNotifyMs: positiveInt('progressNotifyMs', config.progressNotifyMs, 600_000),
    fsync: config.fsync ?? true,
    leaseCheckMs: positiveInt('leaseCheckMs', config.leaseCheckMs, 500),
    walSegmentBytes: positiveInt('walSegmentBytes', config.walSegmentBytes, 16 * 1024 * 1024, 64 * 1024),
    onBackgroundError: config.onBackgroundError ?? ((error) => process.emitWarning(error)),
  };
}
