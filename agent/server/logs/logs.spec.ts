import { appendFileSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseCriLine, splitLines } from './cri-log.js';
import { LogFormatter, lastLines } from './log-format.js';
import { parseLogOptions } from './log-options.js';
import type { LogOptions } from './log-options.js';
import { openLog, streamLog } from './log-stream.js';

const FILE = [
  '2024-01-01T00:00:00.000000001Z stdout F one',
  '2024-01-01T00:00:01.5Z stderr F two',
  '2024-01-01T00:00:02Z stdout P thr',
  '2024-01-01T00:00:02.1Z stdout P e',
  '2024-01-01T00:00:02.2Z stdout F e',
  '2024-01-01T00:00:03Z stdout F ',
  '2024-01-01T00:00:04Z stdout F four',
].join('\n') + '\n';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function logFile(text: string): string {
  const d = mkdtempSync(join(tmpdir(), 'k8s-lab-log-'));
  dirs.push(d);
  const p = join(d, '0.log');
  writeFileSync(p, text);
  return p;
}

const defaults: LogOptions = { follow: false, previous: false, timestamps: false };

async function read(path: string, opts: Partial<LogOptions>): Promise<string> {
  let out = '';
  await streamLog(await openLog(path), path, { ...defaults, ...opts }, { write: (b) => Promise.resolve(void (out += b.toString())) });
  return out;
}

describe('CRI log records', () => {
  it('parses time, stream, tag and content (content may be empty or hold spaces)', () => {
    expect(parseCriLine(Buffer.from('2024-01-01T00:00:00.123456789Z stderr F a b  c'))).toMatchObject({
      time: '2024-01-01T00:00:00.123456789Z',
      timeMs: Date.UTC(2024, 0, 1, 0, 0, 0, 123),
      stream: 'stderr',
      partial: false,
    });
    expect(parseCriLine(Buffer.from('2024-01-01T00:00:00Z stdout F a b  c'))?.content.toString()).toBe('a b  c');
    expect(parseCriLine(Buffer.from('2024-01-01T00:00:00Z stdout F '))?.content.toString()).toBe('');
    expect(parseCriLine(Buffer.from('2024-01-01T00:00:00Z stdout P:x part'))?.partial).toBe(true);
    expect(parseCriLine(Buffer.from('garbage'))).toBeUndefined();
    expect(parseCriLine(Buffer.from('notatime stdout F x'))).toBeUndefined();
  });

  it('keeps an unfinished last line for later', () => {
    const { lines, rest } = splitLines(Buffer.from('a\nb\nc'));
    expect(lines.map(String)).toEqual(['a', 'b']);
    expect(rest.toString()).toBe('c');
  });
});

describe('kubelet log options', () => {
  it('reads the PodLogOptions query', () => {
    const now = Date.UTC(2024, 0, 1, 0, 1, 0);
    expect(parseLogOptions(new URLSearchParams('follow=true&tailLines=2&timestamps=true&sinceSeconds=30&limitBytes=10'), now)).toEqual({
      follow: true,
      previous: false,
      timestamps: true,
      tailLines: 2,
      sinceMs: now - 30_000,
      limitBytes: 10,
    });
    expect(parseLogOptions(new URLSearchParams('sinceTime=2024-01-01T00:00:02Z'), now).sinceMs).toBe(Date.UTC(2024, 0, 1, 0, 0, 2));
  });

  it('refuses what ValidatePodLogOptions refuses', () => {
    const now = Date.now();
    expect(() => parseLogOptions(new URLSearchParams('tailLines=-1'), now)).toThrow(/tailLines: Invalid value: -1: must be greater than or equal to 0/);
    expect(() => parseLogOptions(new URLSearchParams('limitBytes=0'), now)).toThrow(/limitBytes: Invalid value: 0/);
    expect(() => parseLogOptions(new URLSearchParams('sinceSeconds=5&sinceTime=2024-01-01T00:00:00Z'), now)).toThrow(/at most one of `sinceTime` or `sinceSeconds`/);
    expect(() => parseLogOptions(new URLSearchParams('follow=maybe'), now)).toThrow(/follow/);
  });
});

describe('log formatting', () => {
  const recs = FILE.trim().split('\n').map((l) => parseCriLine(Buffer.from(l))).filter((r) => r !== undefined);

  it('joins partial records and counts them as one line for tail', () => {
    expect(lastLines(recs, 3).map((r) => r.content.toString())).toEqual(['thr', 'e', 'e', '', 'four']);
    expect(lastLines(recs, 0)).toEqual([]);
  });

  it('prefixes each line (not each partial record) with its first record time', () => {
    const f = new LogFormatter({ timestamps: true });
    const out = recs.map((r) => f.format(r)?.toString() ?? '').join('');
    expect(out).toBe(
      '2024-01-01T00:00:00.000000001Z one\n2024-01-01T00:00:01.5Z two\n2024-01-01T00:00:02Z three\n2024-01-01T00:00:03Z \n2024-01-01T00:00:04Z four\n',
    );
  });
});

describe('streamLog', () => {
  it('serves the whole file, its tail, a time window and a byte limit', async () => {
    const p = logFile(FILE);
    expect(await read(p, {})).toBe('one\ntwo\nthree\n\nfour\n');
    expect(await read(p, { tailLines: 2 })).toBe('\nfour\n');
    expect(await read(p, { sinceMs: Date.UTC(2024, 0, 1, 0, 0, 2, 150) })).toBe('e\n\nfour\n');
    expect(await read(p, { limitBytes: 6 })).toBe('one\ntw');
  });

  it('follows appended lines and the rotation of the file until the container stops', async () => {
    const p = logFile('2024-01-01T00:00:00Z stdout F first\n');
    let running = true;
    const chunks: string[] = [];
    const ctl = new AbortController();
    const done = streamLog(await openLog(p), p, { ...defaults, follow: true }, { write: (b) => Promise.resolve(void chunks.push(b.toString())) }, {
      isRunning: () => Promise.resolve(running),
      pollMs: 20,
      signal: ctl.signal,
    });
    await waitFor(() => chunks.join('') === 'first\n');
    appendFileSync(p, '2024-01-01T00:00:01Z stdout F sec');
    await new Promise((r) => setTimeout(r, 60));
    expect(chunks.join('')).toBe('first\n'); // half a record is not a line yet
    appendFileSync(p, 'ond\n');
    await waitFor(() => chunks.join('').endsWith('second\n'));
    renameSync(p, `${p}.1`);
    writeFileSync(p, '2024-01-01T00:00:02Z stderr F third\n');
    await waitFor(() => chunks.join('').endsWith('third\n'));
    appendFileSync(p, '2024-01-01T00:00:03Z stderr F last words\n');
    running = false;
    await done;
    expect(chunks.join('')).toBe('first\nsecond\nthird\nlast words\n');
  });

  it('stops following when the client goes away', async () => {
    const p = logFile('2024-01-01T00:00:00Z stdout F x\n');
    const ctl = new AbortController();
    const done = streamLog(await openLog(p), p, { ...defaults, follow: true }, { write: () => Promise.resolve() }, {
      isRunning: () => Promise.resolve(true),
      pollMs: 20,
      signal: ctl.signal,
    });
    setTimeout(() => ctl.abort(), 50);
    await done;
  });
});

async function waitFor(cond: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !cond(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(cond()).toBe(true);
}
