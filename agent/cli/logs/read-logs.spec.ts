import { appendFileSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseGoDuration } from '../flags.js';
import { parseSince, readLogs } from './read-logs.js';
import type { ReadLogsOptions } from './read-logs.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'crictl-logs-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const LOG = [
  '2024-05-01T12:00:00.1Z stdout F line1',
  '2024-05-01T12:00:01.2Z stderr F oops',
  '2024-05-01T12:00:02.3Z stdout P part-',
  '2024-05-01T12:00:02.4Z stdout F ial',
  'not a cri line',
  '2024-05-01T12:00:03.5Z stdout F line3',
  '',
].join('\n');

async function read(opts: Partial<ReadLogsOptions>, content = LOG): Promise<{ stdout: string; stderr: string }> {
  const path = join(dir, '0.log');
  writeFileSync(path, content);
  const out = { stdout: '', stderr: '' };
  await readLogs(path, { follow: false, timestamps: false, ...opts }, { write: (s, d) => Promise.resolve(void (out[s] += d.toString())) });
  return out;
}

describe('crictl logs: reading a CRI log file', () => {
  it('strips the CRI prefix, joins partial lines, and keeps stdout and stderr apart', async () => {
    expect(await read({})).toEqual({ stdout: 'line1\npart-ial\nline3\n', stderr: 'oops\n' });
  });

  it('applies --tail over both streams, --stream, --since, --limit-bytes and --timestamps', async () => {
    expect(await read({ tailLines: 2 })).toEqual({ stdout: 'part-ial\nline3\n', stderr: '' });
    expect(await read({ stream: 'stderr' })).toEqual({ stdout: '', stderr: 'oops\n' });
    expect(await read({ sinceMs: Date.parse('2024-05-01T12:00:02Z') })).toEqual({ stdout: 'part-ial\nline3\n', stderr: '' });
    expect(await read({ limitBytes: 8 })).toEqual({ stdout: 'line1\n', stderr: 'oo' });
    expect((await read({ timestamps: true })).stdout).toBe('2024-05-01T12:00:00.1Z line1\n2024-05-01T12:00:02.3Z part-ial\n2024-05-01T12:00:03.5Z line3\n');
  });

  it('follows appended lines and a rotated file until the container stops', async () => {
    const path = join(dir, '0.log');
    writeFileSync(path, '2024-05-01T12:00:00Z stdout F first\n');
    let running = true;
    let stdout = '';
    const done = readLogs(path, { follow: true, timestamps: false }, { write: (_s, d) => Promise.resolve(void (stdout += d.toString())) }, { isRunning: () => Promise.resolve(running), pollMs: 20 });
    await new Promise((r) => setTimeout(r, 100));
    appendFileSync(path, '2024-05-01T12:00:01Z stdout F second\n2024-05-01T12:00:02Z stdout F thi');
    await new Promise((r) => setTimeout(r, 100));
    appendFileSync(path, 'rd\n');
    renameSync(path, `${path}.20240501-120003`);
    writeFileSync(path, '2024-05-01T12:00:04Z stdout F after-rotation\n');
    await new Promise((r) => setTimeout(r, 200));
    expect(stdout).toBe('first\nsecond\nthird\nafter-rotation\n');
    running = false;
    await done;
    expect(stdout).toBe('first\nsecond\nthird\nafter-rotation\n');
  });

  it('reads --since as a duration, a time or Unix seconds', () => {
    const now = Date.parse('2024-05-01T12:00:00Z');
    expect(parseSince('', now, parseGoDuration)).toBeUndefined();
    expect(parseSince('42m', now, parseGoDuration)).toBe(now - 42 * 60_000);
    expect(parseSince('2024-05-01T11:00:00Z', now, parseGoDuration)).toBe(now - 3_600_000);
    expect(parseSince('1714561200', now, parseGoDuration)).toBe(now - 3_600_000);
    expect(() => parseSince('yesterday', now, parseGoDuration)).toThrow('failed to parse value as time or duration');
  });
});
