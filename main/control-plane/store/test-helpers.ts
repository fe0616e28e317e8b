// Shared by this folder's specs: temp data dirs, a fake clock, short Buffer helpers.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore, type MvccStore } from './mvcc-store.js';
import type { StoreConfig } from './store-config.js';
import type { KeyValue, WatchEvent } from './types.js';

export const b = (s: string): Buffer => Buffer.from(s);
export const s = (buf: Buffer | undefined): string | undefined => buf?.toString();

export class FakeClock {
  constructor(public t = 1_000_000) {}
  now(): number {
    return this.t;
  }
  advance(ms: number): void {
    this.t += ms;
  }
}

export async function tempDir(prefix = 'k8s-lab-store-'): Promise<string> {
  return mkdtemp(join(tmpdir(), prefix));
}

export async function removeDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}

/** background errors of stores opened with open(); specs assert it stays empty */
export const backgroundErrors: Error[] = [];

/** opens a store in dir with small WAL segments, collecting background errors */
export function open(dir: string, extra: Partial<StoreConfig> = {}): Promise<MvccStore> {
  return openStore({ dataDir: dir, walSegmentBytes: 256 * 1024, onBackgroundError: (e) => backgroundErrors.push(e), ...extra });
}

export function keys(kvs: KeyValue[]): string[] {
  return kvs.map((kv) => kv.key.toString());
}

/** a compact text form of events: "PUT a=1@5", "DELETE a@7" */
export function describeEvents(events: WatchEvent[]): string[] {
  return events.map((e) =>
    e.type === 'PUT'
      ? `PUT ${e.kv.key.toString()}=${e.kv.value.toString()}@${e.kv.modRevision}`
      : `DELETE ${e.kv.key.toString()}@${e.kv.modRevision}`,
  );
}

export async function waitFor(cond: () => boolean, timeoutMs = 5000): Promise<void> {
  const start = Date.now();
  while (!cond()) {
    if (Date.now() - start > timeoutMs) throw new Error('waitFor: timed out');
    await new Promise((r) => setTimeout(r, 5));
  }
}

export async function waitUntil(cond: () => Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const start = Date.now();
  while (!(await cond())) {
    if (Date.now() - start > timeoutMs) throw new Error('waitUntil: timed out');
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** crash-writer's value for a key: derived from it, so the checker can verify contents */
export function crashValue(key: string): Buffer {
  return Buffer.from(`${key}|`.repeat(20));
}

/** corrupts one byte in place */
export function flipByte(buf: Buffer, index: number, mask = 0xff): void {
  buf[index] = (buf[index] ?? 0) ^ mask;
}
