import { describe, expect, it } from 'vitest';
import { PgidFilter, reportingPgid } from './remote-kill.js';

async function filter(chunks: string[]): Promise<{ out: string; pgid: number | undefined }> {
  const f = new PgidFilter();
  let out = '';
  f.on('data', (c: Buffer) => (out += c.toString()));
  const done = new Promise((r) => f.once('end', r));
  for (const c of chunks) f.write(Buffer.from(c));
  f.end();
  await done;
  return { out, pgid: await f.pgid };
}

describe('PgidFilter', () => {
  it('takes the process-group line out, across chunk boundaries', async () => {
    expect(await filter(['k8s-lab-pg', 'id 4242\nwarn', 'ing\n'])).toEqual({ out: 'warning\n', pgid: 4242 });
  });

  it('passes through what a login shell writes before the mark', async () => {
    expect(await filter(['rc says hi\nk8s-lab-pgid 7\n', 'k8s-lab-pgid 9\n'])).toEqual({ out: 'rc says hi\nk8s-lab-pgid 9\n', pgid: 7 });
  });

  it('settles without a pgid when stderr ends first', async () => {
    expect(await filter(['partial'])).toEqual({ out: 'partial', pgid: undefined });
  });

  it('puts the report first', () => {
    expect(reportingPgid('tail -F x')).toBe('echo "k8s-lab-pgid $$" >&2; tail -F x');
  });
});
