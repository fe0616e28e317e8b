// kill -9 at a random moment must lose no acknowledged write and never move the
// revision backwards. A real child process writes (8 concurrent writers, puts and
// txns, compactions, snapshots every 50 records, 64 KiB WAL segments so segments
// roll and get purged) and is SIGKILLed; the parent reopens the same data dir.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { b, backgroundErrors, crashValue, open, removeDir, tempDir } from './test-helpers.js';

let work: string;
let bundle: string;

beforeAll(async () => {
  work = await tempDir('k8s-lab-crash-');
  bundle = join(work, 'crash-writer.mjs');
  await build({
    entryPoints: [fileURLToPath(new URL('./crash-writer.ts', import.meta.url))],
    bundle: true,
    platform: 'node',
    format: 'esm',
    outfile: bundle,
    logLevel: 'silent',
  });
});

afterAll(async () => {
  await removeDir(work);
});

interface Run {
  acks: Map<string, number>;
  maxRevision: number;
  maxCompact: number;
  readyRevision: number;
}

/** runs the writer until it has acknowledged some writes, then SIGKILLs it after killAfterMs */
function runAndKill(dataDir: string, prefix: string, killAfterMs: number): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bundle, dataDir, prefix, '50'], { stdio: ['ignore', 'pipe', 'pipe'] });
    const run: Run = { acks: new Map(), maxRevision: 0, maxCompact: 0, readyRevision: -1 };
    let pending = '';
    let stderr = '';
    let timer: NodeJS.Timeout | undefined;
    const onLine = (line: string): void => {
      const [kind, a, c] = line.split(' ');
      if (kind === 'ready') {
        run.readyRevision = Number(a);
        timer = setTimeout(() => child.kill('SIGKILL'), killAfterMs);
      } else if (kind === 'ack' && a && c) {
        run.acks.set(a, Number(c));
        run.maxRevision = Math.max(run.maxRevision, Number(c));
      } else if (kind === 'compact') {
        run.maxCompact = Math.max(run.maxCompact, Number(a));
      }
    };
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      pending += chunk;
      const lines = pending.split('\n');
      pending = lines.pop() ?? ''; // a line cut by the kill is not an acknowledgement
      lines.forEach(onLine);
    });
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (timer) clearTimeout(timer);
      if (signal !== 'SIGKILL') reject(new Error(`writer exited early (code ${code}, signal ${signal}): ${stderr}`));
      else resolve(run);
    });
  });
}

describe('crash safety', () => {
  it('loses no acknowledged write across repeated kill -9, and the revision never goes back', async () => {
    const dataDir = join(work, 'data');
    const everAcked = new Map<string, number>();
    let floor = 0; // highest revision any client has seen
    let compactFloor = 0;
    for (let round = 0; round < 6; round++) {
      const run = await runAndKill(dataDir, `r${round}`, 100 + Math.floor(Math.random() * 400));
      expect(run.readyRevision).toBeGreaterThanOrEqual(floor);
      expect(run.acks.size).toBeGreaterThan(0);
      for (const [k, rev] of run.acks) everAcked.set(k, rev);
      floor = Math.max(floor, run.maxRevision);
      compactFloor = Math.max(compactFloor, run.maxCompact);

      const store = await open(dataDir, { snapshotEveryWrites: 50, walSegmentBytes: 64 * 1024 });
      try {
        const status = await store.status();
        expect(status.revision).toBeGreaterThanOrEqual(floor);
        expect(status.compactRevision).toBeGreaterThanOrEqual(compactFloor);
        floor = status.revision;
        const missing: string[] = [];
        for (const [k, rev] of everAcked) {
          const kv = (await store.range(b(k))).kvs[0];
          if (!kv || !kv.value.equals(crashValue(k)) || kv.modRevision !== rev) missing.push(`${k}@${rev}`);
        }
        expect(missing).toEqual([]);
      } finally {
        await store.close();
      }
    }
    expect(everAcked.size).toBeGreaterThan(100);
    expect(backgroundErrors.splice(0)).toEqual([]);
  }, 60_000);
});
